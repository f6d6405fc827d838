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

/** The save button of a long form on a page (a program's tabs): it stays in view at the bottom. */
export function StickySaveBar({ loading }: { loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Group
      justify="flex-end"
      style={{ position: "sticky", bottom: 0, zIndex: 3, background: "var(--mantine-color-body)", padding: "12px 0" }}
    >
      <Button type="submit" size="md" loading={loading}>
        {t("common.save")}
      </Button>
    </Group>
  );
}
