import { Anchor, Button, Card, CopyButton, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy, IconExternalLink, IconPrinter } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PortalQr } from "./PortalQr";

/** The portal's sign-in/sign-up address with its QR code, and the way to the printable poster. */
export function PortalLinkCard({ link }: { link: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" p="lg">
      <Text fw={600} mb={4}>
        {t("portal.link")}
      </Text>
      <Text size="sm" c="dimmed" mb="md">
        {t("portal.linkHelp")}
      </Text>
      <Group align="flex-start" wrap="wrap" gap="lg">
        <PortalQr value={link} size={128} alt={t("portal.qrAlt", { link })} />
        <Stack gap="xs" style={{ flex: "1 1 200px", minWidth: 0 }}>
          <Anchor href={link} target="_blank" rel="noopener" fw={600} style={{ wordBreak: "break-all" }} data-testid="portal-link">
            {link}
          </Anchor>
          <Group gap="xs">
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>
                  {copied ? t("portal.copied") : t("portal.copy")}
                </Button>
              )}
            </CopyButton>
            <Button
              size="xs"
              variant="default"
              component="a"
              href={link}
              target="_blank"
              rel="noopener"
              leftSection={<IconExternalLink size={14} />}
            >
              {t("portal.open")}
            </Button>
            <Button
              size="xs"
              variant="default"
              component={Link}
              to="/settings/member-portal/poster"
              leftSection={<IconPrinter size={14} />}
            >
              {t("portal.printPoster")}
            </Button>
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
