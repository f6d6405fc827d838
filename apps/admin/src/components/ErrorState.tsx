import { Alert, Button, Center, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "./feedback";

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      <Alert color="red" icon={<IconAlertTriangle />} title={t("errors.loadFailed")} maw={520} w="100%">
        <Stack gap="sm" align="flex-start">
          {errorMessage(t, error)}
          {onRetry && (
            <Button variant="light" color="red" onClick={onRetry}>
              {t("common.retry")}
            </Button>
          )}
        </Stack>
      </Alert>
    </Center>
  );
}
