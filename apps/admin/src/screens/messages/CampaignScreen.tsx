import {
  Alert,
  Button,
  Card,
  Fieldset,
  Grid,
  Group,
  Input,
  Loader,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { DateTimePicker } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { IconArrowLeft, IconCalendarTime, IconPlayerStop, IconSend, IconTrash, IconUsers } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAllLocations, useConsents, usePrograms, useTiers } from "../../api/lookups";
import {
  type Audience,
  type Campaign,
  type Channel,
  CONSENT_PURPOSES,
  type ConsentPurpose,
  defaultCampaignPurpose,
  type TextMode,
  useDebouncedObject,
  useMessageTemplates,
  usePreview,
} from "../../api/messaging";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ChannelBadge, DeliveriesTable } from "../../components/Deliveries";
import { ErrorState } from "../../components/ErrorState";
import { errorMessage, notifyError, notifySaved, showFormError } from "../../components/feedback";
import { PreviewPanel } from "../../components/MessageContent";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDateTime, formatNumber } from "../../format";
import { CampaignStatusBadge } from "./CampaignsScreen";
import { type ContentField, ContentFields } from "./ContentFields";

const campaignKey = (id: string) => ["campaigns", "one", id] as const;

interface Values {
  name: string;
  channel: Channel;
  purpose: ConsentPurpose;
  subject: string;
  html: string;
  text: string;
  textMode: TextMode;
  programId: string | null;
  tierIds: string[];
  tags: string[];
  locationIds: string[];
  consentIds: string[];
  throttlePerMinute: number | string;
}

const EMPTY: Values = {
  name: "",
  channel: "email",
  purpose: "newsletter",
  subject: "",
  html: "",
  text: "",
  textMode: "auto",
  programId: null,
  tierIds: [],
  tags: [],
  locationIds: [],
  consentIds: [],
  throttlePerMinute: "",
};

function toValues(c: Campaign): Values {
  return {
    name: c.name,
    channel: c.channel,
    purpose: c.purpose,
    subject: c.subject ?? "",
    html: c.html ?? "",
    text: c.text ?? "",
    textMode: c.channel === "email" && c.text ? "custom" : "auto",
    programId: c.audience.programId ?? null,
    tierIds: c.audience.tierIds ?? [],
    tags: c.audience.tags ?? [],
    locationIds: c.audience.locationIds ?? [],
    consentIds: c.audience.consentIds ?? [],
    throttlePerMinute: c.throttlePerMinute ?? "",
  };
}

function audienceOf(v: Values): Audience {
  return {
    programId: v.programId,
    tierIds: v.programId ? v.tierIds : [],
    tags: v.tags,
    locationIds: v.locationIds,
    consentIds: v.consentIds,
  };
}

function toBody(v: Values) {
  const email = v.channel === "email";
  return {
    name: v.name.trim(),
    channel: v.channel,
    purpose: v.purpose,
    subject: email ? v.subject : undefined,
    html: email ? v.html : undefined,
    text: !email || v.textMode === "custom" ? v.text : undefined,
    audience: audienceOf(v),
    throttlePerMinute: v.throttlePerMinute === "" ? null : Number(v.throttlePerMinute),
  };
}

/** Server paths -> the inputs of this form. */
function formPath(path: string): string {
  return path.startsWith("audience.") ? path.slice("audience.".length) : path;
}

/** Create (route /messages/campaigns/new), edit a draft, or follow a sent campaign (route /messages/campaigns/:id). */
export function CampaignScreen() {
  const { id } = useParams();
  const campaign = useQuery({
    queryKey: campaignKey(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/campaigns/{id}", { params: { path: { id: id ?? "" } } })),
    refetchInterval: (query) => (query.state.data && ["scheduled", "sending"].includes(query.state.data.status) ? 4000 : false),
  });
  if (id && campaign.isError) return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />;
  if (id && campaign.isPending) return <PageLoader />;
  const c = id ? campaign.data : undefined;
  if (c && c.status !== "draft") return <CampaignResults campaign={c} />;
  return <CampaignEditor key={id ?? "new"} campaign={c} />;
}

function BackButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/messages/campaigns" variant="default" leftSection={<IconArrowLeft size={18} />}>
      {t("messaging.campaigns.back")}
    </Button>
  );
}

