import { Button, CopyButton, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QrCode } from "../../components/QrCode";
import { formatDate } from "../../format";

/** A voucher code: big and readable, a copy button, and its QR code on request (the encoder loads then). */
export function VoucherCode({ code, expiresAt }: { code: string; expiresAt: string | null }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState(false);
  return (
    <Stack gap={6} align="flex-start">
      <Text ff="monospace" fz={24} fw={700} style={{ letterSpacing: "0.08em", wordBreak: "break-all" }} data-testid="voucher-code">
        {code}
      </Text>
      {expiresAt ? (
        <Text size="xs" c="dimmed">
          {t("rewards.mine.validUntil", { date: formatDate(expiresAt) })}
        </Text>
      ) : null}
      <Group gap="xs">
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} color={copied ? "teal" : undefined}>
              {copied ? t("rewards.mine.copied") : t("rewards.mine.copy")}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="subtle" onClick={() => setQr((v) => !v)} aria-expanded={qr}>
          {qr ? t("rewards.mine.hideQr") : t("rewards.mine.showQr")}
        </Button>
      </Group>
      {qr ? <QrCode value={code} size={180} label={t("rewards.mine.qrLabel", { code })} /> : null}
    </Stack>
  );
}
