import { ActionIcon, Badge, Button, Group, Menu, Stack, Text } from "@mantine/core";
import { IconDots, IconPencil, IconPlus, IconStairsUp, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Program, type Tier, unwrap } from "../../../api/client";
import { useTiers } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { confirmAction } from "../../../components/confirm";
import { wholeList } from "../../../components/cursor-list";
import { notifyError, notifySaved } from "../../../components/feedback";
import { ListTable } from "../../../components/ListPage";
import { formatBp, formatMoney, formatMultiplier, formatPoints } from "../../../format";
import { converterText } from "../program-shared";
import { TierDrawer } from "./TierDrawer";

/** The program's tiers, lowest threshold first, with add / edit / delete. */
export function TiersTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const queryClient = useQueryClient();
  const tiers = wholeList(useTiers(program.id));
  const [editing, setEditing] = useState<Tier | null | undefined>(undefined);
  const remove = useMutation({
    mutationFn: (tier: Tier) =>
      unwrap(api.DELETE("/api/v1/programs/{programId}/tiers/{tierId}", { params: { path: { programId: program.id, tierId: tier.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tiers.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.programs.detail(program.id) });
      notifySaved(t, t("tiers.deletedMessage"));
    },
    onError: (err) => notifyError(t, err),
  });
  const spend = program.tierBasis === "spend";
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("tiers.add")}
    </Button>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm">
          {t("tiers.help", { basis: t(`programs.basis.${program.tierBasis}`), period: t(`programs.periods.${program.tierPeriod}`) })}
        </Text>
        {add}
      </Group>
      <ListTable
        list={tiers}
        label={t("programs.tabs.tiers")}
        rowKey={(tier) => tier.id}
        onRowClick={canWrite ? setEditing : undefined}
        empty={{ icon: <IconStairsUp />, title: t("tiers.emptyTitle"), description: t("tiers.empty") }}
        columns={[
          {
            key: "name",
            header: t("tiers.name"),
            cell: (tier) => (
              <Badge color={tier.color} size="lg" tt="none">
                {tier.name}
              </Badge>
            ),
          },
          {
            key: "threshold",
            header: t("tiers.threshold"),
            nowrap: true,
            cell: (tier) => (spend ? formatMoney(tier.threshold) : t("tiers.pointsValue", { points: formatPoints(tier.threshold) })),
          },
          { key: "discount", header: t("tiers.discount"), cell: (tier) => formatBp(tier.discountBp), priority: 2 },
          { key: "multiplier", header: t("tiers.multiplier"), cell: (tier) => formatMultiplier(tier.multiplierBp) },
          {
            key: "converter",
            header: t("tiers.converter"),
            priority: 3,
            cell: (tier) =>
              tier.converterPoints !== null && tier.converterAmountMinor !== null
                ? converterText(t, tier.converterPoints, tier.converterAmountMinor)
                : t("tiers.programConverter"),
          },
        ]}
        rowActions={
          canWrite
            ? (tier) => (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon aria-label={t("common.actionsFor", { name: tier.name })}>
                      <IconDots size={20} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(tier)} mih={40}>
                      {t("common.edit")}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      mih={40}
                      onClick={() =>
                        confirmAction(t, {
                          title: t("tiers.deleteTitle", { name: tier.name }),
                          message: t("tiers.deleteMessage"),
                          confirmLabel: t("tiers.delete"),
                          onConfirm: () => remove.mutate(tier),
                        })
                      }
                    >
                      {t("tiers.delete")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )
            : undefined
        }
      />
      <TierDrawer program={program} tier={editing} onClose={() => setEditing(undefined)} />
    </Stack>
  );
}
