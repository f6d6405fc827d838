import { Loader, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useAcceptMemberSession } from "../../api/session";
import { signOut } from "./auth-api";

/** Signs out on this device (a sign-out that fails because the session is gone is a sign-out too). */
export function SignOutScreen() {
  const { t } = useTranslation();
  const accept = useAcceptMemberSession();
  const navigate = useNavigate();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const done = () => {
      accept(null);
      navigate("/sign-in", { replace: true });
    };
    signOut().then(done, done);
  }, [accept, navigate]);
  return (
    <Stack align="center" gap="sm" py="xl" role="status">
      <Loader size="md" aria-hidden />
      <Text>{t("auth.signOut.title")}</Text>
    </Stack>
  );
}
