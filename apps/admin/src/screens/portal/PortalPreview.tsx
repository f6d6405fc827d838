import { Avatar, Box, Group, Paper, Stack, Text } from "@mantine/core";
import { IconBarcode, IconCoins, IconQrcode } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { BarcodeFormat } from "./portal-api";

export interface PreviewValues {
  programName: string;
  accentColor: string;
  logoUrl: string | null;
  backgroundUrl: string | null;
  identifierLabel: string;
  barcodeFormat: BarcodeFormat;
}

/** White or near-black text, whichever contrasts more with the colour (WCAG relative luminance). */
export function textOn(hex: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return "#ffffff";
  const n = Number.parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  // #1a1b1e has a luminance of about 0.011.
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.061 ? "#ffffff" : "#1a1b1e";
}

/**
 * The portal's header and card as a member's phone shows them, drawn here from the form's values
 * (not the real portal in a frame): it changes as the staff member types.
 */
export function PortalPreview({ values }: { values: PreviewValues }) {
  const { t } = useTranslation();
  const accent = /^#[0-9a-f]{6}$/i.test(values.accentColor) ? values.accentColor : "#2f9e44";
  const fg = textOn(accent);
  return (
    <Paper
      withBorder
      radius={28}
      p={10}
      w={300}
      mx="auto"
      role="img"
      aria-label={t("portal.previewLabel")}
      data-testid="portal-preview"
      style={{ background: "#1a1b1e" }}
    >
      <Box
        style={{
          borderRadius: 20,
          overflow: "hidden",
          height: 520,
          background: values.backgroundUrl ? `center / cover no-repeat url("${values.backgroundUrl}")` : "#f1f3f5",
        }}
      >
        <Group gap="sm" px="md" py="sm" style={{ background: accent, color: fg }} data-testid="preview-header">
          <Avatar src={values.logoUrl} size={32} radius="sm" color="gray" alt="">
            <IconCoins size={18} />
          </Avatar>
          <Text fw={700} size="md" style={{ color: fg }} truncate>
            {values.programName}
          </Text>
        </Group>
        <Stack p="md" gap="md">
          <Paper radius="md" p="md" shadow="xs">
            <Text size="sm" c="dimmed">
              {t("portal.previewPoints")}
            </Text>
            <Text fw={800} size="xl" style={{ color: accent }}>
              1 234
            </Text>
          </Paper>
          <Paper radius="md" p="md" shadow="xs" data-testid="preview-card">
            <Text size="sm" fw={600} mb="xs">
              {t("portal.previewCard")}
            </Text>
            <Group justify="center" my="xs" c="dark">
              {values.barcodeFormat === "qr" ? <IconQrcode size={96} aria-hidden /> : <IconBarcode size={96} aria-hidden />}
            </Group>
            <Text size="xs" c="dimmed" ta="center">
              {values.identifierLabel}
            </Text>
            <Text ta="center" ff="monospace" fw={600}>
              {values.barcodeFormat === "ean13" ? "5901234123457" : "RG00012345"}
            </Text>
          </Paper>
        </Stack>
      </Box>
    </Paper>
  );
}
