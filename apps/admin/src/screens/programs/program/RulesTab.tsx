import { ActionIcon, Badge, Button, Card, EmptyState, Group, Loader, Menu, Stack, Text } from "@mantine/core";
import { IconBolt, IconDots, IconPencil, IconPlayerPause, IconPlayerPlay, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type EarningRule, type Program, unwrap } from "../../../api/client";
import { useAllLocations, useTiers } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { ErrorState } from "../../../components/ErrorState";
import { notifyError, notifySaved } from "../../../components/feedback";
import { describeRule } from "./describe-rule";
import { RuleDrawer } from "./RuleDrawer";

/** The program's earning rules as readable cards, with add / edit / (de)activate. */
export function RulesTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const queryClient = useQueryClient();
  const tiers = useTiers(program.id);
  const locations = useAllLocations();
  const rules = useQuery({
    queryKey: queryKeys.programs.part(program.id, "rules"),
    queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/rules", { params: { path: { id: program.id } } }))).data,
  });
  const [editing, setEditing] = useState<EarningRule | null | undefined>(undefined);
  const toggle = useMutation({
    mutationFn: (r: EarningRule) =>
      unwrap(
        api.PATCH("/api/v1/programs/{programId}/rules/{ruleId}", {
          params: { path: { programId: program.id, ruleId: r.id } },
          body: { active: !r.active },
        }),
      ),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.programs.detail(program.id) });
      notifySaved(t, r.active ? t("rules.activatedMessage", { name: r.name }) : t("rules.deactivatedMessage", { name: r.name }));
    },
    onError: (err) => notifyError(t, err),
  });
  const tierName = (id: string) => tiers.data?.find((x) => x.id === id)?.name ?? "…";
  const locationName = (id: string) => locations.data?.find((l) => l.id === id)?.name ?? "…";
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("rules.add")}
    </Button>
  );
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm">{t("rules.help")}</Text>
        {add}
      </Group>
      {rules.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : rules.data.length === 0 ? (
        <EmptyState icon={<IconBolt />} title={t("rules.emptyTitle")} description={t("rules.empty")} />
      ) : (
        <Stack gap="sm">
          {rules.data.map((r) => (
            <Card key={r.id} withBorder radius="md" p="md" data-testid="rule-card" opacity={r.active ? 1 : 0.6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={700}>{r.name}</Text>
                    <Badge variant="light">{t(`rules.kinds.${r.kind}`)}</Badge>
                    {!r.active && <Badge color="gray">{t("rules.inactive")}</Badge>}
                  </Group>
                  <Text size="sm" mt={4} data-testid="rule-description">
                    {describeRule(t, r, tierName, locationName)}
                  </Text>
                  {r.description && (
                    <Text size="xs" c="dimmed">
                      {r.description}
                    </Text>
                  )}
                </div>
                {canWrite && (
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <ActionIcon aria-label={t("common.actionsFor", { name: r.name })}>
                        <IconDots size={20} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(r)} mih={40}>
                        {t("common.edit")}
                      </Menu.Item>
                      <Menu.Item
                        leftSection={r.active ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
                        onClick={() => toggle.mutate(r)}
                        mih={40}
                      >
                        {r.active ? t("rules.deactivate") : t("rules.activate")}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <RuleDrawer program={program} rule={editing} onClose={() => setEditing(undefined)} />
    </Stack>
  );
}
