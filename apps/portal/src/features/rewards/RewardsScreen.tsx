import { Badge, Button, Card, Chip, Group, Image, NativeSelect, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, slug, unwrap } from "../../api/client";
import { formatDate, formatPoints } from "../../format";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { type PortalReward, type RewardFilters, useRewards } from "./api";
import { RedeemDialog } from "./RedeemDialog";
import { RewardsTabs } from "./RewardsTabs";
import { reasonText } from "./reasons";

/** The member's points per program (the home answer, usually cached): for "you will have N left". */
export function useAvailablePoints() {
  return useQuery({
    queryKey: ["portal", "me", "home"],
    queryFn: () => unwrap(api.GET("/api/v1/portal/{slug}/me/home", { params: { path: { slug } } })),
    select: (home) => home.programs,
  });
}

/** The catalog as this member sees it: what they can redeem now, and why not the rest. */
export function RewardsScreen() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<RewardFilters>({ programId: "", category: "", affordable: false });
  const [chosen, setChosen] = useState<PortalReward | null>(null);
  const rewards = useRewards(filters);
  const programs = useAvailablePoints();
  const [params, setParams] = useSearchParams();
  const linked = params.get("reward");
  // `?reward=<id>` (the website widget's links) opens that reward's details once the catalog is in;
  // closing them drops the parameter, so going back or reloading does not open them again.
  useEffect(() => {
    const found = linked ? rewards.data?.data.find((r) => r.rewardId === linked) : undefined;
    if (found) setChosen((current) => current ?? found);
  }, [linked, rewards.data]);
  const close = () => {
    setChosen(null);
    if (!linked) return;
    setParams(
      (p) => {
        p.delete("reward");
        return p;
      },
      { replace: true },
    );
  };
  const en = i18n.language === "en";
  const categories = rewards.data?.categories ?? [];
  return (
    <Stack gap="md">
      <RewardsTabs />
      <Stack gap="xs">
        {(programs.data?.length ?? 0) > 1 ? (
          <NativeSelect
            label={t("rewards.program")}
            value={filters.programId}
            onChange={(e) => setFilters({ ...filters, programId: e.currentTarget.value })}
            data={[
              { value: "", label: t("rewards.allPrograms") },
              ...(programs.data ?? []).map((p) => ({ value: p.programId, label: p.programName })),
            ]}
          />
        ) : null}
        {categories.length > 0 ? (
          <Chip.Group value={filters.category} onChange={(v) => setFilters({ ...filters, category: String(v) })}>
            <Group gap="xs" role="group" aria-label={t("rewards.category")}>
              <Chip value="" size="sm">
                {t("rewards.allCategories")}
              </Chip>
              {categories.map((c) => (
                <Chip key={c} value={c} size="sm">
                  {c}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        ) : null}
        <Switch
          label={t("rewards.affordable")}
          checked={filters.affordable}
          onChange={(e) => setFilters({ ...filters, affordable: e.currentTarget.checked })}
        />
      </Stack>
      {rewards.isPending ? (
        <ScreenLoader />
      ) : rewards.isError ? (
        <ErrorState onRetry={() => void rewards.refetch()} />
      ) : rewards.data.data.length === 0 ? (
        <Text c="dimmed">{t("rewards.empty")}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          {rewards.data.data.map((r) => {
            const name = en ? r.nameEn : r.namePl;
            return (
              <Card key={r.rewardId} withBorder radius="md" padding="md" data-testid="reward-card">
                {r.imageUrls[0] ? (
                  <Card.Section mb="sm">
                    <Image src={r.imageUrls[0]} alt="" h={140} fit="cover" />
                  </Card.Section>
                ) : null}
                <Stack gap={6} style={{ flex: 1 }}>
                  <Text fw={700} component="h2" size="md" m={0}>
                    {name}
                  </Text>
                  <Group gap="xs">
                    <Badge size="lg" variant="filled" color="dark">
                      {formatPoints(r.pointsPrice)}
                    </Badge>
                    {r.category ? (
                      <Badge variant="outline" color="gray.8">
                        {r.category}
                      </Badge>
                    ) : null}
                  </Group>
                  {r.endsAt ? (
                    <Text size="xs" c="dimmed">
                      {t("rewards.endsAt", { date: formatDate(r.endsAt) })}
                    </Text>
                  ) : null}
                  {r.stock !== null && r.stock > 0 && r.stock <= 10 ? (
                    <Text size="xs" fw={600}>
                      {t("rewards.stockLeft", { count: r.stock })}
                    </Text>
                  ) : null}
                  {r.reasons.map((x) => (
                    <Text key={x.code} size="sm" c="red.9">
                      {reasonText(t, x)}
                    </Text>
                  ))}
                </Stack>
                <Button mt="sm" fullWidth onClick={() => setChosen(r)} variant={r.available ? "filled" : "default"}>
                  {r.available ? t("rewards.redeem") : t("rewards.details")}
                </Button>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      {chosen ? (
        <RedeemDialog
          reward={chosen}
          available={programs.data?.find((p) => p.programId === chosen.programId)?.available ?? 0}
          onClose={close}
        />
      ) : null}
    </Stack>
  );
}
