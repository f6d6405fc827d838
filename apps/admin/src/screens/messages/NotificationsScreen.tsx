import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  EmptyState,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconCoins, IconEye, IconSend } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import {
  CHANNELS,
  type Channel,
  CONSENT_PURPOSES,
  type ConsentPurpose,
  NOTIFICATION_KINDS,
  type ProgramNotification,
  type TextMode,
  useMessagingSettings,
  usePreview,
} from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved, showFormError } from "../../components/feedback";
import { SendTestModal } from "../../components/MessageContent";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDateTime } from "../../format";
import { type ContentField, ContentFields } from "./ContentFields";
import { NotificationPreviewModal, PushFieldset, type PushPart } from "./NotificationParts";

const notificationsKey = (programId: string) => queryKeys.notifications.list({ programId });

/** Automatic notifications of a program: which events send what, on which channel. */
export function NotificationsScreen() {
  const { t } = useTranslation();
  const programs = usePrograms();
  const [chosen, setChosen] = useState<string | null>(null);
  const list = programs.data ?? [];
  const programId = chosen ?? (list.find((p) => p.status === "active") ?? list[0])?.id ?? null;

  return (
    <>
      <PageHeader title={t("messaging.notifications.title")} description={t("messaging.notifications.description")} />
      <OutboxNotReady />
      {programs.isError ? (
        <ErrorState error={programs.error} onRetry={() => void programs.refetch()} />
      ) : programs.isPending ? (
        <PageLoader />
      ) : list.length === 0 ? (
        <EmptyState
          icon={<IconCoins />}
          title={t("messaging.notifications.noProgramsTitle")}
          description={t("messaging.notifications.noPrograms")}
        >
          <Button component={Link} to="/programs">
            {t("messaging.notifications.goToPrograms")}
          </Button>
        </EmptyState>
      ) : (
        <Stack>
          <Select
            label={t("messaging.notifications.program")}
            allowDeselect={false}
            maw={360}
            data={list.map((p) => ({ value: p.id, label: p.name }))}
            value={programId}
            onChange={setChosen}
          />
          {programId && <ProgramNotifications key={programId} programId={programId} />}
        </Stack>
      )}
    </>
  );
}

/** Automatic messages on a channel the outbox cannot send on are recorded as not sent: said up front. */
function OutboxNotReady() {
  const { t } = useTranslation();
  const settings = useMessagingSettings();
  const off = CHANNELS.filter((c) => settings.data && !settings.data.ready[c]);
  if (off.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle />} mb="md" data-testid="outbox-not-ready" role="status">
      <Stack gap={4}>
        {off.map((c) => (
          <Text key={c} size="sm">
            {t(`messaging.notifications.notReady.${c}`)}
          </Text>
        ))}
        <Anchor component={Link} to="/messages/outbox" size="sm" fw={600} c="indigo.9">
          {t("messaging.notifications.openOutbox")}
        </Anchor>
      </Stack>
    </Alert>
  );
}

