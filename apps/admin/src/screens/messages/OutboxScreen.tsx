import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Input,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { TimePicker } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { IconCheck, IconKey, IconMail, IconMessage, IconSend } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { EmailSettings, MessagingSettings, SmsSettings } from "../../api/messaging";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ErrorState } from "../../components/ErrorState";
import { EMAIL_RE, notifyError, notifySaved, showFormError, TIME_RE } from "../../components/feedback";
import { SendTestModal } from "../../components/MessageContent";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";

const SETTINGS_KEY = ["messaging-settings"] as const;

function useMessagingSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => unwrap(api.GET("/api/v1/messaging/settings")) });
}

/** Where messages leave from: the company's SMTP server and SMS provider. */
export function OutboxScreen() {
  const { t } = useTranslation();
  const settings = useMessagingSettings();
  return (
    <>
      <PageHeader title={t("messaging.outbox.title")} description={t("messaging.outbox.description")} />
      {settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : settings.isPending ? (
        <PageLoader />
      ) : (
        <Stack gap="lg">
          <EmailSettingsCard settings={settings.data} />
          <SmsSettingsCard settings={settings.data} />
        </Stack>
      )}
    </>
  );
}

function SectionCard({ icon, title, description, children }: { icon: ReactNode; title: string; description: string; children: ReactNode }) {
  return (
    <Card withBorder radius="lg" p="lg" component="section" aria-label={title}>
      <Group gap="sm" mb={4} wrap="nowrap">
        {icon}
        <Title order={2} size="h4">
          {title}
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {description}
      </Text>
      {children}
    </Card>
  );
}

/**
 * A write-only secret (SMTP password, SMS token): the API only says whether one is set. It can be
 * replaced (typed here and sent with the next save) or removed (asked first, then saved at once).
 */
function SecretField({
  label,
  isSet,
  value,
  onChange,
  replacing,
  onReplacing,
  onClear,
  clearing,
  error,
  disabled,
}: {
  label: string;
  isSet: boolean;
  value: string;
  onChange: (v: string) => void;
  replacing: boolean;
  onReplacing: (v: boolean) => void;
  onClear: () => void;
  clearing: boolean;
  error?: ReactNode;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  if (isSet && !replacing)
    return (
      <div>
        <Input.Label size="md">{label}</Input.Label>
        <Group gap="sm" mt={4}>
          <Badge color="green" variant="light" leftSection={<IconCheck size={12} />} size="lg" data-testid="secret-set">
            {t("messaging.outbox.secretSet")}
          </Badge>
          <Button variant="light" size="xs" leftSection={<IconKey size={14} />} onClick={() => onReplacing(true)} disabled={disabled}>
            {t("messaging.outbox.replaceSecret")}
          </Button>
          <Button variant="subtle" color="red" size="xs" onClick={onClear} loading={clearing} disabled={disabled}>
            {t("messaging.outbox.clearSecret")}
          </Button>
        </Group>
      </div>
    );
  return (
    <PasswordInput
      label={isSet ? t("messaging.outbox.newSecret", { name: label }) : label}
      description={t("messaging.outbox.secretHelp")}
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      disabled={disabled}
      rightSectionWidth={isSet ? 90 : undefined}
      rightSection={
        isSet ? (
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={() => {
              onChange("");
              onReplacing(false);
            }}
          >
            {t("messaging.outbox.keepSecret")}
          </Button>
        ) : undefined
      }
    />
  );
}

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

function EmailSettingsCard({ settings }: { settings: MessagingSettings }) {
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
    queryClient.setQueryData(SETTINGS_KEY, data);
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
  const dirty = form.isDirty();
  return (
    <SectionCard
      icon={<IconMail size={22} />}
      title={t("messaging.outbox.emailTitle")}
      description={t("messaging.outbox.emailDescription")}
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
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm">
                {canSend && (
                  <Button
                    variant="light"
                    leftSection={<IconSend size={18} />}
                    disabled={dirty || !saved.host}
                    onClick={() => setTesting(true)}
                  >
                    {t("messaging.outbox.sendTest")}
                  </Button>
                )}
                {canSend && dirty && (
                  <Text size="xs" c="dimmed">
                    {t("messaging.outbox.saveBeforeTest")}
                  </Text>
                )}
              </Group>
              {canWrite && (
                <Button type="submit" loading={save.isPending}>
                  {t("common.save")}
                </Button>
              )}
            </Group>
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

function SmsSettingsCard({ settings }: { settings: MessagingSettings }) {
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
      httpUrl: (v, values) => (values.provider === "http" && !/^https?:\/\/\S+$/.test(v.trim()) ? t("messaging.outbox.urlInvalid") : null),
      smsapiBaseUrl: (v, values) =>
        values.provider === "smsapi" && v.trim() && !/^https?:\/\/\S+$/.test(v.trim()) ? t("messaging.outbox.urlInvalid") : null,
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
    queryClient.setQueryData(SETTINGS_KEY, data);
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
  const dirty = form.isDirty();
  const needsToken = v.provider === "smsapi" || v.provider === "http";
  return (
    <SectionCard icon={<IconMessage size={22} />} title={t("messaging.outbox.smsTitle")} description={t("messaging.outbox.smsDescription")}>
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
              <Text size="xs" c="dimmed" mt={4}>
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
                  <Text size="xs" c="dimmed" mb={6}>
                    {t("messaging.outbox.quietHoursHelp")}
                  </Text>
                  <Group gap="sm" align="flex-start">
                    {(["quietHoursStart", "quietHoursEnd"] as const).map((name) => {
                      const label = name === "quietHoursStart" ? t("messaging.outbox.quietFrom") : t("messaging.outbox.quietTo");
                      return (
                        <TimePicker
                          key={name}
                          label={label}
                          format="24h"
                          size="md"
                          clearable
                          w={150}
                          hoursInputLabel={t("messaging.outbox.hours", { name: label })}
                          minutesInputLabel={t("messaging.outbox.minutes", { name: label })}
                          {...form.getInputProps(name)}
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
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm">
                {canSend && (
                  <Button
                    variant="light"
                    leftSection={<IconSend size={18} />}
                    disabled={dirty || saved.provider === "none"}
                    onClick={() => setTesting(true)}
                  >
                    {t("messaging.outbox.sendTestSms")}
                  </Button>
                )}
                {canSend && dirty && (
                  <Text size="xs" c="dimmed">
                    {t("messaging.outbox.saveBeforeTest")}
                  </Text>
                )}
              </Group>
              {canWrite && (
                <Button type="submit" loading={save.isPending}>
                  {t("common.save")}
                </Button>
              )}
            </Group>
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
