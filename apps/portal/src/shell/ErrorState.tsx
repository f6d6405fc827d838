import { Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** A screen that could not load its data (the server or the network failed). */
export function ErrorState({ onRetry }: { onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="sm" py="xl" role="alert">
      <Title order={2} size="h3">
        {t("shell.error.title")}
      </Title>
      <Text c="dimmed">{t("shell.error.body")}</Text>
      {onRetry ? <Button onClick={onRetry}>{t("shell.error.retry")}</Button> : null}
    </Stack>
  );
}
