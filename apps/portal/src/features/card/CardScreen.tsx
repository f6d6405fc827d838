import { Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, slug, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { QrCode } from "../../components/QrCode";
import { formatDateTime, formatPoints } from "../../format";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { Barcode } from "./Barcode";

type MemberCard = components["schemas"]["PortalCard"];

/**
 * The card to show at the counter: the number as a barcode in the company's format and as a QR
 * code, the last known balance. Offline it opens from the service worker's copy of GET /me/card
 * (the query runs offline too: offlineFirst), with the moment that copy was read.
 */
export function CardScreen() {
  const { t, i18n } = useTranslation();
  const card = useQuery({
    queryKey: ["portal", "me", "card"],
    queryFn: (): Promise<MemberCard> => unwrap(api.GET("/api/v1/portal/{slug}/me/card", { params: { path: { slug } } })),
    networkMode: "offlineFirst",
  });
  const [view, setView] = useState<"barcode" | "qr" | null>(null);
  if (card.isPending) return <ScreenLoader />;
  if (card.isError || !card.data) return <ErrorState onRetry={() => void card.refetch()} />;
  const c = card.data;
  const shown = view ?? (c.barcodeFormat === "qr" ? "qr" : "barcode");
  const label = (i18n.language === "en" ? c.identifierLabel?.en : c.identifierLabel?.pl) || t("card.number");
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t("card.title")}
      </Title>
      <Card withBorder radius="lg" padding="lg" bg="white" c="black" data-testid="member-card">
        <Stack gap="md" align="center">
          {c.barcodeFormat !== "qr" ? (
            <SegmentedControl
              value={shown}
              onChange={(v) => setView(v as "barcode" | "qr")}
              data={[
                { value: "barcode", label: t("card.showBarcode") },
                { value: "qr", label: t("card.showQr") },
              ]}
            />
          ) : null}
          {shown === "qr" || c.barcodeFormat === "qr" ? (
            <QrCode value={c.cardNumber} size={260} label={t("card.qrLabel", { number: c.cardNumber })} />
          ) : (
            <Barcode value={c.cardNumber} format={c.barcodeFormat} label={t("card.barcodeLabel", { number: c.cardNumber })} />
          )}
          <Stack gap={0} align="center">
            <Text size="sm" c="gray.8">
              {label}
            </Text>
            <Text ff="monospace" fz={28} fw={800} style={{ letterSpacing: "0.12em" }} data-testid="card-number">
              {c.cardNumber}
            </Text>
            <Text size="md" fw={600}>
              {`${c.firstName} ${c.lastName}`.trim()}
            </Text>
          </Stack>
        </Stack>
      </Card>
      <Text size="sm" c="dimmed" ta="center">
        {t("card.brightness")}
      </Text>
      <Card withBorder radius="md" padding="md">
        {c.balance ? (
          <Group justify="space-between" align="flex-end">
            <div>
              <Text size="sm" c="dimmed">
                {t("card.balance")}
                {c.balance.tierName ? ` · ${c.balance.tierName}` : ""}
              </Text>
              <Text fz={28} fw={800} data-testid="card-balance">
                {formatPoints(c.balance.available)}
              </Text>
            </div>
            <Text size="xs" c="dimmed">
              {t("card.asOf", { date: formatDateTime(c.asOf) })}
            </Text>
          </Group>
        ) : (
          <Text size="sm">{t("card.noBalance")}</Text>
        )}
      </Card>
    </Stack>
  );
}
