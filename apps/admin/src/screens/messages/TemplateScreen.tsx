import { Alert, Button, Fieldset, Grid, Group, Input, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowLeft, IconSend, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { type Channel, type MessageTemplate, type TextMode, usePreview } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useSaveForm } from "../../components/EntityDrawer";
import { ErrorState } from "../../components/ErrorState";
import { PreviewPanel, SendTestModal } from "../../components/MessageContent";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { type ContentField, ContentFields } from "./ContentFields";
import { useDeleteTemplate } from "./TemplatesScreen";

interface Values {
  name: string;
  channel: Channel;
  subject: string;
  html: string;
  text: string;
  textMode: TextMode;
  url: string;
}

interface PreviewState {
  memberId?: string | null;
  programId?: string | null;
}

const EMPTY: Values = { name: "", channel: "email", subject: "", html: "", text: "", textMode: "auto", url: "" };

function toValues(tpl: MessageTemplate): Values {
  return {
    name: tpl.name,
    channel: tpl.channel,
    subject: tpl.subject,
    html: tpl.html,
    text: tpl.text,
    textMode: tpl.textMode,
    url: tpl.url ?? "",
  };
}

/** What the API receives for a template (an SMS has only text; a push notification title, text and link). */
function toBody(v: Values) {
  if (v.channel === "sms") return { name: v.name.trim(), text: v.text };
  if (v.channel === "push") return { name: v.name.trim(), subject: v.subject, text: v.text, url: v.url.trim() };
  return { name: v.name.trim(), subject: v.subject, html: v.html, textMode: v.textMode, text: v.textMode === "custom" ? v.text : "" };
}

/** Create (route /messages/templates/new) or edit (route /messages/templates/:id) a message template. */
export function TemplateScreen() {
  const { id } = useParams();
  const template = useQuery({
    queryKey: queryKeys.templates.detail(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/message-templates/{id}", { params: { path: { id: id ?? "" } } })),
  });
  if (id && template.isError) return <ErrorState error={template.error} onRetry={() => void template.refetch()} />;
  if (id && template.isPending) return <PageLoader />;
  return <TemplateEditor key={id ?? "new"} template={id ? template.data : undefined} />;
}

function TemplateEditor({ template }: { template: MessageTemplate | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("messages.write");
  const canSend = useCan("messages.send");
  // The preview's member and program survive the move from /new to the created template's page.
  const kept = (useLocation().state ?? {}) as PreviewState;
  const [memberId, setMemberId] = useState<string | null>(kept.memberId ?? null);
  const [programId, setProgramId] = useState<string | null>(kept.programId ?? null);
  const [testing, setTesting] = useState(false);
  const askDelete = useDeleteTemplate(() => navigate("/messages/templates", { replace: true }));
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: template ? toValues(template) : EMPTY,
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      subject: (v, values) => (values.channel !== "sms" && !v.trim() ? t("validation.required") : null),
      html: (v, values) => (values.channel === "email" && !v.trim() ? t("validation.required") : null),
      text: (v, values) => ((values.channel !== "email" || values.textMode === "custom") && !v.trim() ? t("validation.required") : null),
    },
  });
  const v = form.getValues();
  const preview = usePreview({
    channel: v.channel,
    subject: v.channel === "sms" ? "" : v.subject,
    html: v.channel === "email" ? v.html : "",
    text: v.channel !== "email" || v.textMode === "custom" ? v.text : "",
    url: v.channel === "push" ? v.url : undefined,
    memberId,
    programId,
  });

  const { onSubmit, saving } = useSaveForm({
    form,
    save: (values: Values) =>
      template
        ? unwrap(api.PATCH("/api/v1/message-templates/{id}", { params: { path: { id: template.id } }, body: toBody(values) }))
        : unwrap(api.POST("/api/v1/message-templates", { body: { ...toBody(values), channel: values.channel } })),
    invalidate: [queryKeys.templates.all],
    savedMessage: (saved) => t("messaging.templates.savedMessage", { name: saved.name }),
    onSaved: (saved) => {
      queryClient.setQueryData(queryKeys.templates.detail(saved.id), saved);
      if (!template) navigate(`/messages/templates/${saved.id}`, { replace: true, state: { memberId, programId } satisfies PreviewState });
      else form.resetDirty(toValues(saved));
    },
  });

  const setContent = (field: ContentField, value: string) => form.setFieldValue(field, value as never);
  const title = template ? template.name : t("messaging.templates.createTitle");

  return (
    <>
      <PageHeader
        title={title}
        description={template ? undefined : t("messaging.templates.createDescription")}
        actions={
          <Button component={Link} to="/messages/templates" variant="default" leftSection={<IconArrowLeft size={18} />}>
            {t("messaging.templates.back")}
          </Button>
        }
      />
      {!canWrite && (
        <Alert color="gray" mb="md">
          {t("common.readOnly")}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form onSubmit={onSubmit} noValidate>
            <Stack>
              <Fieldset legend={t("messaging.templates.basics")} radius="md" disabled={!canWrite}>
                <Stack>
                  <TextInput label={t("messaging.templates.name")} withAsterisk maxLength={200} {...form.getInputProps("name")} />
                  <Stack gap={4} align="flex-start">
                    <Input.Label size="md" id="template-channel">
                      {t("messaging.channel")}
                    </Input.Label>
                    <SegmentedControl
                      aria-labelledby="template-channel"
                      disabled={!!template}
                      data={[
                        { value: "email", label: t("messaging.channels.email") },
                        { value: "sms", label: t("messaging.channels.sms") },
                        { value: "push", label: t("messaging.channels.push") },
                      ]}
                      {...form.getInputProps("channel")}
                    />
                    {template && (
                      <Text size="xs" c="gray.7">
                        {t("messaging.templates.channelFixed")}
                      </Text>
                    )}
                  </Stack>
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
                />
              </Fieldset>
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Group gap="sm">
                  {canSend && (
                    <Button variant="light" leftSection={<IconSend size={18} />} onClick={() => setTesting(true)}>
                      {t("messaging.test.sendToMe")}
                    </Button>
                  )}
                  {template && canWrite && (
                    <Button variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={() => askDelete(template)}>
                      {t("messaging.templates.delete")}
                    </Button>
                  )}
                </Group>
                {canWrite && (
                  <Group gap="sm">
                    <Button component={Link} to="/messages/templates" variant="default">
                      {t("common.cancel")}
                    </Button>
                    <Button type="submit" loading={saving}>
                      {template ? t("common.save") : t("messaging.templates.create")}
                    </Button>
                  </Group>
                )}
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <div style={{ position: "sticky", top: 80 }}>
            <PreviewPanel
              channel={v.channel}
              preview={preview.data}
              loading={preview.isFetching}
              error={preview.error}
              memberId={memberId}
              onMemberChange={setMemberId}
              programId={programId}
              onProgramChange={setProgramId}
            />
          </div>
        </Grid.Col>
      </Grid>
      <SendTestModal
        opened={testing}
        onClose={() => setTesting(false)}
        channel={v.channel}
        title={t("messaging.test.title")}
        send={(to) =>
          unwrap(
            api.POST("/api/v1/message-templates/test", {
              body: {
                channel: v.channel,
                subject: v.channel === "sms" ? undefined : v.subject,
                html: v.channel === "email" ? v.html : undefined,
                text: v.channel !== "email" || v.textMode === "custom" ? v.text : undefined,
                url: v.channel === "push" ? v.url : undefined,
                memberId: memberId ?? undefined,
                programId: programId ?? undefined,
                to,
              },
            }),
          )
        }
      />
    </>
  );
}
