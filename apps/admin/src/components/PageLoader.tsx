import { Group, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** What a screen or tab shows while its data loads. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Group justify="center" p="xl">
      <Loader aria-label={t("common.loading")} />
    </Group>
  );
}
