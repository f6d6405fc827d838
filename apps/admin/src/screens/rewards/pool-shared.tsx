import { Badge } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { VoucherPool } from "../../components/RewardShared";

export const CODE_STATUSES = ["available", "issued", "used", "expired", "void"] as const;
export type CodeStatus = (typeof CODE_STATUSES)[number];
export const CODE_STATUS_COLORS: Record<CodeStatus, string> = {
  available: "green",
  issued: "indigo",
  used: "gray",
  expired: "orange",
  void: "red",
};

export function LowBadge({ pool }: { pool: VoucherPool }) {
  const { t } = useTranslation();
  if (!pool.low) return null;
  return (
    <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />}>
      {t("rewards.pools.low")}
    </Badge>
  );
}