function useAudienceCount(channel: Channel, purpose: ConsentPurpose, audience: Audience) {
  const debounced = useDebouncedObject({ channel, purpose, audience }, 400);
  return useQuery({
    queryKey: ["campaign-audience", debounced],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () => unwrap(api.POST("/api/v1/campaigns/audience-count", { body: debounced })),
  });
}

function CountStat({ label, value, color, testId }: { label: string; value: number | undefined; color?: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fw={800} fz={26} c={color} data-testid={testId}>
        {value === undefined ? "—" : formatNumber(value)}
      </Text>
    </div>
  );
}

function CampaignEditor({ campaign }: { campaign: Campaign | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const canSend = useCan("messages.send");
  const programs = usePrograms();
  const locations = useAllLocations();
  const consents = useConsents();
  // The preview's member survives the move from /new to the created campaign's page.
  const kept = (useLocation().state ?? {}) as { memberId?: string | null };
  const [memberId, setMemberId] = useState<string | null>(kept.memberId ?? null);
  const [scheduledAt, setScheduledAt] = useState<string | null>(null);
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  const [purposeTouched, setPurposeTouched] = useState(!!campaign);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: campaign ? toValues(campaign) : EMPTY,
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      subject: (v, values) => (values.channel === "email" && !v.trim() ? t("validation.required") : null),
      html: (v, values) => (values.channel === "email" && !v.trim() ? t("validation.required") : null),
      text: (v, values) => ((values.channel === "sms" || values.textMode === "custom") && !v.trim() ? t("validation.required") : null),
      throttlePerMinute: (v) => (v === "" || Number(v) >= 1 ? null : t("messaging.campaigns.throttleInvalid")),
    },
  });
  const v = form.getValues();
  const tiers = useTiers(v.programId);
  const templates = useMessageTemplates(v.channel, canWrite);
  const audience = audienceOf(v);
  const count = useAudienceCount(v.channel, v.purpose, audience);
  const preview = usePreview({
    channel: v.channel,
    subject: v.subject,
    html: v.html,
    text: v.channel === "sms" || v.textMode === "custom" ? v.text : "",
    memberId,
    programId: v.programId,
  });

  const invalidate = (saved: Campaign) => {
    queryClient.setQueryData(campaignKey(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: ["campaigns", "list"] });
  };
  const persist = async (values: Values): Promise<Campaign> => {
    const { channel, ...patch } = toBody(values);
    const saved = campaign
      ? await unwrap(api.PATCH("/api/v1/campaigns/{id}", { params: { path: { id: campaign.id } }, body: patch }))
      : await unwrap(api.POST("/api/v1/campaigns", { body: { ...patch, channel } }));
    return saved;
  };
  const save = useMutation({
    mutationFn: persist,
    onSuccess: (saved) => {
      invalidate(saved);
      notifySaved(t, t("messaging.campaigns.savedMessage", { name: saved.name }));
      if (!campaign) navigate(`/messages/campaigns/${saved.id}`, { replace: true, state: { memberId } });
      else form.resetDirty(toValues(saved));
    },
    onError: (err) => showFormError(t, form, err, formPath),
  });
  // Sending a new campaign creates it first; if the send is then refused, the page moves to the
  // created draft (so a second try does not create another one) and says why.
  const createdRef = useRef<Campaign | null>(null);
  const send = useMutation({
    mutationFn: async ({ values, at }: { values: Values; at: string | null }) => {
      const saved = await persist(values);
      if (!campaign) createdRef.current = saved;
      invalidate(saved);
      return unwrap(
        api.POST("/api/v1/campaigns/{id}/send", {
          params: { path: { id: saved.id } },
          body: at ? { scheduledAt: new Date(at).toISOString() } : {},
        }),
      );
    },
    onSuccess: (sent) => {
      invalidate(sent);
      notifySaved(
        t,
        sent.scheduledAt && new Date(sent.scheduledAt) > new Date()
          ? t("messaging.campaigns.scheduledMessage", { name: sent.name, when: formatDateTime(sent.scheduledAt) })
          : t("messaging.campaigns.sendingMessage", { name: sent.name }),
      );
      if (!campaign) navigate(`/messages/campaigns/${sent.id}`, { replace: true });
    },
    onError: (err) => {
      const created = createdRef.current;
      if (created) {
        notifyError(t, err);
        navigate(`/messages/campaigns/${created.id}`, { replace: true, state: { memberId } });
      } else showFormError(t, form, err, formPath);
    },
  });
  const remove = useMutation({
    mutationFn: (c: Campaign) => unwrap(api.DELETE("/api/v1/campaigns/{id}", { params: { path: { id: c.id } } })),
    onSuccess: (_d, c) => {
      void queryClient.invalidateQueries({ queryKey: ["campaigns", "list"] });
      notifySaved(t, t("messaging.campaigns.deleted", { name: c.name }));
      navigate("/messages/campaigns", { replace: true });
    },
    onError: (err) => notifyError(t, err),
  });

  const reachable = count.data?.reachable;
  const askSend = (at: string | null) => {
    if (form.validate().hasErrors) return;
    if (at && new Date(at) <= new Date()) {
      setScheduleError(t("messaging.campaigns.scheduleInPast"));
      return;
    }
    setScheduleError(null);
    const values = form.getValues();
    confirmAction(t, {
      title: at ? t("messaging.campaigns.scheduleTitle") : t("messaging.campaigns.sendTitle"),
      message: at
        ? t("messaging.campaigns.scheduleMessage", {
            when: formatDateTime(new Date(at)),
            count: reachable ?? 0,
            formatted: formatNumber(reachable ?? 0),
          })
        : t("messaging.campaigns.sendMessage", { count: reachable ?? 0, formatted: formatNumber(reachable ?? 0) }),
      confirmLabel: at ? t("messaging.campaigns.schedule") : t("messaging.campaigns.sendNow"),
      danger: false,
      onConfirm: () => send.mutate({ values, at }),
    });
  };

  const setContent = (field: ContentField, value: string) => form.setFieldValue(field, value as never);
  const copyTemplate = (id: string | null) => {
    const tpl = templates.data?.find((x) => x.id === id);
    if (!tpl) return;
    form.setValues({
      subject: tpl.subject,
      html: tpl.html,
      text: tpl.channel === "sms" || tpl.textMode === "custom" ? tpl.text : "",
      textMode: tpl.channel === "email" ? tpl.textMode : "auto",
    });
    notifySaved(t, t("messaging.campaigns.templateCopied", { name: tpl.name }));
  };
  const purposeData = CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`consents.purposes.${p}`) }));

  return (
    <>
      <PageHeader
        title={campaign ? campaign.name : t("messaging.campaigns.createTitle")}
        description={campaign ? undefined : t("messaging.campaigns.createDescription")}
        actions={
          <>
            <BackButton />
            {campaign && <CampaignStatusBadge status={campaign.status} />}
          </>
        }
      />
      {!canWrite && (
        <Alert color="gray" mb="md">
          {t("common.readOnly")}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
            <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <Fieldset legend={t("messaging.campaigns.basics")} radius="md">
                  <Stack>
                    <TextInput label={t("messaging.campaigns.name")} withAsterisk maxLength={200} {...form.getInputProps("name")} />
                    <Group align="flex-end" gap="md" wrap="wrap">
                      <div>
                        <Input.Label size="md" id="campaign-channel">
                          {t("messaging.channel")}
                        </Input.Label>
                        <SegmentedControl
                          aria-labelledby="campaign-channel"
                          disabled={!!campaign}
                          display="flex"
                          data={[
                            { value: "email", label: t("messaging.channels.email") },
                            { value: "sms", label: t("messaging.channels.sms") },
                          ]}
                          {...form.getInputProps("channel")}
                          onChange={(value) => {
                            const channel = value as Channel;
                            form.setFieldValue("channel", channel);
                            if (!purposeTouched) form.setFieldValue("purpose", defaultCampaignPurpose(channel));
                          }}
                        />
                        {form.errors.channel && (
                          <Text size="xs" c="red" mt={4} maw={320} data-testid="channel-error">
                            {form.errors.channel}
                          </Text>
                        )}
                      </div>
                      <Select
                        label={t("messaging.purpose")}
                        description={t("messaging.campaigns.purposeHelp")}
                        allowDeselect={false}
                        data={purposeData}
                        style={{ flex: "1 1 240px" }}
                        {...form.getInputProps("purpose")}
                        onChange={(value) => {
                          setPurposeTouched(true);
                          form.setFieldValue("purpose", (value ?? "newsletter") as ConsentPurpose);
                        }}
                      />
                    </Group>
                  </Stack>
                </Fieldset>

                <Fieldset legend={t("messaging.content")} radius="md">
                  <ContentFields
                    channel={v.channel}
                    value={v}
                    onChange={setContent}
                    errors={form.errors as Partial<Record<ContentField, string>>}
                    preview={preview.data}
                    previewLoading={preview.isFetching}
                    disabled={!canWrite}
                    heading={
                      <Select
                        label={t("messaging.campaigns.copyTemplate")}
                        placeholder={
                          templates.data?.length === 0
                            ? t("messaging.campaigns.noTemplates")
                            : t("messaging.campaigns.copyTemplatePlaceholder")
                        }
                        data={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                        value={null}
                        onChange={copyTemplate}
                        searchable
                        disabled={!canWrite || templates.data?.length === 0}
                        style={{ flex: "1 1 240px" }}
                      />
                    }
                  />
                </Fieldset>

                <Fieldset legend={t("messaging.campaigns.audience")} radius="md">
                  <Stack>
                    <Text size="sm" c="dimmed">
                      {t("messaging.campaigns.audienceHelp")}
                    </Text>
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <Select
                        label={t("messaging.campaigns.program")}
                        placeholder={t("messaging.campaigns.anyProgram")}
                        clearable
                        data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                        {...form.getInputProps("programId")}
                        onChange={(value) => {
                          form.setFieldValue("programId", value);
                          form.setFieldValue("tierIds", []);
                        }}
                      />
                      <MultiSelect
                        label={t("messaging.campaigns.tiers")}
                        placeholder={
                          v.programId
                            ? v.tierIds.length
                              ? undefined
                              : t("messaging.campaigns.anyTier")
                            : t("messaging.campaigns.tiersNeedProgram")
                        }
                        disabled={!v.programId}
                        data={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
                        clearable
                        {...form.getInputProps("tierIds")}
                      />
                      <TagsInput
                        label={t("messaging.campaigns.tags")}
                        description={t("messaging.campaigns.tagsHelp")}
                        placeholder={v.tags.length ? undefined : t("messaging.campaigns.anyTag")}
                        clearable
                        {...form.getInputProps("tags")}
                      />
                      <MultiSelect
                        label={t("messaging.campaigns.locations")}
                        description={t("messaging.campaigns.locationsHelp")}
                        placeholder={v.locationIds.length ? undefined : t("messaging.campaigns.anyLocation")}
                        data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                        searchable
                        clearable
                        {...form.getInputProps("locationIds")}
                      />
                    </SimpleGrid>
                    <MultiSelect
                      label={t("messaging.campaigns.consents")}
                      description={t("messaging.campaigns.consentsHelp")}
                      placeholder={v.consentIds.length ? undefined : t("messaging.campaigns.anyConsent")}
                      data={(consents.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                      clearable
                      {...form.getInputProps("consentIds")}
                    />
                    <AudienceCount count={count.data} loading={count.isFetching} error={count.error} />
                    <NumberInput
                      label={t("messaging.campaigns.throttle")}
                      description={t("messaging.campaigns.throttleHelp")}
                      placeholder={t("messaging.campaigns.noThrottle")}
                      min={1}
                      allowDecimal={false}
                      maw={320}
                      {...form.getInputProps("throttlePerMinute")}
                    />
                  </Stack>
                </Fieldset>

                {canWrite && (
                  <Group justify="space-between" wrap="wrap" gap="sm">
                    <Group gap="sm">
                      {campaign && (
                        <Button
                          variant="subtle"
                          color="red"
                          leftSection={<IconTrash size={18} />}
                          loading={remove.isPending}
                          onClick={() =>
                            confirmAction(t, {
                              title: t("messaging.campaigns.deleteTitle", { name: campaign.name }),
                              message: t("messaging.campaigns.deleteMessage"),
                              confirmLabel: t("messaging.campaigns.delete"),
                              onConfirm: () => remove.mutate(campaign),
                            })
                          }
                        >
                          {t("messaging.campaigns.delete")}
                        </Button>
                      )}
                    </Group>
                    <Button type="submit" variant={canSend ? "default" : "filled"} loading={save.isPending}>
                      {t("messaging.campaigns.saveDraft")}
                    </Button>
                  </Group>
                )}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack style={{ position: "sticky", top: 80 }}>
            {canSend && canWrite && (
              <Card withBorder radius="lg" p="md" component="section" aria-label={t("messaging.campaigns.sending")}>
                <Title order={2} size="h5" mb="sm">
                  {t("messaging.campaigns.sending")}
                </Title>
                <Stack gap="sm">
                  <Button
                    leftSection={<IconSend size={18} />}
                    onClick={() => askSend(null)}
                    loading={send.isPending && !send.variables?.at}
                  >
                    {t("messaging.campaigns.sendNow")}
                  </Button>
                  <Group align="flex-end" gap="sm" wrap="nowrap">
                    <DateTimePicker
                      label={t("messaging.campaigns.scheduleAt")}
                      placeholder={t("messaging.campaigns.pickDateTime")}
                      valueFormat="DD.MM.YYYY HH:mm"
                      size="md"
                      clearable
                      minDate={new Date()}
                      value={scheduledAt}
                      onChange={(value) => {
                        setScheduledAt(value);
                        setScheduleError(null);
                      }}
                      error={scheduleError}
                      style={{ flex: 1 }}
                    />
                    <Button
                      variant="light"
                      leftSection={<IconCalendarTime size={18} />}
                      disabled={!scheduledAt}
                      onClick={() => askSend(scheduledAt)}
                      loading={send.isPending && !!send.variables?.at}
                    >
                      {t("messaging.campaigns.schedule")}
                    </Button>
                  </Group>
                </Stack>
              </Card>
            )}
            <PreviewPanel
              channel={v.channel}
              preview={preview.data}
              loading={preview.isFetching}
              error={preview.error}
              memberId={memberId}
              onMemberChange={setMemberId}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** "N members, M reachable, K without consent, L without an address" for the chosen filters. */
function AudienceCount({
  count,
  loading,
  error,
}: {
  count: { members: number; reachable: number; noConsent: number; noAddress: number } | undefined;
  loading: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" p="md" bg="gray.0" data-testid="audience-count" aria-live="polite">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <IconUsers size={18} />
          <Text fw={700}>{t("messaging.campaigns.audienceCount")}</Text>
        </Group>
        {loading && <Loader size="xs" aria-label={t("common.loading")} />}
      </Group>
      {error ? (
        <Text size="sm" c="red">
          {errorMessage(t, error)}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <CountStat label={t("messaging.campaigns.count.members")} value={count?.members} testId="count-members" />
          <CountStat label={t("messaging.campaigns.count.reachable")} value={count?.reachable} color="green.8" testId="count-reachable" />
          <CountStat label={t("messaging.campaigns.count.noConsent")} value={count?.noConsent} color="orange.8" testId="count-no-consent" />
          <CountStat label={t("messaging.campaigns.count.noAddress")} value={count?.noAddress} color="gray.7" testId="count-no-address" />
        </SimpleGrid>
      )}
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text component="div" style={{ overflowWrap: "anywhere" }}>
        {children || "—"}
      </Text>
    </div>
  );
}

/** A campaign that is scheduled, sending or done: when, to whom, and what happened. */
function CampaignResults({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canSend = useCan("messages.send");
  const programs = usePrograms();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/campaigns/{id}/cancel", { params: { path: { id: c.id } } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(campaignKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ["campaigns", "list"] });
      void queryClient.invalidateQueries({ queryKey: ["messages"] });
      notifySaved(t, t("messaging.campaigns.cancelledMessage", { name: saved.name }));
    },
    onError: (err) => notifyError(t, err),
  });
  const r = c.results;
  const active = c.status === "scheduled" || c.status === "sending";
  // New results mean new delivery records: reload the list below with them.
  const progress = `${c.status}:${r.total}:${r.sent}:${r.failed}:${r.noConsent}:${r.noAddress}:${r.cancelled}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: progress is the trigger
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: ["messages", { campaignId: c.id }] });
  }, [progress]);
  const programName = programs.data?.find((p) => p.id === c.audience.programId)?.name;
  return (
    <>
      <PageHeader
        title={c.name}
        actions={
          <>
            <BackButton />
            <CampaignStatusBadge status={c.status} />
          </>
        }
      />
      <Stack>
        {active && canSend && (
          <Alert
            color="blue"
            variant="light"
            icon={<IconCalendarTime />}
            title={t(`messaging.campaigns.activeTitle.${c.status as "scheduled" | "sending"}`)}
          >
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Text size="sm">
                {c.status === "scheduled"
                  ? t("messaging.campaigns.scheduledFor", { when: formatDateTime(c.scheduledAt) })
                  : t("messaging.campaigns.sendingHelp")}
              </Text>
              <Button
                color="red"
                variant="light"
                leftSection={<IconPlayerStop size={18} />}
                loading={cancel.isPending}
                onClick={() =>
                  confirmAction(t, {
                    title: t("messaging.campaigns.cancelTitle", { name: c.name }),
                    message: t("messaging.campaigns.cancelMessage"),
                    confirmLabel: t("messaging.campaigns.cancel"),
                    onConfirm: () => cancel.mutate(),
                  })
                }
              >
                {t("messaging.campaigns.cancel")}
              </Button>
            </Group>
          </Alert>
        )}
        <Card withBorder radius="lg" p="lg" data-testid="campaign-results">
          <Title order={2} size="h4" mb="md">
            {t("messaging.campaigns.resultsTitle")}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
            <CountStat label={t("messaging.campaigns.results.total")} value={r.total} testId="result-total" />
            <CountStat label={t("messaging.campaigns.results.queued")} value={r.queued} color="blue.8" testId="result-queued" />
            <CountStat label={t("messaging.campaigns.results.sent")} value={r.sent} color="green.8" testId="result-sent" />
            <CountStat label={t("messaging.campaigns.results.failed")} value={r.failed} color="red.8" testId="result-failed" />
            <CountStat label={t("messaging.campaigns.results.noConsent")} value={r.noConsent} color="orange.8" testId="result-no-consent" />
            <CountStat label={t("messaging.campaigns.results.noAddress")} value={r.noAddress} color="gray.7" testId="result-no-address" />
            <CountStat label={t("messaging.campaigns.results.cancelled")} value={r.cancelled} color="gray.7" testId="result-cancelled" />
          </SimpleGrid>
        </Card>
        <Card withBorder radius="lg" p="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            <Detail label={t("messaging.channel")}>
              <ChannelBadge channel={c.channel} />
            </Detail>
            <Detail label={t("messaging.purpose")}>{t(`consents.purposes.${c.purpose}`)}</Detail>
            <Detail label={t("messaging.campaigns.program")}>{programName ?? t("messaging.campaigns.anyProgram")}</Detail>
            <Detail label={t("messaging.campaigns.scheduleAt")}>{c.scheduledAt ? formatDateTime(c.scheduledAt) : null}</Detail>
            <Detail label={t("messaging.campaigns.started")}>{c.startedAt ? formatDateTime(c.startedAt) : null}</Detail>
            <Detail label={t("messaging.campaigns.finished")}>{c.finishedAt ? formatDateTime(c.finishedAt) : null}</Detail>
            {c.channel === "email" && <Detail label={t("messaging.subject")}>{c.subject}</Detail>}
            <Detail label={t("messaging.campaigns.throttle")}>
              {c.throttlePerMinute
                ? t("messaging.campaigns.perMinute", { count: c.throttlePerMinute })
                : t("messaging.campaigns.noThrottle")}
            </Detail>
          </SimpleGrid>
        </Card>
        <Title order={2} size="h4">
          {t("messaging.campaigns.deliveries")}
        </Title>
        <DeliveriesTable
          filter={{ campaignId: c.id }}
          refetchInterval={active ? 5000 : false}
          empty={{ title: t("messaging.campaigns.noDeliveriesTitle"), description: t("messaging.campaigns.noDeliveries") }}
        />
      </Stack>
    </>
  );
}
