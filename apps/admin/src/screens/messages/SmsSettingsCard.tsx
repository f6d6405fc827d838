import { Alert, Group, Input, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconMessage } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { MessagingSettings, SmsSettings } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { TimeField } from "../../components/DateFields";
import { notifyError, notifySaved, showFormError, TIME_RE } from "../../components/feedback";
import { SendTestModal } from "../../components/MessageContent";
import { CardActions, SecretField, SectionCard } from "./OutboxParts";

type Provider = SmsSettings["provider"];
const PROVIDERS: Provider[] = ["none", "log", "smsapi", "http"];

interface SmsValues {
  provider: Provider;
  senderName: string;
  token: string;
  smsapiBaseUrl: string;
  httpUrl: string;
  httpAuthHeader: string;
  httpBodyTemplate: string;
  quietHoursStart: string;
  quietHoursEnd: string;
  normalizePolish: boolean;
}

const DEFAULT_HTTP_BODY = '{"to": "{to}", "message": "{message}", "from": "{sender}"}';
const URL_RE = /^https?:\/\/\S+$/;

function smsValues(s: SmsSettings): SmsValues {
  return {
    provider: s.provider,
    senderName: s.senderName ?? "",
    token: "",
    smsapiBaseUrl: s.smsapiBaseUrl ?? "",
    httpUrl: s.httpUrl ?? "",
    httpAuthHeader: s.httpAuthHeader ?? "",
    httpBodyTemplate: s.httpBodyTemplate || DEFAULT_HTTP_BODY,
    quietHoursStart: s.quietHoursStart ?? "",
    quietHoursEnd: s.quietHoursEnd ?? "",
    normalizePolish: s.normalizePolish,
  };
}

function smsBody(v: Omit<SmsValues, "token">) {
  return {
    provider: v.provider,
    senderName: v.senderName.trim(),
    smsapiBaseUrl: v.smsapiBaseUrl.trim() || undefined,
    httpUrl: v.httpUrl.trim() || null,
    httpAuthHeader: v.httpAuthHeader.trim() || null,
    httpBodyTemplate: v.httpBodyTemplate.trim() || null,
    quietHoursStart: v.quietHoursStart || null,
    quietHoursEnd: v.quietHoursEnd || null,
    normalizePolish: v.normalizePolish,
  };
}

