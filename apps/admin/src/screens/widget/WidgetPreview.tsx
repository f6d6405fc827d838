import { Box, Group, SegmentedControl, Stack, Switch, Text, Title } from "@mantine/core";
import { mountWidgetPreview, type PreviewInput } from "@regulars/widget/preview";
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { WIDGET_LANGUAGES, type WidgetLanguage } from "./widget-api";

export type PreviewState = PreviewInput["state"];
const STATES: PreviewState[] = ["signed-out", "member"];

/**
 * The real widget (packages/widget, the same code as widget.js) drawn from the form's values inside
 * a mock page: it changes as the staff member edits. It is a picture, not a control (inert): the
 * switches above it choose the language, the member's state and whether the panel is open.
 */
export function WidgetPreview({
  input,
  onLanguageChange,
  onStateChange,
  onOpenChange,
}: {
  input: PreviewInput;
  onLanguageChange: (language: WidgetLanguage) => void;
  onStateChange: (state: PreviewState) => void;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const preview = useRef<ReturnType<typeof mountWidgetPreview> | null>(null);
  const latest = useRef(input);
  latest.current = input;
  const headingId = useId();

  useEffect(() => {
    if (!host.current) return;
    preview.current = mountWidgetPreview(host.current, latest.current);
    return () => {
      preview.current?.destroy();
      preview.current = null;
    };
  }, []);

  // The input is rebuilt on every render; the widget redraws only when something in it changed.
  const signature = JSON.stringify(input);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `input`
  useEffect(() => {
    preview.current?.update(latest.current);
  }, [signature]);

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {t("widget.preview")}
      </Title>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          size="sm"
          aria-label={t("widget.previewLanguage")}
          data={WIDGET_LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          value={input.language}
          onChange={(v) => onLanguageChange(v as WidgetLanguage)}
        />
        <SegmentedControl
          size="sm"
          aria-label={t("widget.previewState")}
          data={STATES.map((s) => ({ value: s, label: t(`widget.previewStates.${s}`) }))}
          value={input.state}
          onChange={(v) => onStateChange(v as PreviewState)}
        />
        <Switch size="md" label={t("widget.previewOpen")} checked={input.open} onChange={(e) => onOpenChange(e.currentTarget.checked)} />
      </Group>
      <Box
        role="img"
        aria-label={t("widget.previewLabel")}
        data-testid="widget-preview"
        style={{
          position: "relative",
          // The whole preview fits a tablet's screen; on a tall one the member's panel shows more.
          height: "clamp(460px, calc(100dvh - 260px), 620px)",
          borderRadius: 12,
          overflow: "hidden",
          border: "1px solid var(--mantine-color-gray-3)",
          background: "var(--mantine-color-gray-0)",
        }}
      >
        <MockPage />
        <div ref={host} inert style={{ position: "absolute", inset: 0 }} data-testid="widget-preview-host" />
      </Box>
      <Text size="xs" c="dimmed">
        {t("widget.previewHelp")}
      </Text>
    </Stack>
  );
}

/** Grey blocks where the company's own page would be, so the widget sits on something page-like. */
function MockPage() {
  const bar = (width: string, height = 10) => <Box style={{ width, height, borderRadius: 4, background: "var(--mantine-color-gray-2)" }} />;
  return (
    <Stack gap="sm" p="md" aria-hidden>
      <Box style={{ height: 36, borderRadius: 6, background: "var(--mantine-color-gray-2)" }} />
      <Box style={{ height: 120, borderRadius: 6, background: "var(--mantine-color-gray-1)" }} />
      {bar("70%")}
      {bar("90%")}
      {bar("55%")}
    </Stack>
  );
}
