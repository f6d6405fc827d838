import { Alert, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError, api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useAcceptSession } from "../../api/session";
import { showFormError } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../format";
import { applyLanguage, currentLanguage } from "../../i18n";
import { AuthLayout } from "./AuthLayout";

interface Values {
  name: string;
  password: string;
  repeat: string;
}

/** The page an invitation e-mail's link opens (public): set name and password, or sign in with an existing account. */
export function AcceptInvitationScreen({ token }: { token: string }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: queryKeys.invitations.detail(token),
    queryFn: () => unwrap(api.GET("/api/v1/invitations/{token}", { params: { path: { token } } })),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
  if (preview.isError && preview.error instanceof ApiError && preview.error.status === 404) return <InvalidInvitation />;
  return (
    <QueryView query={preview}>
      {(inv) => (
        <AuthLayout title={t("invite.title", { company: inv.companyName })} subtitle={t("invite.subtitle", { email: inv.email })}>
          <AcceptForm token={token} existingAccount={inv.existingAccount} language={currentLanguage()}>
            <Text size="sm" c="gray.7">
              {inv.existingAccount ? t("invite.existingAccount") : t("invite.newAccount")}{" "}
              {t("invite.validUntil", { date: formatDateTime(inv.expiresAt) })}
            </Text>
          </AcceptForm>
        </AuthLayout>
      )}
    </QueryView>
  );
}

function AcceptForm({
  token,
  existingAccount,
  language,
  children,
}: {
  token: string;
  existingAccount: boolean;
  language: "pl" | "en";
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const accept = useAcceptSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: "", password: "", repeat: "" },
    validate: {
      name: (v) => (existingAccount || v.trim() ? null : t("validation.required")),
      password: (v) => {
        if (existingAccount) return v ? null : t("validation.required");
        return v.length >= 10 && v.length <= 256 ? null : t("validation.passwordRule");
      },
      repeat: (v, values) => (existingAccount || v === values.password ? null : t("validation.passwordsDiffer")),
    },
  });
  const submit = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/v1/invitations/{token}/accept", {
          params: { path: { token } },
          body: existingAccount ? { password: v.password } : { name: v.name.trim(), password: v.password, language },
        }),
      ),
    onSuccess: (session) => {
      void applyLanguage(session.staff.language);
      queryClient.removeQueries({ queryKey: queryKeys.invitations.all });
      accept(session);
      void queryClient.invalidateQueries({ queryKey: queryKeys.setup.all });
      navigate("/", { replace: true });
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <form onSubmit={form.onSubmit((v) => submit.mutate(v))} noValidate>
      <Stack>
        {children}
        {!existingAccount && (
          <TextInput label={t("invite.name")} autoComplete="name" withAsterisk autoFocus {...form.getInputProps("name")} />
        )}
        <PasswordInput
          label={existingAccount ? t("invite.currentPassword") : t("invite.password")}
          description={existingAccount || form.errors.password ? undefined : t("validation.passwordRule")}
          autoComplete={existingAccount ? "current-password" : "new-password"}
          withAsterisk
          autoFocus={existingAccount}
          {...form.getInputProps("password")}
        />
        {!existingAccount && (
          <PasswordInput label={t("invite.repeat")} autoComplete="new-password" withAsterisk {...form.getInputProps("repeat")} />
        )}
        <Button type="submit" loading={submit.isPending} fullWidth mt="sm">
          {existingAccount ? t("invite.submitExisting") : t("invite.submitNew")}
        </Button>
      </Stack>
    </form>
  );
}

function InvalidInvitation() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <AuthLayout title={t("invite.invalidTitle")}>
      <Stack>
        <Alert color="orange" icon={<IconAlertCircle />} role="alert">
          {t("invite.invalid")}
        </Alert>
        <Button variant="default" onClick={() => navigate("/", { replace: true })}>
          {t("invite.toLogin")}
        </Button>
      </Stack>
    </AuthLayout>
  );
}
