import { Button } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { sessionKey, useAcceptSession } from "../../api/session";
import { ChangePasswordForm } from "../../components/ChangePasswordForm";
import { notifyError, notifySaved } from "../../components/feedback";
import { AuthLayout } from "./AuthLayout";

/**
 * Right after signing in with a password someone else set (the CLI): the server refuses every
 * other call (403 password_change_required) until the password is changed, so nothing else shows.
 */
export function ForcedPasswordChangeScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const accept = useAcceptSession();
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSuccess: () => accept(null),
    onError: (err) => notifyError(t, err),
  });
  return (
    <AuthLayout title={t("forcedPassword.title")} subtitle={t("forcedPassword.subtitle")}>
      <ChangePasswordForm
        submitLabel={t("forcedPassword.submit")}
        secondary={
          <Button variant="default" onClick={() => logout.mutate()} loading={logout.isPending}>
            {t("forcedPassword.signOut")}
          </Button>
        }
        onChanged={() => {
          notifySaved(t, t("account.passwordChanged"));
          void queryClient.invalidateQueries({ queryKey: sessionKey });
        }}
      />
    </AuthLayout>
  );
}
