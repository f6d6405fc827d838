import { Alert, Anchor, Card, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { CopyField } from "../../components/CopyField";
import type { WidgetSettings } from "./widget-api";

/** The one line to paste into the company's site, and what it names (the public key, the script). */
export function WidgetInstallCard({ settings }: { settings: WidgetSettings }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" p="lg" data-testid="widget-install">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" mb={4}>
            {t("widget.install")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("widget.installHelp")}
          </Text>
        </div>
        {!settings.enabled && (
          <Alert color="yellow" icon={<IconAlertTriangle />} p="sm" data-testid="widget-off-warning">
            <Text size="sm">{t("widget.offWarning")}</Text>
          </Alert>
        )}
        {settings.enabled && settings.allowedOrigins.length === 0 && (
          <Alert color="yellow" icon={<IconAlertTriangle />} p="sm">
            <Text size="sm">{t("widget.noOriginsWarning")}</Text>
          </Alert>
        )}
        <CopyField label={t("widget.snippet")} value={settings.snippet} copyLabel={t("widget.copySnippet")} block testId="widget-snippet" />
        <CopyField
          label={t("widget.publicKey")}
          value={settings.publicKey}
          copyLabel={t("widget.copyPublicKey")}
          testId="widget-public-key"
        />
        <Text size="sm">
          {t("widget.scriptUrl")}{" "}
          <Anchor href={settings.scriptUrl} target="_blank" rel="noopener" style={{ wordBreak: "break-all" }}>
            {settings.scriptUrl}
          </Anchor>
        </Text>
      </Stack>
    </Card>
  );
}
