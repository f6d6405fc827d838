import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Group,
  Loader,
  Menu,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  ThemeIcon,
} from "@mantine/core";
import { IconAlertTriangle, IconBell, IconBraces, IconCheck, IconSend, IconX } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { Editor } from "@tiptap/react";
import { type RefObject, useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { usePrograms } from "../api/lookups";
import type { Channel, MessagePreview, SendReport } from "../api/messaging";
import { usePlaceholders } from "../api/messaging";
import { queryKeys } from "../api/query-keys";
import { useCurrentSession } from "../api/session";
import { formatNumber } from "../format";
import { errorMessage } from "./feedback";
import { MemberPicker } from "./MemberPicker";

/** Somewhere a personal field can be inserted: a text input, a textarea or the HTML editor. */
export interface InsertTarget {
  insert(text: string): void;
}

/** An input or textarea as an insertion target: the field goes where the cursor was. */
export function textTarget(
  ref: RefObject<HTMLInputElement | HTMLTextAreaElement | null>,
  get: () => string,
  set: (value: string) => void,
): InsertTarget {
  return {
    insert(text) {
      const el = ref.current;
      const value = get();
      const start = el?.selectionStart ?? value.length;
      const end = el?.selectionEnd ?? start;
      set(value.slice(0, start) + text + value.slice(end));
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(start + text.length, start + text.length);
      });
    },
  };
}

export function editorTarget(editor: Editor | null): InsertTarget {
  return {
    insert(text) {
      editor?.chain().focus().insertContent(text).run();
    },
  };
}

/**
 * Remembers which content field was focused last, so "Insert field" puts the placeholder there.
 * `fallback` is used before any field had focus (usually the message body).
 */
export function useInsertionPoint(fallback: () => InsertTarget | null) {
  const last = useRef<InsertTarget | null>(null);
  const fallbackRef = useRef(fallback);
  fallbackRef.current = fallback;
  const focus = useCallback((target: InsertTarget) => {
    last.current = target;
  }, []);
  const insert = useCallback((text: string) => {
    (last.current ?? fallbackRef.current())?.insert(text);
  }, []);
  return { focus, insert };
}

