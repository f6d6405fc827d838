import { Button, Loader, Stack, Text, TextInput } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { AuthCard, useSignedIn } from "./AuthCard";
import { verifySignup } from "./auth-api";
import { rules, useAuthForm } from "./form";

/** E-mail verification: the e-mail's link (?token=) verifies at once; otherwise the e-mail and the 6-digit code. */
export function VerifyScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token");
  const signedIn = useSignedIn();
  const [linkFailed, setLinkFailed] = useState(false);
  const started = useRef(false);
  const form = useAuthForm(
    { email: params.get("email") ?? "", code: "" },
    { email: [rules.required, rules.email], code: [rules.required, rules.code] },
  );

  useEffect(() => {
    // Once: the link's token is spent by its first use (StrictMode runs effects twice).
    if (!token || started.current) return;
    started.current = true;
    verifySignup({ token }).then(signedIn, () => setLinkFailed(true));
  }, [token, signedIn]);

  if (token && !linkFailed) {
    return (
      <AuthCard title={t("auth.verify.title")}>
        <Stack align="center" gap="sm" role="status">
          <Loader size="md" aria-hidden />
          <Text>{t("auth.verify.checking")}</Text>
        </Stack>
      </AuthCard>
    );
  }

  const submit = form.submit(async (v) => signedIn(await verifySignup({ email: v.email.trim(), code: v.code.trim() })));
  const email = params.get("email");
  return (
    <AuthCard title={t("auth.verify.title")} error={linkFailed && !form.formError ? t("auth.verify.linkFailed") : form.formError}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{email ? t("auth.verify.sent", { email }) : t("auth.verify.sentNoEmail")}</Text>
          <TextInput
            label={t("auth.email")}
            type="email"
            autoComplete="email"
            required
            {...form.field("email")}
            onChange={(e) => form.set("email", e.currentTarget.value)}
          />
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
          <Button type="submit" loading={form.submitting}>
            {t("auth.verify.submit")}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
