import { Anchor, Button, Group, PasswordInput, Stack, Tabs, Text, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { AuthCard, useSignedIn } from "./AuthCard";
import { requestLoginCode, signInWithCode, signInWithPassword } from "./auth-api";
import { rules, useAuthForm } from "./form";

/** Sign-in: e-mail and password, or a 6-digit code sent by e-mail. */
export function SignInScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>("password");
  const [error, setError] = useState<string | null>(null);
  return (
    <AuthCard title={t("auth.signIn.title")} error={error}>
      <Tabs
        value={tab}
        onChange={(v) => {
          setTab(v);
          setError(null);
        }}
      >
        <Tabs.List grow mb="md">
          <Tabs.Tab value="password">{t("auth.signIn.passwordTab")}</Tabs.Tab>
          <Tabs.Tab value="code">{t("auth.signIn.codeTab")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="password">
          <PasswordForm onError={setError} />
        </Tabs.Panel>
        <Tabs.Panel value="code">
          <CodeForm onError={setError} />
        </Tabs.Panel>
      </Tabs>
      <Stack gap={4} mt="lg">
        <Text size="sm">
          {t("auth.signIn.noAccount")}{" "}
          <Anchor component={Link} to="/join">
            {t("auth.signIn.join")}
          </Anchor>
        </Text>
        <Anchor component={Link} to="/activate" size="sm">
          {t("auth.signIn.activate")}
        </Anchor>
      </Stack>
    </AuthCard>
  );
}

function PasswordForm({ onError }: { onError: (e: string | null) => void }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const form = useAuthForm({ email: "", password: "" }, { email: [rules.required, rules.email], password: [rules.required] });
  const submit = form.submit(async (v) => signedIn(await signInWithPassword({ email: v.email.trim(), password: v.password })));
  useSyncedMessage(form.formError, onError);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("auth.email")}
          type="email"
          autoComplete="email"
          required
          {...form.field("email")}
          onChange={(e) => form.set("email", e.currentTarget.value)}
        />
        <PasswordInput
          label={t("auth.password")}
          autoComplete="current-password"
          required
          {...form.field("password")}
          onChange={(e) => form.set("password", e.currentTarget.value)}
        />
        <Group justify="space-between" align="center">
          <Anchor component={Link} to="/reset" size="sm">
            {t("auth.signIn.forgot")}
          </Anchor>
          <Button type="submit" loading={form.submitting}>
            {t("auth.signIn.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CodeForm({ onError }: { onError: (e: string | null) => void }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [sent, setSent] = useState(false);
  const form = useAuthForm(
    { email: "", code: "" },
    sent ? { email: [rules.required, rules.email], code: [rules.required, rules.code] } : { email: [rules.required, rules.email] },
  );
  useSyncedMessage(form.formError, onError);
  const send = form.submit(async (v) => {
    await requestLoginCode(v.email.trim());
    setSent(true);
  });
  const verify = form.submit(async (v) => signedIn(await signInWithCode({ email: v.email.trim(), code: v.code.trim() })));
  return (
    <form onSubmit={sent ? verify : send} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("auth.email")}
          type="email"
          autoComplete="email"
          required
          readOnly={sent}
          {...form.field("email")}
          onChange={(e) => form.set("email", e.currentTarget.value)}
        />
        {sent ? (
          <>
            <Text size="sm" role="status">
              {t("auth.signIn.codeSent")}
            </Text>
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
          </>
        ) : null}
        <Group justify="space-between">
          {sent ? (
            <Anchor component="button" type="button" size="sm" onClick={() => setSent(false)}>
              {t("auth.signIn.otherEmail")}
            </Anchor>
          ) : (
            <span />
          )}
          <Button type="submit" loading={form.submitting}>
            {sent ? t("auth.signIn.submit") : t("auth.signIn.sendCode")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Hands the form's message to the card above it (one alert for both tabs). */
function useSyncedMessage(message: string | null, onError: (e: string | null) => void) {
  useEffect(() => onError(message), [message, onError]);
}
