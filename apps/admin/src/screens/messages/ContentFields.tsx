import { Group, Input, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import type { Editor } from "@tiptap/react";
import { type ReactNode, useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Channel, MessagePreview, TextMode } from "../../api/messaging";
import { editorTarget, InsertFieldButton, SmsCounter, textTarget, useInsertionPoint } from "../../components/MessageContent";
import { HtmlEditor } from "./HtmlEditor";

/** What push services and phones show (the API checks the same limits). */
export const PUSH_TITLE_MAX = 60;
export const PUSH_BODY_MAX = 180;

export interface ContentValue {
  subject: string;
  html: string;
  text: string;
  textMode: TextMode;
  /** push: the link the notification opens (e-mail and SMS: unused) */
  url?: string;
}
export type ContentField = keyof ContentValue;

/**
 * The content of one message: an e-mail (subject, HTML body, plain-text alternative generated or
 * written), an SMS (text with a live length/segment counter) or a push notification (title, text,
 * link; the limits push services and phones show). "Insert field" puts a personal
 * field where the cursor was in the last focused part.
 */
export function ContentFields({
  channel,
  value,
  onChange,
  errors = {},
  preview,
  previewLoading,
  disabled,
  heading,
  smsLabel,
}: {
  channel: Channel;
  value: ContentValue;
  onChange: (field: ContentField, value: string) => void;
  errors?: Partial<Record<ContentField, ReactNode>>;
  /** The API's rendering of this content: SMS counter and the generated plain text. */
  preview?: MessagePreview;
  previewLoading?: boolean;
  disabled?: boolean;
  heading?: ReactNode;
  smsLabel?: string;
}) {
  const { t } = useTranslation();
  const subjectRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const valueRef = useRef(value);
  valueRef.current = value;
  const target = (field: "subject" | "text" | "url") =>
    textTarget(
      field === "subject" ? subjectRef : field === "url" ? urlRef : textRef,
      () => valueRef.current[field] ?? "",
      (v) => onChange(field, v),
    );
  const insertion = useInsertionPoint(() => (channel === "email" ? editorTarget(editor) : target("text")));
  const onEditor = useCallback((e: Editor | null) => setEditor(e), []);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        {heading ?? <span />}
        <InsertFieldButton onPick={insertion.insert} disabled={disabled} />
      </Group>
      {channel === "email" ? (
        <>
          <TextInput
            ref={subjectRef}
            label={t("messaging.subject")}
            withAsterisk
            maxLength={300}
            value={value.subject}
            onChange={(e) => onChange("subject", e.currentTarget.value)}
            onFocus={() => insertion.focus(target("subject"))}
            error={errors.subject}
            disabled={disabled}
          />
          <HtmlEditor
            label={t("messaging.body")}
            required
            value={value.html}
            onChange={(html) => onChange("html", html)}
            onEditor={onEditor}
            onFocus={() => insertion.focus(editorTarget(editor))}
            error={errors.html}
            disabled={disabled}
          />
          <Stack gap={4} align="flex-start">
            <Input.Label size="md" id={`${channel}-text-mode`}>
              {t("messaging.plainText")}
            </Input.Label>
            <Text size="xs" c="gray.7">
              {t("messaging.plainTextHelp")}
            </Text>
            <SegmentedControl
              aria-labelledby={`${channel}-text-mode`}
              value={value.textMode}
              onChange={(mode) => onChange("textMode", mode)}
              disabled={disabled}
              data={[
                { value: "auto", label: t("messaging.textModes.auto") },
                { value: "custom", label: t("messaging.textModes.custom") },
              ]}
            />
          </Stack>
          {value.textMode === "custom" ? (
            <Textarea
              ref={textRef}
              label={t("messaging.plainTextCustom")}
              autosize
              minRows={4}
              maxRows={14}
              value={value.text}
              onChange={(e) => onChange("text", e.currentTarget.value)}
              onFocus={() => insertion.focus(target("text"))}
              error={errors.text}
              disabled={disabled}
            />
          ) : null}
        </>
      ) : channel === "push" ? (
        <Stack gap="sm">
          <TextInput
            ref={subjectRef}
            label={t("messaging.push.title")}
            description={t("messaging.push.counter", { count: [...value.subject].length, max: PUSH_TITLE_MAX })}
            withAsterisk
            maxLength={PUSH_TITLE_MAX}
            value={value.subject}
            onChange={(e) => onChange("subject", e.currentTarget.value)}
            onFocus={() => insertion.focus(target("subject"))}
            error={errors.subject}
            disabled={disabled}
          />
          <Textarea
            ref={textRef}
            label={t("messaging.push.body")}
            description={t("messaging.push.counter", { count: [...value.text].length, max: PUSH_BODY_MAX })}
            withAsterisk
            autosize
            minRows={3}
            maxRows={6}
            maxLength={PUSH_BODY_MAX}
            value={value.text}
            onChange={(e) => onChange("text", e.currentTarget.value)}
            onFocus={() => insertion.focus(target("text"))}
            error={errors.text}
            disabled={disabled}
          />
          <TextInput
            ref={urlRef}
            label={t("messaging.push.url")}
            description={t("messaging.push.urlHelp")}
            maxLength={1000}
            placeholder="/rewards"
            value={value.url ?? ""}
            onChange={(e) => onChange("url", e.currentTarget.value)}
            onFocus={() => insertion.focus(target("url"))}
            error={errors.url}
            disabled={disabled}
          />
        </Stack>
      ) : (
        <Stack gap={6}>
          <Textarea
            ref={textRef}
            label={smsLabel ?? t("messaging.smsText")}
            withAsterisk
            autosize
            minRows={4}
            maxRows={12}
            value={value.text}
            onChange={(e) => onChange("text", e.currentTarget.value)}
            onFocus={() => insertion.focus(target("text"))}
            error={errors.text}
            disabled={disabled}
          />
          <SmsCounter sms={preview?.sms ?? undefined} loading={previewLoading} />
        </Stack>
      )}
    </Stack>
  );
}
