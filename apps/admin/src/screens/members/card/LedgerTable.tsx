import { ActionIcon, Badge, Menu, Table, Text } from "@mantine/core";
import { IconArrowBackUp, IconDots } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { LedgerEntry } from "../../../api/client";
import { formatDate, formatDateTime, formatMoney, formatPoints } from "../../../format";

/**
 * What an operation was about. System entries carry English prose in `reason` (e.g. "Receipt 123"),
 * so purchases, returns and welcome points are described from their parts in the interface language.
 */
function entryDetail(t: TFunction, e: LedgerEntry): string {
  const money = e.moneyMinor ? formatMoney(Math.abs(e.moneyMinor)) : "";
  if (e.causeType === "purchase") {
    const receipt = /^Receipt (.+)$/.exec(e.reason ?? "")?.[1];
    return [receipt ? t("points.receipt", { receipt }) : "", money].filter(Boolean).join(" · ") || "—";
  }
  if (e.causeType === "return") {
    const m = /^Return (.+) of receipt (.+)$/.exec(e.reason ?? "");
    return [m ? t("points.returnOf", { ret: m[1], receipt: m[2] }) : "", money].filter(Boolean).join(" · ") || "—";
  }
  if (e.causeType === "welcome" || e.causeType === "expiry") return "—";
  return e.reason ?? (money || "—");
}

const REVERSIBLE = new Set(["manual", "event", "welcome", "rule", "automation"]);

/** The ledger's operations, newest first, with the totals of the filter in the footer. */
export function LedgerTable({
  entries,
  sums,
  programName,
  onReverse,
}: {
  entries: LedgerEntry[];
  sums?: { credited: number; debited: number; net: number };
  /** Set when the member is in several programs: each operation names its program. */
  programName?: (programId: string) => string | undefined;
  /** Set when the user may reverse operations. */
  onReverse?: (e: LedgerEntry) => void;
}) {
  const { t } = useTranslation();
  const cause = (e: LedgerEntry) => t(`points.causes.${e.causeType}`, { defaultValue: e.causeType });
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="sm" aria-label={t("points.ledger")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("points.when")}</Table.Th>
            <Table.Th>{t("points.operation")}</Table.Th>
            <Table.Th ta="right">{t("points.points")}</Table.Th>
            <Table.Th>{t("points.reason")}</Table.Th>
            <Table.Th>{t("points.actor")}</Table.Th>
            {onReverse && (
              <Table.Th w={60}>
                <span className="visually-hidden">{t("common.actions")}</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id} data-testid="ledger-row">
              <Table.Td className="nowrap">{formatDateTime(e.occurredAt)}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {cause(e)}
                </Text>
                {programName && (
                  <Text size="xs" c="gray.7">
                    {programName(e.programId)}
                  </Text>
                )}
                {e.reversedById && (
                  <Badge size="xs" color="gray">
                    {t("points.reversed")}
                  </Badge>
                )}
                {e.availableAt && new Date(e.availableAt) > new Date() && (
                  <Badge size="xs" color="yellow" autoContrast>
                    {t("points.pendingUntil", { date: formatDate(e.availableAt) })}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right" fw={700} c={e.points >= 0 ? "green.8" : "red.8"} className="nowrap">
                {formatPoints(e.points, true)}
              </Table.Td>
              <Table.Td>{entryDetail(t, e)}</Table.Td>
              <Table.Td>{e.actorName}</Table.Td>
              {onReverse && (
                <Table.Td>
                  {REVERSIBLE.has(e.causeType) && e.kind !== "reverse" && e.kind !== "expire" && !e.reversedById && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon aria-label={t("common.actionsFor", { name: cause(e) })}>
                          <IconDots size={20} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => onReverse(e)} mih={40}>
                          {t("points.reverse")}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {sums && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Td colSpan={2} fw={700}>
                {t("points.sums", { credited: formatPoints(sums.credited), debited: formatPoints(sums.debited) })}
              </Table.Td>
              <Table.Td ta="right" fw={700} data-testid="ledger-net">
                {formatPoints(sums.net, true)}
              </Table.Td>
              <Table.Td colSpan={onReverse ? 3 : 2} />
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}
