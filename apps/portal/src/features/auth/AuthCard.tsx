import { Alert, Paper, Stack, Title } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { type MemberSession, useAcceptMemberSession } from "../../api/session";

/** The frame of the sign-in screens: a narrow card with the title, the form's message and the form. */
export function AuthCard({ title, error, children }: { title: string; error?: string | null; children: ReactNode }) {
  return (
    <Stack gap="md" maw={440} mx="auto" w="100%">
      <Title order={1} size="h2">
        {title}
      </Title>
      {error ? (
        <Alert color="red" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
          {error}
        </Alert>
      ) : null}
      <Paper withBorder radius="md" p="md">
        {children}
      </Paper>
    </Stack>
  );
}

/** After a sign-in: the session becomes the current one and the member goes where they were heading (`?next=`). */
export function useSignedIn() {
  const accept = useAcceptMemberSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (session: MemberSession) => {
    accept(session);
    const next = params.get("next");
    // Only paths inside the portal: never an address elsewhere.
    navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
  };
}