/** The SMS provider (log only, SMSAPI, any HTTP API), its quiet hours, and a test send. */
export function SmsSettingsCard({ settings }: { settings: MessagingSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const canSend = useCan("messages.send");
  const [replacing, setReplacing] = useState(false);
  const [testing, setTesting] = useState(false);
  const saved = settings.sms;
  const form = useForm<SmsValues>({
    initialValues: smsValues(saved),
    validate: {
      httpUrl: (v, values) => (values.provider === "http" && !URL_RE.test(v.trim()) ? t("messaging.outbox.urlInvalid") : null),
      smsapiBaseUrl: (v, values) =>
        values.provider === "smsapi" && v.trim() && !URL_RE.test(v.trim()) ? t("messaging.outbox.urlInvalid") : null,
      token: (v, values) => (values.provider === "smsapi" && !saved.tokenSet && !v.trim() ? t("validation.required") : null),
      quietHoursStart: (v, values) =>
        (v && !TIME_RE.test(v)) || (!v && values.quietHoursEnd) ? t("messaging.outbox.quietHoursInvalid") : null,
      quietHoursEnd: (v, values) =>
        (v && !TIME_RE.test(v)) || (!v && values.quietHoursStart) ? t("messaging.outbox.quietHoursInvalid") : null,
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the saved settings change
  useEffect(() => {
    if (form.isDirty()) return;
    const values = smsValues(saved);
    form.setValues(values);
    form.resetDirty(values);
  }, [saved]);
  const apply = (data: MessagingSettings) => {
    queryClient.setQueryData(queryKeys.outbox.all, data);
    const values = smsValues(data.sms);
    form.setValues(values);
    form.resetDirty(values);
    setReplacing(false);
  };
  const save = useMutation({
    mutationFn: (v: SmsValues) =>
      unwrap(api.PUT("/api/v1/messaging/settings/sms", { body: { ...smsBody(v), ...(v.token ? { token: v.token } : {}) } })),
    onSuccess: (data) => {
      apply(data);
      notifySaved(t, t("messaging.outbox.smsSaved"));
    },
    onError: (err) => showFormError(t, form, err),
  });
  const clear = useMutation({
    mutationFn: () => unwrap(api.PUT("/api/v1/messaging/settings/sms", { body: { ...smsBody(smsValues(saved)), token: null } })),
    onSuccess: (data) => {
      apply(data);
      notifySaved(t, t("messaging.outbox.tokenCleared"));
    },
    onError: (err) => notifyError(t, err),
  });
  const v = form.getValues();
  const needsToken = v.provider === "smsapi" || v.provider === "http";
  return (
    <SectionCard
      icon={<IconMessage size={22} />}
      title={t("messaging.outbox.smsTitle")}
      description={t("messaging.outbox.smsDescription")}
      ready={settings.ready.sms}
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            <div>
              <Input.Label size="md" id="sms-provider-label">
                {t("messaging.outbox.provider")}
              </Input.Label>
              <SegmentedControl
                aria-labelledby="sms-provider-label"
                fullWidth
                data={PROVIDERS.map((p) => ({ value: p, label: t(`messaging.outbox.providers.${p}`) }))}
                {...form.getInputProps("provider")}
              />
              <Text size="xs" c="gray.7" mt={4}>
                {t(`messaging.outbox.providerHelp.${v.provider}`)}
              </Text>
            </div>
            {v.provider !== "none" && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t("messaging.outbox.senderName")}
                  description={t("messaging.outbox.senderNameHelp")}
                  maxLength={11}
                  {...form.getInputProps("senderName")}
                />
                {v.provider === "smsapi" && (
                  <TextInput
                    label={t("messaging.outbox.smsapiBaseUrl")}
                    description={t("messaging.outbox.smsapiBaseUrlHelp")}
                    placeholder="https://api.smsapi.pl"
                    {...form.getInputProps("smsapiBaseUrl")}
                  />
                )}
                {v.provider === "http" && (
                  <TextInput
                    label={t("messaging.outbox.httpUrl")}
                    withAsterisk
                    placeholder="https://sms.example.com/send"
                    {...form.getInputProps("httpUrl")}
                  />
                )}
                {v.provider === "http" && (
                  <TextInput
                    label={t("messaging.outbox.httpAuthHeader")}
                    description={t("messaging.outbox.httpAuthHeaderHelp")}
                    placeholder="Authorization"
                    {...form.getInputProps("httpAuthHeader")}
                  />
                )}
                {needsToken && (
                  <SecretField
                    label={t("messaging.outbox.token")}
                    isSet={saved.tokenSet}
                    value={v.token}
                    onChange={(x) => form.setFieldValue("token", x)}
                    replacing={replacing}
                    onReplacing={setReplacing}
                    clearing={clear.isPending}
                    error={form.errors.token}
                    disabled={!canWrite}
                    onClear={() =>
                      confirmAction(t, {
                        title: t("messaging.outbox.clearTokenTitle"),
                        message: t("messaging.outbox.clearTokenMessage"),
                        confirmLabel: t("messaging.outbox.clearSecret"),
                        onConfirm: () => clear.mutate(),
                      })
                    }
                  />
                )}
              </SimpleGrid>
            )}
            {v.provider === "http" && (
              <Textarea
                label={t("messaging.outbox.httpBodyTemplate")}
                description={t("messaging.outbox.httpBodyTemplateHelp")}
                autosize
                minRows={3}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
                {...form.getInputProps("httpBodyTemplate")}
              />
            )}
            {v.provider !== "none" && (
              <>
                <div>
                  <Input.Label size="md" component="div">
                    {t("messaging.outbox.quietHours")}
                  </Input.Label>
                  <Text size="xs" c="gray.7" mb={6}>
                    {t("messaging.outbox.quietHoursHelp")}
                  </Text>
                  <Group gap="sm" align="flex-start">
                    {(["quietHoursStart", "quietHoursEnd"] as const).map((name) => {
                      const label = name === "quietHoursStart" ? t("messaging.outbox.quietFrom") : t("messaging.outbox.quietTo");
                      const input = form.getInputProps(name);
                      return (
                        <TimeField
                          key={name}
                          label={label}
                          w={150}
                          hoursLabel={t("messaging.outbox.hours", { name: label })}
                          minutesLabel={t("messaging.outbox.minutes", { name: label })}
                          value={form.getValues()[name]}
                          onChange={(x) => form.setFieldValue(name, x)}
                          error={input.error}
                        />
                      );
                    })}
                  </Group>
                </div>
                <Switch
                  label={t("messaging.outbox.normalizePolish")}
                  description={t("messaging.outbox.normalizePolishHelp")}
                  {...form.getInputProps("normalizePolish", { type: "checkbox" })}
                />
              </>
            )}
            {v.provider === "log" && (
              <Alert color="gray" variant="light">
                {t("messaging.outbox.logWarning")}
              </Alert>
            )}
            <CardActions
              canSend={canSend}
              canWrite={canWrite}
              dirty={form.isDirty()}
              testLabel={t("messaging.outbox.sendTestSms")}
              testDisabled={saved.provider === "none"}
              onTest={() => setTesting(true)}
              saving={save.isPending}
            />
          </Stack>
        </fieldset>
      </form>
      <SendTestModal
        opened={testing}
        onClose={() => setTesting(false)}
        channel="sms"
        title={t("messaging.outbox.sendTestSms")}
        send={(to) => unwrap(api.POST("/api/v1/messaging/settings/sms/test", { body: { to: to ?? "" } }))}
      />
    </SectionCard>
  );
}
