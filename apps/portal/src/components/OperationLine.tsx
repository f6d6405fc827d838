import { Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { components } from "../api/schema";
import { formatDateTime, formatMoney, formatPoints } from "../format";

/** One point operation as the member API answers it (GET /me/home, /me/history). */
export type Operation = components["schemas"]["PortalOperation"];

/**
 * An operation in plain words: "Zakup — Kraków, Kazimierz: +49 pkt". The words are the history
 * feature's `operations.*` messages, used by the home screen's last operations too.
 */
export function OperationLine({ op }: { op: Operation }) {
  const { t, i18n } = useTranslation();
  const reward = (i18n.language === "en" ? op.rewardNameEn : op.rewardNamePl) ?? "";
  const label =
    op.kind === "event" && op.ruleName
      ? op.ruleName
      : t(`operations.kinds.${op.kind}`, { reward, defaultValue: t("operations.kinds.bonus") });
  const title = op.locationName ? `${label} — ${op.locationName}` : label;
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm" className="operation-line">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text fw={500} size="sm" lineClamp={2}>
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(op.at)}
          {op.amount ? ` · ${formatMoney(op.amount.amount, op.amount.currency)}` : ""}
          {op.pendingUntil ? ` · ${t("operations.pendingUntil", { date: formatDateTime(op.pendingUntil) })}` : ""}
        </Text>
      </Stack>
      <Text fw={700} size="sm" c={op.points > 0 ? "teal.9" : op.points < 0 ? "red.9" : "dimmed"} style={{ whiteSpace: "nowrap" }}>
        {formatPoints(op.points, true)}
      </Text>
    </Group>
  );
}
