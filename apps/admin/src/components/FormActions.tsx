import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** The footer of every drawer and dialog form: cancel on the left of the submit button. */
export function FormActions({ onCancel, loading, submitLabel }: { onCancel: () => void; loading: boolean; submitLabel?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="md">
      <Button variant="default" onClick={onCancel}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" loading={loading}>
        {submitLabel ?? t("common.save")}
      </Button>
    </Group>
  );
}