function ProgramNotifications({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const [open, setOpen] = useState<string | null>(null);
  const notifications = useQuery({
    queryKey: notificationsKey(programId),
    queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/notifications", { params: { path: { id: programId } } }))).data,
  });
  const setOne = (saved: ProgramNotification) =>
    queryClient.setQueryData<ProgramNotification[]>(notificationsKey(programId), (old) =>
      old?.map((x) => (x.kind === saved.kind ? saved : x)),
    );
  // The switch moves at once; a refusal puts it back.
  const toggle = useMutation({
    mutationFn: (n: ProgramNotification) =>
      unwrap(
        api.PUT("/api/v1/programs/{id}/notifications/{kind}", {
          params: { path: { id: programId, kind: n.kind } },
          body: { ...toBody(toValues(n)), enabled: !n.enabled },
        }),
      ),
    onMutate: (n) => setOne({ ...n, enabled: !n.enabled }),
    onSuccess: (saved) => {
      setOne(saved);
      notifySaved(
        t,
        t(saved.enabled ? "messaging.notifications.switchedOn" : "messaging.notifications.switchedOff", {
          name: t(`messaging.notifications.kinds.${saved.kind}`),
        }),
      );
    },
    onError: (err, n) => {
      setOne(n);
      notifyError(t, err);
    },
  });
  if (notifications.isError) return <ErrorState error={notifications.error} onRetry={() => void notifications.refetch()} />;
  if (notifications.isPending) return <PageLoader />;
  const byKind = new Map(notifications.data.map((n) => [n.kind, n]));
  const kinds = NOTIFICATION_KINDS.filter((k) => byKind.has(k));
  return (
    <Accordion variant="separated" radius="md" value={open} onChange={setOpen}>
      {kinds.map((kind) => {
        const n = byKind.get(kind) as ProgramNotification;
        const name = t(`messaging.notifications.kinds.${kind}`);
        return (
          <Accordion.Item key={kind} value={kind} data-testid={`notification-${kind}`}>
            <Group wrap="nowrap" pl="md" gap="xs">
              <EnableSwitch
                label={t("messaging.notifications.enableNamed", { name })}
                enabled={n.enabled}
                disabled={!canWrite || (toggle.isPending && toggle.variables?.kind === kind)}
                onToggle={() => toggle.mutate(n)}
              />
              <Accordion.Control>
                <Group gap="sm" wrap="wrap">
                  <Text fw={600}>{name}</Text>
                  {n.enabled ? (
                    <>
                      {n.email.enabled && (
                        <Badge variant="light" color="indigo">
                          {t("messaging.channels.email")}
                        </Badge>
                      )}
                      {n.sms.enabled && (
                        <Badge variant="light" color="grape">
                          {t("messaging.channels.sms")}
                        </Badge>
                      )}
                      {n.push.enabled && (
                        <Badge variant="light" color="teal">
                          {t("messaging.channels.push")}
                        </Badge>
                      )}
                    </>
                  ) : (
                    <Badge variant="light" color="gray">
                      {t("messaging.notifications.off")}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="gray.7">
                  {kind === "points_expiring"
                    ? t("messaging.notifications.hints.points_expiring", { days: n.daysBefore ?? 7 })
                    : t(`messaging.notifications.hints.${kind}`)}
                </Text>
              </Accordion.Control>
            </Group>
            <Accordion.Panel>{open === kind && <NotificationForm programId={programId} notification={n} />}</Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}

/**
 * A notification's on/off switch. It moves in the same frame as the click: the query cache that
 * holds `enabled` re-renders its readers a task later (TanStack Query batches notifications on a
 * timer), which on a busy tablet let the switch visibly spring back before moving. It follows
 * `enabled` whenever that changes, so a refusal (which restores the cache) puts it back.
 */
function EnableSwitch(props: { label: string; enabled: boolean; disabled: boolean; onToggle: () => void }) {
  const [shown, setShown] = useState(props.enabled);
  const [followed, setFollowed] = useState(props.enabled);
  if (followed !== props.enabled) {
    setFollowed(props.enabled);
    setShown(props.enabled);
  }
  return (
    <Switch
      aria-label={props.label}
      checked={shown}
      disabled={props.disabled}
      onChange={() => {
        setShown(!shown);
        props.onToggle();
      }}
    />
  );
}

interface Values {
  daysBefore: number | string;
  email: { enabled: boolean; purpose: ConsentPurpose; subject: string; html: string; text: string; textMode: TextMode };
  sms: { enabled: boolean; purpose: ConsentPurpose; text: string };
  push: PushPart;
}

function toValues(n: ProgramNotification): Values & { enabled: boolean } {
  return {
    enabled: n.enabled,
    daysBefore: n.daysBefore ?? 7,
    email: { ...n.email },
    sms: { ...n.sms },
    push: { ...n.push },
  };
}

function toBody(v: Values & { enabled: boolean }) {
  return {
    enabled: v.enabled,
    daysBefore: Number(v.daysBefore) || undefined,
    email: { ...v.email, text: v.email.textMode === "custom" ? v.email.text : "" },
    sms: v.sms,
    push: { ...v.push, url: v.push.url.trim() },
  };
}

function NotificationForm({ programId, notification: n }: { programId: string; notification: ProgramNotification }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const [previewing, setPreviewing] = useState<Channel | null>(null);
  const [testing, setTesting] = useState<Channel | null>(null);
  const canSend = useCan("messages.send");
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: toValues(n),
    validate: {
      daysBefore: (v) =>
        n.kind !== "points_expiring" || (Number(v) >= 1 && Number(v) <= 365) ? null : t("messaging.notifications.daysInvalid"),
      email: {
        subject: (v, values) => (values.email.enabled && !v.trim() ? t("validation.required") : null),
        html: (v, values) => (values.email.enabled && !v.trim() ? t("validation.required") : null),
      },
      sms: { text: (v, values) => (values.sms.enabled && !v.trim() ? t("validation.required") : null) },
      push: {
        title: (v, values) => (values.push.enabled && !v.trim() ? t("validation.required") : null),
        body: (v, values) => (values.push.enabled && !v.trim() ? t("validation.required") : null),
      },
    },
  });
  const v = form.getValues();
  const emailPreview = usePreview({
    channel: "email",
    subject: v.email.subject,
    html: v.email.html,
    text: v.email.textMode === "custom" ? v.email.text : "",
    programId,
  });
  const smsPreview = usePreview({ channel: "sms", text: v.sms.text, programId }, v.sms.text.trim() !== "");
  const save = useMutation({
    mutationFn: (values: Values) =>
      unwrap(
        api.PUT("/api/v1/programs/{id}/notifications/{kind}", {
          params: { path: { id: programId, kind: n.kind } },
          body: toBody({ ...values, enabled: n.enabled }),
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData<ProgramNotification[]>(notificationsKey(programId), (old) =>
        old?.map((x) => (x.kind === saved.kind ? saved : x)),
      );
      form.resetDirty(toValues(saved));
      notifySaved(t, t("messaging.notifications.savedMessage", { name: t(`messaging.notifications.kinds.${n.kind}`) }));
    },
    onError: (err) => showFormError(t, form, err),
  });
  const errorsOf = (prefix: "email" | "sms") =>
    Object.fromEntries(
      Object.entries(form.errors)
        .filter(([k]) => k.startsWith(`${prefix}.`))
        .map(([k, e]) => [k.slice(prefix.length + 1), e]),
    ) as Partial<Record<ContentField, string>>;
  const purposeData = CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`consents.purposes.${p}`) }));

  return (
    <>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            {!n.enabled && (
              <Alert color="gray" variant="light">
                {t("messaging.notifications.offHint")}
              </Alert>
            )}
            {n.kind === "points_expiring" && (
              <NumberInput
                label={t("messaging.notifications.daysBefore")}
                description={t("messaging.notifications.daysBeforeHelp")}
                min={1}
                max={365}
                allowDecimal={false}
                maw={240}
                {...form.getInputProps("daysBefore")}
              />
            )}
            <Fieldset legend={t("messaging.channels.email")} radius="md">
              <Stack>
                <SimpleGrid cols={{ base: 1, sm: 2 }} verticalSpacing="sm">
                  <Switch label={t("messaging.notifications.sendEmail")} {...form.getInputProps("email.enabled", { type: "checkbox" })} />
                  <Select
                    label={t("messaging.purpose")}
                    description={t("messaging.purposeHelp")}
                    allowDeselect={false}
                    data={purposeData}
                    {...form.getInputProps("email.purpose")}
                  />
                </SimpleGrid>
                <ContentFields
                  channel="email"
                  value={v.email}
                  onChange={(field: ContentField, value: string) => form.setFieldValue(`email.${field}`, value as never)}
                  errors={errorsOf("email")}
                  preview={emailPreview.data}
                  previewLoading={emailPreview.isFetching}
                  disabled={!canWrite}
                  heading={
                    <Group gap="xs">
                      <Button variant="subtle" leftSection={<IconEye size={18} />} onClick={() => setPreviewing("email")}>
                        {t("messaging.preview.open")}
                      </Button>
                      {canSend && (
                        <Button variant="subtle" leftSection={<IconSend size={18} />} onClick={() => setTesting("email")}>
                          {t("messaging.test.sendToMe")}
                        </Button>
                      )}
                    </Group>
                  }
                />
              </Stack>
            </Fieldset>
            <Fieldset legend={t("messaging.channels.sms")} radius="md">
              <Stack>
                <SimpleGrid cols={{ base: 1, sm: 2 }} verticalSpacing="sm">
                  <Switch label={t("messaging.notifications.sendSms")} {...form.getInputProps("sms.enabled", { type: "checkbox" })} />
                  <Select
                    label={t("messaging.purpose")}
                    description={t("messaging.purposeHelp")}
                    allowDeselect={false}
                    data={purposeData}
                    {...form.getInputProps("sms.purpose")}
                  />
                </SimpleGrid>
                <ContentFields
                  channel="sms"
                  value={{ subject: "", html: "", textMode: "custom", text: v.sms.text }}
                  onChange={(field: ContentField, value: string) => field === "text" && form.setFieldValue("sms.text", value)}
                  errors={errorsOf("sms")}
                  preview={smsPreview.data}
                  previewLoading={smsPreview.isFetching}
                  disabled={!canWrite}
                  heading={
                    <Group gap="xs">
                      <Button variant="subtle" leftSection={<IconEye size={18} />} onClick={() => setPreviewing("sms")}>
                        {t("messaging.preview.open")}
                      </Button>
                      {canSend && (
                        <Button variant="subtle" leftSection={<IconSend size={18} />} onClick={() => setTesting("sms")}>
                          {t("messaging.test.sendToMe")}
                        </Button>
                      )}
                    </Group>
                  }
                />
              </Stack>
            </Fieldset>
            <PushFieldset form={form} programId={programId} disabled={!canWrite} onPreview={() => setPreviewing("push")} />
            <Group justify="space-between" wrap="wrap">
              <Text size="xs" c="gray.7">
                {n.updatedAt
                  ? t("messaging.notifications.lastSaved", { when: formatDateTime(n.updatedAt) })
                  : t("messaging.notifications.defaults")}
              </Text>
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
        opened={testing !== null}
        onClose={() => setTesting(null)}
        channel={testing ?? "email"}
        title={t("messaging.test.title")}
        send={(to) =>
          unwrap(
            api.POST("/api/v1/message-templates/test", {
              body:
                testing === "sms"
                  ? { channel: "sms", text: v.sms.text, programId, to }
                  : {
                      channel: "email",
                      subject: v.email.subject,
                      html: v.email.html,
                      text: v.email.textMode === "custom" ? v.email.text : undefined,
                      programId,
                      to,
                    },
            }),
          )
        }
      />
      <NotificationPreviewModal
        channel={previewing}
        onClose={() => setPreviewing(null)}
        programId={programId}
        content={
          previewing === "sms"
            ? { channel: "sms", text: v.sms.text }
            : previewing === "push"
              ? { channel: "push", subject: v.push.title, text: v.push.body, url: v.push.url }
              : { channel: "email", subject: v.email.subject, html: v.email.html, text: v.email.textMode === "custom" ? v.email.text : "" }
        }
      />
    </>
  );
}
