import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { AuthCard, useSignedIn } from "./AuthCard";
import { confirmPasswordReset, requestPasswordReset } from "./auth-api";
import { MIN_PASSWORD, rules, useAuthForm } from "./form";

/** Password reset: ask for the e-mail (link + code), then the code and a new password; the link (?token=) needs only the password. */
export function ResetScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token");
  const signedIn = useSignedIn();
  const [sent, setSent] = useState(false);
  const step = token ? "link" : sent ? "code" : "email";
  const form = useAuthForm(
    { email: "", code: "", password: "" },
    step === "link"
      ? { password: [rules.required, rules.password] }
      : step === "code"
        ? { email: [rules.required, rules.email], code: [rules.required, rules.code], password: [rules.required, rules.password] }
        : { email: [rules.required, rules.email] },
  );
  const submit = form.submit(async (v) => {
    if (step === "email") {
      await requestPasswordReset(v.email.trim());
      setSent(true);
      return;
    }
    const body = token ? { token, password: v.password } : { email: v.email.trim(), code: v.code.trim(), password: v.password };
    signedIn(await confirmPasswordReset(body));
  });
  return (
    <AuthCard title={t("auth.reset.title")} error={form.formError}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {step === "email" ? <Text size="sm">{t("auth.reset.intro")}</Text> : null}
          {step === "code" ? (
            <Text size="sm" role="status">
              {t("auth.reset.sent")}
            </Text>
          ) : null}
          {step !== "link" ? (
            <TextInput
              label={t("auth.email")}
              type="email"
              autoComplete="email"
              required
              readOnly={step === "code"}
              {...form.field("email")}
              onChange={(e) => form.set("email", e.currentTarget.value)}
            />
          ) : null}
          {step === "code" ? (
            <TextInput
              label={t("auth.code")}
              description={t("auth.codeHelp")}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              {...form.field("code")}
              onChange={(e) => form.set("code", e.currentTarget.value.replace(/\D/g, ""))}
            />
          ) : null}
          {step !== "email" ? (
            <PasswordInput
              label={t("auth.newPassword")}
              description={t("auth.passwordHelp", { min: MIN_PASSWORD })}
              autoComplete="new-password"
              required
              {...form.field("password")}
              onChange={(e) => form.set("password", e.currentTarget.value)}
            />
          ) : null}
          <Button type="submit" loading={form.submitting}>
            {step === "email" ? t("auth.reset.send") : t("auth.reset.submit")}
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm">
            {t("auth.reset.backToSignIn")}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
