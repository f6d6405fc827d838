import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, unwrap } from "../../api/client";
import { useAcceptSession } from "../../api/session";
import { EMAIL_RE, errorMessage } from "../../components/feedback";
import { AuthLayout } from "./AuthLayout";

interface Values {
  email: string;
  password: string;
}

export function LoginScreen() {
  const { t } = useTranslation();
  const accept = useAcceptSession();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (EMAIL_RE.test(v.trim()) ? null : t("validation.email")),
      password: (v) => (v ? null : t("validation.required")),
    },
  });
  const login = useMutation({
    mutationFn: (v: Values) => unwrap(api.POST("/api/v1/auth/login", { body: { email: v.email.trim(), password: v.password } })),
    onSuccess: (session) => accept(session),
    onError: (err) => {
      if (err instanceof ApiError && err.status === 401) setFailure(t("login.wrongCredentials"));
      else if (err instanceof ApiError && err.status === 429) setFailure(t("login.tooManyAttempts"));
      else setFailure(errorMessage(t, err));
    },
  });

  return (
    <AuthLayout title={t("login.title")} subtitle={t("login.subtitle")}>
      <form
        onSubmit={form.onSubmit((v) => {
          setFailure(null);
          login.mutate(v);
        })}
        noValidate
      >
        <Stack>
          {failure && (
            <Alert color="red" icon={<IconAlertCircle />} role="alert">
              {failure}
            </Alert>
          )}
          <TextInput
            label={t("login.email")}
            type="email"
            autoComplete="username"
            withAsterisk
            autoFocus
            {...form.getInputProps("email")}
          />
          <PasswordInput label={t("login.password")} autoComplete="current-password" withAsterisk {...form.getInputProps("password")} />
          <Button type="submit" loading={login.isPending} fullWidth mt="sm">
            {t("login.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
