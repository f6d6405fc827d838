import { Alert, Button, Group, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { showFormError } from "./feedback";

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** Current, new and repeated password; the rule is shown up front and the server's refusals in place. */
export function ChangePasswordForm({
  onChanged,
  info,
  submitLabel,
  secondary,
}: {
  onChanged: () => void;
  info?: string;
  submitLabel: string;
  /** Beside the submit button (cancel, sign out). */
  secondary?: ReactNode;
}) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { currentPassword: "", newPassword: "", repeat: "" },
    validate: {
      currentPassword: (v) => (v ? null : t("validation.required")),
      newPassword: (v) => (v.length >= 10 && v.length <= 256 ? null : t("validation.passwordRule")),
      repeat: (v, values) => (v === values.newPassword ? null : t("validation.passwordsDiffer")),
    },
  });
  const change = useMutation({
    mutationFn: (v: Values) =>
      unwrap(api.POST("/api/v1/auth/password", { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })),
    onSuccess: () => {
      form.reset();
      onChanged();
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <form onSubmit={form.onSubmit((v) => change.mutate(v))} noValidate>
      <Stack>
        {info && <Alert color="blue">{info}</Alert>}
        <PasswordInput
          label={t("account.currentPassword")}
          withAsterisk
          autoComplete="current-password"
          data-autofocus
          {...form.getInputProps("currentPassword")}
        />
        <PasswordInput
          label={t("account.newPassword")}
          description={form.errors.newPassword ? undefined : t("validation.passwordRule")}
          withAsterisk
          autoComplete="new-password"
          {...form.getInputProps("newPassword")}
        />
        <PasswordInput label={t("account.repeatPassword")} withAsterisk autoComplete="new-password" {...form.getInputProps("repeat")} />
        <Group justify="flex-end">
          {secondary}
          <Button type="submit" loading={change.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
