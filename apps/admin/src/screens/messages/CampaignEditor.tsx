import { Alert, Button, Fieldset, Grid, Group, Select, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { type Campaign, useChannelReady, useMessageTemplates, usePreview } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { useSaveForm } from "../../components/EntityDrawer";
import { notifyError, notifySaved, showFormError } from "../../components/feedback";
import { PreviewPanel } from "../../components/MessageContent";
import { PageHeader } from "../../components/PageHeader";
import { formatDateTime, formatNumber } from "../../format";
import { CampaignAudience, useAudienceCount } from "./CampaignAudience";
import { CampaignBasics } from "./CampaignBasics";
import { BackToCampaigns, CampaignStatusBadge } from "./CampaignParts";
import { CampaignSendCard } from "./CampaignSendCard";
import { type ContentField, ContentFields } from "./ContentFields";
import { audienceOf, type CampaignValues, campaignBody, campaignValues, EMPTY_CAMPAIGN, formPath, instantOf } from "./campaign-form";

/** What the page at /messages/campaigns/:id keeps from the editor it was reached from. */
export interface EditorState {
  /** The editor stays the same one (its values, date and errors) when a new campaign gets its page. */
  editorKey?: string;
  memberId?: string | null;
}

/** Create or edit a draft, and send it now or at a chosen time. */
export function CampaignEditor({ campaign, editorKey }: { campaign: Campaign | undefined; editorKey: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const canSend = useCan("messages.send");
  const kept = (useLocation().state ?? {}) as EditorState;
  const [memberId, setMemberId] = useState<string | null>(kept.memberId ?? null);
  const [purposeTouched, setPurposeTouched] = useState(!!campaign);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<CampaignValues>({
    mode: "controlled",
    initialValues: campaign ? campaignValues(campaign) : EMPTY_CAMPAIGN,
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      subject: (v, values) => (values.channel !== "sms" && !v.trim() ? t("validation.required") : null),
      html: (v, values) => (values.channel === "email" && !v.trim() ? t("validation.required") : null),
      text: (v, values) => ((values.channel !== "email" || values.textMode === "custom") && !v.trim() ? t("validation.required") : null),
      throttlePerMinute: (v) => (v === "" || Number(v) >= 1 ? null : t("messaging.campaigns.throttleInvalid")),
    },
  });
  const v = form.getValues();
  const readiness = useChannelReady(v.channel);
  const templates = useMessageTemplates(v.channel, canWrite);
  const count = useAudienceCount(v.channel, v.purpose, audienceOf(v));
  const preview = usePreview({
    channel: v.channel,
    subject: v.channel === "sms" ? "" : v.subject,
    html: v.channel === "email" ? v.html : "",
    text: v.channel !== "email" || v.textMode === "custom" ? v.text : "",
    url: v.channel === "push" ? v.url : undefined,
    memberId,
    programId: v.programId,
  });

  /** A saved campaign is on its own page; a new one moves there with this same editor. */
  const show = (saved: Campaign) => {
    queryClient.setQueryData(queryKeys.campaigns.detail(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list() });
    if (!campaign) navigate(`/messages/campaigns/${saved.id}`, { replace: true, state: { editorKey, memberId } satisfies EditorState });
  };
  const persist = (values: CampaignValues): Promise<Campaign> => {
    const { channel, ...patch } = campaignBody(values);
    return campaign
      ? unwrap(api.PATCH("/api/v1/campaigns/{id}", { params: { path: { id: campaign.id } }, body: patch }))
      : unwrap(api.POST("/api/v1/campaigns", { body: { ...patch, channel } }));
  };
  const save = useSaveForm({
    form,
    save: persist,
    invalidate: [],
    mapPath: formPath,
    savedMessage: (saved) => t("messaging.campaigns.savedMessage", { name: saved.name }),
    onSaved: (saved) => {
      setFailure(null);
      show(saved);
      form.resetDirty({ ...campaignValues(saved), scheduledAt: form.getValues().scheduledAt });
    },
  });
  // The campaign is saved first (a new one gets its page), then sent. Whatever refuses it, the
  // form keeps every value and the chosen time, and says why next to the fields.
  const send = useMutation({
    mutationFn: async ({ values, at }: { values: CampaignValues; at: Date | null }) => {
      const saved = await persist(values);
      show(saved);
      return unwrap(
        api.POST("/api/v1/campaigns/{id}/send", {
          params: { path: { id: saved.id } },
          body: at ? { scheduledAt: at.toISOString() } : {},
        }),
      );
    },
    onSuccess: (sent) => {
      queryClient.setQueryData(queryKeys.campaigns.detail(sent.id), sent);
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list() });
      notifySaved(
        t,
        sent.scheduledAt && new Date(sent.scheduledAt) > new Date()
          ? t("messaging.campaigns.scheduledMessage", { name: sent.name, when: formatDateTime(sent.scheduledAt) })
          : t("messaging.campaigns.sendingMessage", { name: sent.name }),
      );
    },
    onError: (err) => {
      setFailure(err);
      showFormError(t, form, err, formPath);
      // The outbox may have changed since this page read it.
      void queryClient.invalidateQueries({ queryKey: queryKeys.outbox.all });
    },
  });
  const remove = useMutation({
    mutationFn: (c: Campaign) => unwrap(api.DELETE("/api/v1/campaigns/{id}", { params: { path: { id: c.id } } })),
    onSuccess: (_d, c) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list() });
      notifySaved(t, t("messaging.campaigns.deleted", { name: c.name }));
      navigate("/messages/campaigns", { replace: true });
    },
    onError: (err) => notifyError(t, err),
  });

  const askSend = (scheduled: boolean) => {
    setFailure(null);
    if (form.validate().hasErrors) return;
    const values = form.getValues();
    if (readiness.ready === false) {
      form.setFieldError("channel", t(values.channel === "email" ? "validation.emailNotConfigured" : "validation.smsNotConfigured"));
      return;
    }
    const at = scheduled ? instantOf(values.scheduledAt) : null;
    if (scheduled && (!at || at <= new Date())) {
      form.setFieldError("scheduledAt", t("messaging.campaigns.scheduleInPast"));
      return;
    }
    const reachable = count.data?.reachable ?? 0;
    confirmAction(t, {
      title: at ? t("messaging.campaigns.scheduleTitle") : t("messaging.campaigns.sendTitle"),
      message: at
        ? t("messaging.campaigns.scheduleMessage", { when: formatDateTime(at), count: reachable, formatted: formatNumber(reachable) })
        : t("messaging.campaigns.sendMessage", { count: reachable, formatted: formatNumber(reachable) }),
      confirmLabel: at ? t("messaging.campaigns.schedule") : t("messaging.campaigns.sendNow"),
      danger: false,
      onConfirm: () => send.mutate({ values, at }),
    });
  };

  const copyTemplate = (id: string | null) => {
    const tpl = templates.data?.find((x) => x.id === id);
    if (!tpl) return;
    form.setValues({
      subject: tpl.subject,
      html: tpl.html,
      text: tpl.channel !== "email" || tpl.textMode === "custom" ? tpl.text : "",
      textMode: tpl.channel === "email" ? tpl.textMode : "auto",
      url: tpl.url ?? "",
    });
    notifySaved(t, t("messaging.campaigns.templateCopied", { name: tpl.name }));
  };

  return (
    <>
      <PageHeader
        title={campaign ? campaign.name : t("messaging.campaigns.createTitle")}
        description={campaign ? undefined : t("messaging.campaigns.createDescription")}
        actions={
          <>
            <BackToCampaigns />
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
          <form onSubmit={save.onSubmit} noValidate>
            <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <CampaignBasics
                  form={form}
                  created={!!campaign}
                  ready={readiness.ready}
                  onRecheck={readiness.recheck}
                  checking={readiness.checking}
                  purposeTouched={purposeTouched}
                  onPurposeTouched={() => setPurposeTouched(true)}
                />
                <Fieldset legend={t("messaging.content")} radius="md">
                  <ContentFields
                    channel={v.channel}
                    value={v}
                    onChange={(field: ContentField, value: string) => form.setFieldValue(field, value as never)}
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
                <CampaignAudience form={form} count={count} />
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
                    <Button type="submit" variant={canSend ? "default" : "filled"} loading={save.saving}>
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
              <CampaignSendCard
                form={form}
                ready={readiness.ready}
                pending={send.isPending ? (send.variables?.at ? "scheduled" : "now") : null}
                failure={failure}
                onSend={askSend}
              />
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
