import { Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="sm" py="xl">
      <Title order={1} size="h2">
        {t("shell.notFound.title")}
      </Title>
      <Text c="dimmed">{t("shell.notFound.body")}</Text>
      <Button component={Link} to="/">
        {t("shell.notFound.home")}
      </Button>
    </Stack>
  );
}
