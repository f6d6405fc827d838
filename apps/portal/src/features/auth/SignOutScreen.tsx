import { Loader, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useSignOut } from "../../api/session";

/** /sign-out (a link to sign out): ends the session on this device and forgets the member's data, then sign-in. */
export function SignOutScreen() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    // Offline or failing, the device forgets the member all the same (the session ends by its expiry).
    void signOut
      .end()
      .catch(() => undefined)
      .finally(() => {
        signOut.forget();
        navigate("/sign-in", { replace: true });
      });
  }, [signOut, navigate]);
  return (
    <Stack align="center" gap="sm" py="xl" role="status">
      <Loader size="md" aria-hidden />
      <Text>{t("auth.signOut.title")}</Text>
    </Stack>
  );
}
