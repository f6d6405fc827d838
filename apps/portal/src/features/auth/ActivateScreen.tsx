import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AuthCard, useSignedIn } from "./AuthCard";
import { confirmActivation, requestActivation } from "./auth-api";
import { MIN_PASSWORD, rules, useAuthForm } from "./form";

/** Activation of a card staff created: its number or e-mail, then the code sent to it and a password. */
export function ActivateScreen() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [sent, setSent] = useState(false);
  const form = useAuthForm(
    { identifier: "", code: "", password: "" },
    sent
      ? { identifier: [rules.required], code: [rules.required, rules.code], password: [rules.required, rules.password] }
      : { identifier: [rules.required] },
  );
  const submit = form.submit(async (v) => {
    if (!sent) {
      await requestActivation(v.identifier.trim());
      setSent(true);
      return;
    }
    signedIn(await confirmActivation({ identifier: v.identifier.trim(), code: v.code.trim(), password: v.password }));
  });
  return (
    <AuthCard title={t("auth.activate.title")} error={form.formError}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" role={sent ? "status" : undefined}>
            {sent ? t("auth.activate.sent") : t("auth.activate.intro")}
          </Text>
          <TextInput
            label={t("auth.activate.identifier")}
            autoComplete="username"
            required
            readOnly={sent}
            {...form.field("identifier")}
            onChange={(e) => form.set("identifier", e.currentTarget.value)}
          />
          {sent ? (
            <>
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
              <PasswordInput
                label={t("auth.newPassword")}
                description={t("auth.passwordHelp", { min: MIN_PASSWORD })}
                autoComplete="new-password"
                required
                {...form.field("password")}
                onChange={(e) => form.set("password", e.currentTarget.value)}
              />
            </>
          ) : null}
          <Button type="submit" loading={form.submitting}>
            {sent ? t("auth.activate.submit") : t("auth.activate.send")}
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm">
            {t("auth.reset.backToSignIn")}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
