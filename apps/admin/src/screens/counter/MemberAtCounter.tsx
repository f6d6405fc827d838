import {
  Alert,
  Badge,
  Button,
  Card,
  Divider,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type Member, unwrap } from "../../api/client";
import { useAllLocations, usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { RedeemButton } from "../../components/RedeemDialog";
import { formatBp, formatPoints, memberName } from "../../format";
import { PurchasePanel } from "./PurchasePanel";
import { ReturnPanel } from "./ReturnPanel";

/**
 * The member found: who they are and their points on the left, the purchase on the right. Two
 * columns from 768 px up, so the amount and the confirm button stay in view on a tablet either way.
 */
export function MemberAtCounter({ member }: { member: Member }) {
  const { t } = useTranslation();
  const canReturn = useCan("purchases.write");
  const programs = usePrograms();
  const locations = useAllLocations();
  const active = useMemo(() => (programs.data ?? []).filter((p) => p.status === "active"), [programs.data]);
  const usable = (locations.data ?? []).filter((l) => l.active);
  const [programId, setProgramId] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [mode, setMode] = useState<"purchase" | "return">("purchase");

  useEffect(() => {
    if (!programId && active.length > 0) setProgramId(active[0]?.id ?? null);
  }, [active, programId]);
  useEffect(() => {
    if (!locationId && usable.length === 1) setLocationId(usable[0]?.id ?? null);
  }, [usable, locationId]);

  const balances = useQuery({
    queryKey: queryKeys.members.part(member.id, "balances"),
    queryFn: async () => (await unwrap(api.GET("/api/v1/members/{id}/balances", { params: { path: { id: member.id } } }))).data,
  });
  const balance = balances.data?.find((b) => b.programId === programId) ?? null;
  const blocked = member.status === "blocked";

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, sm: 5 }}>
        <Stack gap="md">
          <Card withBorder radius="lg" p="md" data-testid="counter-member">
            <Title order={2} size="h3">
              {memberName(member)}
            </Title>
            <Text ff="monospace" c="gray.7">
              {member.cardNumber}
            </Text>
            {blocked && (
              <Alert color="red" variant="filled" icon={<IconLock />} mt="sm" title={t("counter.blocked")}>
                {member.blockedReason}
              </Alert>
            )}
            <Divider my="sm" />
            {balances.isPending ? (
              <Loader aria-label={t("common.loading")} />
            ) : (
              <Stack gap="sm">
                <SimpleGrid cols={2}>
                  <div>
                    <Text size="sm" c="gray.7" fw={700} tt="uppercase">
                      {t("points.available")}
                    </Text>
                    <Text fz={36} fw={800} lh={1.1} c="indigo.8" data-testid="counter-balance">
                      {formatPoints(balance?.available ?? 0)}
                    </Text>
                  </div>
                  <div>
                    <Text size="sm" c="gray.7" fw={700} tt="uppercase">
                      {t("points.pending")}
                    </Text>
                    <Text fz={24} fw={700} lh={1.4} data-testid="counter-pending">
                      {formatPoints(balance?.pending ?? 0)}
                    </Text>
                  </div>
                </SimpleGrid>
                <div>
                  <Text size="sm" c="gray.7" fw={700} tt="uppercase">
                    {t("points.tier")}
                  </Text>
                  {balance?.tier ? (
                    <Group gap="sm" data-testid="counter-tier">
                      <Badge size="xl" color={balance.tier.color} tt="none">
                        {balance.tier.name}
                      </Badge>
                      <Text fw={800} fz={20}>
                        {t("counter.discount", { value: formatBp(balance.tier.discountBp) })}
                      </Text>
                    </Group>
                  ) : (
                    <Text fw={600}>{t("points.noTier")}</Text>
                  )}
                </div>
                {balance && balance.debt > 0 && <Text c="red.8">{t("counter.debt", { points: formatPoints(balance.debt) })}</Text>}
                {!balance && programId && <Text c="gray.7">{t("counter.notEnrolledYet")}</Text>}
                <Group gap="sm">
                  <RedeemButton member={member} locationId={locationId} size="md" />
                  <Button component={Link} to={`/members/${member.id}`} variant="subtle">
                    {t("members.openCard")}
                  </Button>
                </Group>
              </Stack>
            )}
          </Card>
          {(active.length !== 1 || usable.length !== 1) && (
            <Stack gap="sm">
              {active.length !== 1 && (
                <Select
                  label={t("points.program")}
                  allowDeselect={false}
                  data={active.map((p) => ({ value: p.id, label: p.name }))}
                  value={programId}
                  onChange={setProgramId}
                />
              )}
              {usable.length !== 1 && (
                <Select
                  label={t("counter.location")}
                  data={usable.map((l) => ({ value: l.id, label: l.name }))}
                  value={locationId}
                  onChange={setLocationId}
                />
              )}
            </Stack>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 7 }}>
        <Stack gap="sm">
          {active.length === 0 && !programs.isPending && <Alert color="orange">{t("counter.noActiveProgram")}</Alert>}
          {canReturn && (
            <SegmentedControl
              fullWidth
              size="md"
              value={mode}
              onChange={(v) => setMode(v as "purchase" | "return")}
              data={[
                { value: "purchase", label: t("counter.purchaseMode") },
                { value: "return", label: t("counter.returnMode") },
              ]}
            />
          )}
          {programId &&
            (mode === "purchase" ? (
              <PurchasePanel member={member} programId={programId} locationId={locationId} blocked={blocked} />
            ) : (
              <ReturnPanel member={member} />
            ))}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
