import { Anchor, Card, Code, List, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { WidgetSettings } from "./widget-api";

/**
 * How a site that already knows its customer passes them in (a signed member token), so the
 * customer does not sign in a second time. The full guide, with PHP and Node, is docs/widget.md.
 */
export function WidgetSignInCard({ settings }: { settings: WidgetSettings }) {
  const { t } = useTranslation();
  const example = [
    "<script>",
    "  window.regulars = window.regulars || [];",
    '  regulars.push(["identify", { token: "<JWT>" }]);',
    "</script>",
    settings.snippet,
  ].join("\n");
  return (
    <Card withBorder radius="lg" p="lg" data-testid="widget-sign-in">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("widget.signIn.title")}
        </Title>
        <Text size="sm">{t("widget.signIn.intro")}</Text>
        <List type="ordered" size="sm" spacing="xs">
          <List.Item>{t("widget.signIn.step1")}</List.Item>
          <List.Item>{t("widget.signIn.step2")}</List.Item>
          <List.Item>{t("widget.signIn.step3")}</List.Item>
        </List>
        <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }} data-testid="widget-identify-example">
          {example}
        </Code>
        <Text size="sm" c="dimmed">
          {t("widget.signIn.withoutToken")}
        </Text>
        <Text size="sm">
          {t("widget.signIn.docs")}{" "}
          <Anchor href="/api/docs" target="_blank" rel="noopener">
            {t("widget.signIn.apiReference")}
          </Anchor>
        </Text>
      </Stack>
    </Card>
  );
}