/** A menu of the personal fields ({first_name}, …) with their sample values. */
export function InsertFieldButton({ onPick, disabled }: { onPick: (placeholder: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const placeholders = usePlaceholders();
  return (
    <Menu position="bottom-end" shadow="md" width={320} withinPortal>
      <Menu.Target>
        <Button variant="light" leftSection={<IconBraces size={18} />} disabled={disabled}>
          {t("messaging.insertField")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("messaging.insertFieldHelp")}</Menu.Label>
        <ScrollArea.Autosize mah={320} type="auto">
          {placeholders.isPending && <Loader size="sm" m="sm" aria-label={t("common.loading")} />}
          {(placeholders.data ?? []).map((p) => (
            // Keep the editor's selection: the menu item must not take focus on mouse down.
            <Menu.Item key={p.name} onMouseDown={(e) => e.preventDefault()} onClick={() => onPick(`{${p.name}}`)} mih={40}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm" ff="monospace">{`{${p.name}}`}</Text>
                <Text size="xs" c="gray.7" truncate maw={150}>
                  {p.example}
                </Text>
              </Group>
            </Menu.Item>
          ))}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Characters, segments and encoding of an SMS (as computed by the API for the rendered text). */
export function SmsCounter({ sms, loading }: { sms: MessagePreview["sms"] | undefined; loading?: boolean }) {
  const { t } = useTranslation();
  if (!sms)
    return (
      <Text size="xs" c="gray.7" data-testid="sms-counter">
        {loading ? t("common.loading") : "—"}
      </Text>
    );
  return (
    <Group gap="xs" data-testid="sms-counter" wrap="wrap">
      <Text size="xs">{t("messaging.sms.characters", { count: sms.characters, formatted: formatNumber(sms.characters) })}</Text>
      <Text size="xs">·</Text>
      <Text size="xs" fw={700}>
        {t("messaging.sms.segments", { count: sms.segments, formatted: formatNumber(sms.segments) })}
      </Text>
      <Badge size="xs" variant="light" color={sms.encoding === "gsm7" ? "green" : "orange"}>
        {t(`messaging.sms.encodings.${sms.encoding}`)}
      </Badge>
      {sms.encoding === "ucs2" && (
        <Text size="xs" c="gray.8" fw={600}>
          {t("messaging.sms.ucs2Hint")}
        </Text>
      )}
    </Group>
  );
}

/** The rendered e-mail as a document of its own (its styles do not leak into the admin). */
export function EmailFrame({ html, title, height = 420 }: { html: string; title: string; height?: number }) {
  return (
    <Box
      component="iframe"
      title={title}
      srcDoc={html}
      // No scripts; same origin only so the page can be read by assistive tools and tests.
      sandbox="allow-same-origin allow-popups"
      w="100%"
      h={height}
      style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 8, background: "white" }}
    />
  );
}

/**
 * The preview column: who it is rendered for (a chosen member, or sample values), the program
 * whose branding the e-mail carries, and the message as sent.
 */
export function PreviewPanel({
  channel,
  preview,
  loading,
  error,
  memberId,
  onMemberChange,
  programId,
  onProgramChange,
}: {
  channel: Channel;
  preview: MessagePreview | undefined;
  loading: boolean;
  error: unknown;
  memberId: string | null;
  onMemberChange: (id: string | null) => void;
  programId?: string | null;
  onProgramChange?: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const programs = usePrograms();
  // A member chosen before (e.g. on the page before saving) is shown by name once loaded.
  const chosen = useQuery({
    queryKey: queryKeys.members.detail(memberId ?? ""),
    enabled: !!memberId,
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id: memberId ?? "" } } })),
    staleTime: 60_000,
  });
  return (
    <Card withBorder radius="lg" p="md" data-testid="message-preview" aria-label={t("messaging.preview.title")}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text size="xs" fw={700} tt="uppercase" c="gray.7">
            {t("messaging.preview.title")}
          </Text>
          {loading && <Loader size="xs" aria-label={t("common.loading")} />}
        </Group>
        <MemberPicker
          key={chosen.data?.id ?? "none"}
          initial={chosen.data}
          label={t("messaging.preview.member")}
          description={memberId ? undefined : t("messaging.preview.sampleData")}
          value={memberId}
          onChange={onMemberChange}
        />
        {onProgramChange && (programs.data?.length ?? 0) > 1 && (
          <Select
            label={t("messaging.preview.program")}
            placeholder={t("messaging.preview.defaultProgram")}
            clearable
            data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={programId ?? null}
            onChange={onProgramChange}
          />
        )}
        {error ? (
          <Alert color="red" icon={<IconAlertTriangle />} title={t("messaging.preview.failed")} data-testid="preview-error">
            {errorMessage(t, error)}
          </Alert>
        ) : null}
        {preview && channel === "email" && (
          <Stack gap="xs">
            <div>
              <Text size="xs" c="gray.7">
                {t("messaging.subject")}
              </Text>
              <Text fw={600} data-testid="preview-subject" style={{ overflowWrap: "anywhere" }}>
                {preview.subject || "—"}
              </Text>
            </div>
            <Tabs defaultValue="html" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="html">{t("messaging.preview.html")}</Tabs.Tab>
                <Tabs.Tab value="text">{t("messaging.preview.text")}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                <EmailFrame html={preview.html} title={t("messaging.preview.title")} />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <Code block data-testid="preview-text" style={{ whiteSpace: "pre-wrap", maxHeight: 420, overflow: "auto" }}>
                  {preview.text}
                </Code>
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
        {preview?.push && channel === "push" && <PushPreview push={preview.push} />}
        {preview && channel === "sms" && (
          <Stack gap="xs">
            <Box
              data-testid="preview-sms"
              p="sm"
              bg="gray.1"
              style={{ borderRadius: 16, borderBottomLeftRadius: 4, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
            >
              <Text size="sm">{preview.text || "—"}</Text>
            </Box>
            <SmsCounter sms={preview.sms} />
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** A push notification roughly as a phone shows it: the title, the text, and the link it opens. */
function PushPreview({ push }: { push: NonNullable<MessagePreview["push"]> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="preview-push">
      <Text size="xs" c="gray.7">
        {t("messaging.push.previewLabel")}
      </Text>
      <Box p="sm" bg="gray.1" style={{ borderRadius: 16, overflowWrap: "anywhere" }}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon size={36} radius="md" variant="light" color="teal" aria-hidden>
            <IconBell size={20} />
          </ThemeIcon>
          <div>
            <Text size="sm" fw={700} data-testid="preview-push-title">
              {push.title || "—"}
            </Text>
            <Text size="sm" data-testid="preview-push-body">
              {push.body || "—"}
            </Text>
          </div>
        </Group>
      </Box>
      <Text size="xs" c="gray.7" style={{ overflowWrap: "anywhere" }}>
        {t("messaging.push.url")}: {push.url}
      </Text>
    </Stack>
  );
}

/** What a provider answered to a send: green with the answer, or red with the reason. */
export function SendReportAlert({ report }: { report: SendReport }) {
  const { t } = useTranslation();
  return (
    <Alert
      color={report.ok ? "green" : "red"}
      icon={report.ok ? <IconCheck /> : <IconX />}
      title={report.ok ? t("messaging.test.sent") : t("messaging.test.notSent")}
      data-testid="send-report"
    >
      <Stack gap={4}>
        <Text size="sm">{t("messaging.test.serverAnswer")}</Text>
        <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="send-report-response">
          {report.response}
        </Code>
      </Stack>
    </Alert>
  );
}

/**
 * Sends a test (to an address given here, or by default to the signed-in staff member's e-mail)
 * and shows the provider's real answer.
 */
export function SendTestModal({
  opened,
  onClose,
  channel,
  title,
  send,
}: {
  opened: boolean;
  onClose: () => void;
  channel: Channel;
  title: string;
  send: (to: string | undefined) => Promise<SendReport>;
}) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const [to, setTo] = useState("");
  const [toError, setToError] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: (address: string | undefined) => send(address) });
  const close = () => {
    mutation.reset();
    setToError(null);
    onClose();
  };
  const submit = () => {
    const address = to.trim();
    if (channel === "push") {
      mutation.mutate(undefined);
      return;
    }
    if (channel === "sms" && !address) {
      setToError(t("validation.required"));
      return;
    }
    setToError(null);
    mutation.mutate(address || undefined);
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={700}>{title}</Text>} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack>
          {channel === "push" ? (
            <Text size="sm">{t("messaging.test.pushHelp")}</Text>
          ) : (
            <TextInput
              label={channel === "sms" ? t("messaging.test.toPhone") : t("messaging.test.toEmail")}
              description={channel === "email" ? t("messaging.test.toEmailHelp", { email: session.staff.email }) : undefined}
              placeholder={channel === "email" ? session.staff.email : "+48 600 000 000"}
              withAsterisk={channel === "sms"}
              type={channel === "email" ? "email" : "tel"}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={toError}
              data-autofocus
            />
          )}
          {mutation.data && <SendReportAlert report={mutation.data} />}
          {mutation.isError && (
            <Alert color="red" icon={<IconX />} title={t("messaging.test.notSent")} data-testid="send-error">
              {errorMessage(t, mutation.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.close")}
            </Button>
            <Button type="submit" leftSection={<IconSend size={18} />} loading={mutation.isPending}>
              {t("messaging.test.send")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
