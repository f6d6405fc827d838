import { Button, Fieldset, Modal, Select, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconEye } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Channel, CONSENT_PURPOSES, type ConsentPurpose, type PreviewInput, usePreview } from "../../api/messaging";
import { PreviewPanel } from "../../components/MessageContent";
import { type ContentField, ContentFields } from "./ContentFields";

export interface PushPart {
  enabled: boolean;
  purpose: ConsentPurpose;
  title: string;
  body: string;
  url: string;
}

/** The notification's push fields in the content editor's names (title = subject, body = text). */
const FIELD_OF: Partial<Record<ContentField, keyof PushPart>> = { subject: "title", text: "body", url: "url" };

/**
 * A notification's push part: switch, consent purpose, title/text/link. No test send here: a push
 * test goes to a member's devices, chosen in a template's preview.
 */
export function PushFieldset<V extends { push: PushPart }>({
  form,
  programId,
  disabled,
  onPreview,
}: {
  form: UseFormReturnType<V>;
  programId: string;
  disabled: boolean;
  onPreview: () => void;
}) {
  const { t } = useTranslation();
  const push = (form.getValues() as { push: PushPart }).push;
  const preview = usePreview({ channel: "push", subject: push.title, text: push.body, url: push.url, programId }, push.body.trim() !== "");
  const errors: Partial<Record<ContentField, string>> = {};
  for (const [field, key] of Object.entries(FIELD_OF)) {
    const e = form.errors[`push.${key}`];
    if (e) errors[field as ContentField] = String(e);
  }
  return (
    <Fieldset legend={t("messaging.channels.push")} radius="md">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }} verticalSpacing="sm">
          <Switch label={t("messaging.notifications.sendPush")} {...form.getInputProps("push.enabled", { type: "checkbox" })} />
          <Select
            label={t("messaging.purpose")}
            description={t("messaging.purposeHelp")}
            allowDeselect={false}
            data={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`consents.purposes.${p}`) }))}
            {...form.getInputProps("push.purpose")}
          />
        </SimpleGrid>
        <Text size="xs" c="gray.7">
          {t("messaging.push.quietHoursNote")}
        </Text>
        <ContentFields
          channel="push"
          value={{ subject: push.title, html: "", textMode: "custom", text: push.body, url: push.url }}
          onChange={(field: ContentField, value: string) => {
            const key = FIELD_OF[field];
            if (key) form.setFieldValue(`push.${key}` as never, value as never);
          }}
          errors={errors}
          preview={preview.data}
          previewLoading={preview.isFetching}
          disabled={disabled}
          heading={
            <Button variant="subtle" leftSection={<IconEye size={18} />} onClick={onPreview}>
              {t("messaging.preview.open")}
            </Button>
          }
        />
      </Stack>
    </Fieldset>
  );
}

export function NotificationPreviewModal({
  channel,
  onClose,
  programId,
  content,
}: {
  channel: Channel | null;
  onClose: () => void;
  programId: string;
  content: PreviewInput;
}) {
  const { t } = useTranslation();
  const [memberId, setMemberId] = useState<string | null>(null);
  const preview = usePreview({ ...content, memberId, programId }, channel !== null);
  return (
    <Modal opened={channel !== null} onClose={onClose} size="lg" title={<Text fw={700}>{t("messaging.preview.title")}</Text>}>
      {channel && (
        <PreviewPanel
          channel={channel}
          preview={preview.data}
          loading={preview.isFetching}
          error={preview.error}
          memberId={memberId}
          onMemberChange={setMemberId}
        />
      )}
    </Modal>
  );
}
