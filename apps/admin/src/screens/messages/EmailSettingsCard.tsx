import { Group, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMail } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { EmailSettings, MessagingSettings } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { EMAIL_RE, notifyError, notifySaved, showFormError } from "../../components/feedback";
import { SendTestModal } from "../../components/MessageContent";
import { CardActions, SecretField, SectionCard } from "./OutboxParts";

interface EmailValues {
  enabled: boolean;
  host: string;
  port: number | string;
  security: EmailSettings["security"];
  username: string;
  password: string;
  fromName: string;
  fromEmail: string;
  replyTo: string;
}

function emailValues(e: EmailSettings): EmailValues {
  return {
    enabled: e.enabled,
    host: e.host ?? "",
    port: e.port ?? 587,
    security: e.security,
    username: e.username ?? "",
    password: "",
    fromName: e.fromName ?? "",
    fromEmail: e.fromEmail ?? "",
    replyTo: e.replyTo ?? "",
  };
}

const DEFAULT_PORTS: Record<EmailSettings["security"], number> = { tls: 465, starttls: 587, none: 25 };

function emailBody(v: Omit<EmailValues, "password">) {
  return {
    enabled: v.enabled,
    host: v.host.trim(),
    port: Number(v.port),
    security: v.security,
    username: v.username.trim(),
    fromName: v.fromName.trim(),
    fromEmail: v.fromEmail.trim() || null,
    replyTo: v.replyTo.trim() || null,
  };
}

/** The company's SMTP server: where e-mails leave from, and a test send. */
export function EmailSettingsCard({ settings }: { settings: MessagingSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const canSend = useCan("messages.send");
  const [replacing, setReplacing] = useState(false);
  const [testing, setTesting] = useState(false);
  const saved = settings.email;
  const form = useForm<EmailValues>({
    initialValues: emailValues(saved),
    validate: {
      host: (v, values) => (values.enabled && !v.trim() ? t("validation.required") : null),
      port: (v) => (Number(v) >= 1 && Number(v) <= 65535 ? null : t("messaging.outbox.portInvalid")),
      fromEmail: (v, values) =>
        !v.trim() ? (values.enabled ? t("validation.required") : null) : EMAIL_RE.test(v.trim()) ? null : t("validation.email"),
      replyTo: (v) => (v.trim() && !EMAIL_RE.test(v.trim()) ? t("validation.email") : null),
    },
  });
  const apply = (data: MessagingSettings) => {
    queryClient.setQueryData(queryKeys.outbox.all, data);
    const values = emailValues(data.email);
    form.setValues(values);
    form.resetDirty(values);
    setReplacing(false);
  };
  const save = useMutation({
    mutationFn: (v: EmailValues) =>
      unwrap(
        api.PUT("/api/v1/messaging/settings/email", {
          body: { ...emailBody(v), ...(v.password ? { password: v.password } : {}) },
        }),
      ),
    onSuccess: (data) => {
      apply(data);
      notifySaved(t, t("messaging.outbox.emailSaved"));
    },
    onError: (err) => showFormError(t, form, err),
  });
  const clear = useMutation({
    mutationFn: () => unwrap(api.PUT("/api/v1/messaging/settings/email", { body: { ...emailBody(emailValues(saved)), password: null } })),
    onSuccess: (data) => {
      apply(data);
      notifySaved(t, t("messaging.outbox.passwordCleared"));
    },
    onError: (err) => notifyError(t, err),
  });
  const v = form.getValues();
  return (
    <SectionCard
      icon={<IconMail size={22} />}
      title={t("messaging.outbox.emailTitle")}
      description={t("messaging.outbox.emailDescription")}
      ready={settings.ready.email}
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            <Switch
              label={t("messaging.outbox.emailEnabled")}
              description={t("messaging.outbox.emailEnabledHelp")}
              {...form.getInputProps("enabled", { type: "checkbox" })}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t("messaging.outbox.host")}
                placeholder="smtp.example.com"
                withAsterisk={v.enabled}
                {...form.getInputProps("host")}
              />
              <Group grow align="flex-start" gap="sm">
                <Select
                  label={t("messaging.outbox.security")}
                  allowDeselect={false}
                  data={(["tls", "starttls", "none"] as const).map((s) => ({ value: s, label: t(`messaging.outbox.securities.${s}`) }))}
                  {...form.getInputProps("security")}
                  onChange={(value) => {
                    const security = (value ?? "starttls") as EmailSettings["security"];
                    // Follow the usual port of the security mode unless a custom one was typed.
                    if (Object.values(DEFAULT_PORTS).includes(Number(form.getValues().port)))
                      form.setFieldValue("port", DEFAULT_PORTS[security]);
                    form.setFieldValue("security", security);
                  }}
                />
                <NumberInput label={t("messaging.outbox.port")} min={1} max={65535} allowDecimal={false} {...form.getInputProps("port")} />
              </Group>
              <TextInput label={t("messaging.outbox.username")} autoComplete="off" {...form.getInputProps("username")} />
              <SecretField
                label={t("messaging.outbox.password")}
                isSet={saved.passwordSet}
                value={v.password}
                onChange={(p) => form.setFieldValue("password", p)}
                replacing={replacing}
                onReplacing={setReplacing}
                clearing={clear.isPending}
                error={form.errors.password}
                disabled={!canWrite}
                onClear={() =>
                  confirmAction(t, {
                    title: t("messaging.outbox.clearPasswordTitle"),
                    message: t("messaging.outbox.clearPasswordMessage"),
                    confirmLabel: t("messaging.outbox.clearSecret"),
                    onConfirm: () => clear.mutate(),
                  })
                }
              />
              <TextInput label={t("messaging.outbox.fromName")} {...form.getInputProps("fromName")} />
              <TextInput
                label={t("messaging.outbox.fromEmail")}
                type="email"
                withAsterisk={v.enabled}
                placeholder="klub@example.com"
                {...form.getInputProps("fromEmail")}
              />
              <TextInput
                label={t("messaging.outbox.replyTo")}
                description={t("messaging.outbox.replyToHelp")}
                type="email"
                {...form.getInputProps("replyTo")}
              />
            </SimpleGrid>
            <CardActions
              canSend={canSend}
              canWrite={canWrite}
              dirty={form.isDirty()}
              testLabel={t("messaging.outbox.sendTest")}
              testDisabled={!saved.host}
              onTest={() => setTesting(true)}
              saving={save.isPending}
            />
          </Stack>
        </fieldset>
      </form>
      <SendTestModal
        opened={testing}
        onClose={() => setTesting(false)}
        channel="email"
        title={t("messaging.outbox.sendTest")}
        send={(to) => unwrap(api.POST("/api/v1/messaging/settings/email/test", { body: { to } }))}
      />
    </SectionCard>
  );
}
