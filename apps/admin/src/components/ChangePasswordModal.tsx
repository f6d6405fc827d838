import { Alert, Button, Group, Modal, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { notifySaved, showFormError } from "./feedback";

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { currentPassword: "", newPassword: "", repeat: "" },
    validate: {
      currentPassword: (v) => (v ? null : t("validation.required")),
      newPassword: (v) => (v.length >= 10 ? null : t("validation.passwordMin")),
      repeat: (v, values) => (v === values.newPassword ? null : t("validation.passwordsDiffer")),
    },
  });
  const change = useMutation({
    mutationFn: (v: Values) =>
      unwrap(api.POST("/api/v1/auth/password", { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })),
    onSuccess: () => {
      notifySaved(t, t("account.passwordChanged"));
      form.reset();
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("shell.changePassword")}>
      <form onSubmit={form.onSubmit((v) => change.mutate(v))} noValidate>
        <Stack>
          <Alert color="blue">{t("account.passwordChangeInfo")}</Alert>
          <PasswordInput
            label={t("account.currentPassword")}
            withAsterisk
            autoComplete="current-password"
            data-autofocus
            {...form.getInputProps("currentPassword")}
          />
          <PasswordInput
            label={t("account.newPassword")}
            description={form.errors.newPassword ? undefined : t("validation.passwordMin")}
            withAsterisk
            autoComplete="new-password"
            {...form.getInputProps("newPassword")}
          />
          <PasswordInput label={t("account.repeatPassword")} withAsterisk autoComplete="new-password" {...form.getInputProps("repeat")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
