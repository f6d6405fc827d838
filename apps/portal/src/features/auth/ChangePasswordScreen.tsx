import { Alert, Button, PasswordInput, Stack } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AuthCard } from "./AuthCard";
import { changePassword } from "./auth-api";
import { MIN_PASSWORD, rules, useAuthForm } from "./form";

/** The signed-in member changes (or, signing in by codes so far, sets) their password. */
export function ChangePasswordScreen() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const form = useAuthForm({ currentPassword: "", newPassword: "" }, { newPassword: [rules.required, rules.password] });
  const submit = form.submit(async (v) => {
    setDone(false);
    await changePassword({ ...(v.currentPassword ? { currentPassword: v.currentPassword } : {}), newPassword: v.newPassword });
    form.set("currentPassword", "");
    form.set("newPassword", "");
    setDone(true);
  });
  return (
    <AuthCard title={t("auth.changePassword.title")} error={form.formError}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {done ? (
            <Alert icon={<IconCheck size={18} aria-hidden />} role="status">
              {t("auth.changePassword.done")}
            </Alert>
          ) : null}
          <PasswordInput
            label={t("auth.currentPassword")}
            description={t("auth.currentPasswordHelp")}
            autoComplete="current-password"
            {...form.field("currentPassword")}
            onChange={(e) => form.set("currentPassword", e.currentTarget.value)}
          />
          <PasswordInput
            label={t("auth.newPassword")}
            description={t("auth.passwordHelp", { min: MIN_PASSWORD })}
            autoComplete="new-password"
            required
            {...form.field("newPassword")}
            onChange={(e) => form.set("newPassword", e.currentTarget.value)}
          />
          <Button type="submit" loading={form.submitting}>
            {t("auth.changePassword.submit")}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
