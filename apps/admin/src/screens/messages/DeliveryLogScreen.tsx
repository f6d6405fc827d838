import { Group, Select } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Channel, DELIVERY_KINDS, DELIVERY_STATUSES, type DeliveryStatus } from "../../api/messaging";
import { DeliveriesTable, kindLabel } from "../../components/Deliveries";
import { PageHeader } from "../../components/PageHeader";
import { ChannelFilter } from "./ChannelFilter";

/** Every message the company sent or tried to send, newest first (the table is ListTable's, in DeliveriesTable). */
export function DeliveryLogScreen() {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel | null>(null);
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const filtered = !!channel || !!status || !!kind;
  return (
    <>
      <PageHeader title={t("messaging.log.title")} description={t("messaging.log.description")} />
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <ChannelFilter value={channel} onChange={setChannel} />
        <Select
          label={t("messaging.log.statusFilter")}
          placeholder={t("messaging.log.anyStatus")}
          clearable
          w={190}
          value={status}
          onChange={(v) => setStatus(v as DeliveryStatus | null)}
          data={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`messaging.statuses.${s}`) }))}
        />
        <Select
          label={t("messaging.log.kindFilter")}
          placeholder={t("messaging.log.anyKind")}
          clearable
          w={250}
          value={kind}
          onChange={setKind}
          data={DELIVERY_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
        />
      </Group>
      <DeliveriesTable
        filter={{ channel: channel ?? undefined, status: status ?? undefined, kind: kind ?? undefined }}
        empty={
          filtered
            ? { title: t("messaging.log.noMatchesTitle"), description: t("messaging.log.noMatches") }
            : { title: t("messaging.log.emptyTitle"), description: t("messaging.log.empty") }
        }
      />
    </>
  );
}
