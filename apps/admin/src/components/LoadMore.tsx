import { Button, Center, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../format";

/** Cursor pagination: how many are shown, and a button for the next page. */
export function LoadMore({ shown, hasMore, loading, onLoad }: { shown: number; hasMore: boolean; loading: boolean; onLoad: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mt="md" style={{ flexDirection: "column", gap: 8 }}>
      <Text size="sm" c="dimmed">
        {t("common.shown", { count: shown, formatted: formatNumber(shown) })}
      </Text>
      {hasMore && (
        <Button variant="light" onClick={onLoad} loading={loading}>
          {t("common.loadMore")}
        </Button>
      )}
    </Center>
  );
}
