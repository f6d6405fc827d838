import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowLeft, IconHistory, IconPencil, IconTruckDelivery } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAllLocations } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan, useCurrentSession } from "../../api/session";
import { useCursorList } from "../../components/cursor-list";
import { notifySaved, showFormError } from "../../components/feedback";
import { ListTable } from "../../components/ListPage";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import {
  isLowStock,
  localName,
  type Reward,
  RewardThumb,
  type StockMovement,
  stockSummary,
  useReward,
} from "../../components/RewardShared";
import { formatDateTime, formatNumber, formatPoints } from "../../format";

type MovementKind = "delivery" | "correction";

/** A reward's stock: how many are left (per location when kept per branch) and every movement. */
export function RewardStockScreen() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const canWrite = useCan("rewards.write");
  const reward = useReward(id);
  const locations = useAllLocations();
  const [dialog, setDialog] = useState<MovementKind | null>(null);
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));

  const history = useCursorList<StockMovement>({
    queryKey: queryKeys.rewards.part(id, "stock"),
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/rewards/{id}/stock", { params: { path: { id }, query: { limit: 25, cursor } } })),
  });

  if (!reward.data) return <QueryView query={reward}>{() => null}</QueryView>;
  const r = reward.data;
  const name = localName(r, i18n.language);
  const stockOf = new Map(r.locationStock.map((l) => [l.locationId, l.stock]));
  // Every branch the reward is offered at (all active ones when not limited), plus any that still hold stock.
  const branchIds = [
    ...new Set([
      ...(r.locationIds.length ? r.locationIds : (locations.data ?? []).filter((l) => l.active).map((l) => l.id)),
      ...r.locationStock.map((l) => l.locationId),
    ]),
  ];

  return (
    <>
      <PageHeader
        title={t("rewards.stock.title", { name })}
        description={t("rewards.stock.description")}
        actions={
          <Button component={Link} to={`/rewards/${r.id}`} variant="default" leftSection={<IconArrowLeft size={18} />}>
            {t("rewards.stock.backToReward")}
          </Button>
        }
      />
      {r.stockMode === "unlimited" ? (
        <Alert color="gray">{t("rewards.stock.unlimitedHelp")}</Alert>
      ) : (
        <Stack>
          <Card withBorder radius="lg" p="lg">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
              <Group gap="md" wrap="nowrap">
                <RewardThumb url={r.imageUrls[0]} size={64} alt="" />
                <div>
                  <Text size="xs" fw={700} tt="uppercase">
                    {t("rewards.stock.current")}
                  </Text>
                  {r.stockMode === "global" ? (
                    <Text fz={36} fw={800} lh={1.1} c="indigo.8" data-testid="stock-current">
                      {formatNumber(r.stock ?? 0)}
                    </Text>
                  ) : (
                    <Text fz={20} fw={700} data-testid="stock-current">
                      {stockSummary(t, r)}
                    </Text>
                  )}
                  <Group gap={6} mt={4}>
                    <Badge variant="light" color="gray">
                      {t(`rewards.stockModes.${r.stockMode}`)}
                    </Badge>
                    {r.lowStockThreshold !== null && (
                      <Badge variant="light" color={isLowStock(r) ? "orange" : "gray"}>
                        {t("rewards.stock.threshold", { count: r.lowStockThreshold })}
                      </Badge>
                    )}
                  </Group>
                </div>
              </Group>
              {canWrite && (
                <Group gap="sm">
                  <Button leftSection={<IconTruckDelivery size={18} />} onClick={() => setDialog("delivery")}>
                    {t("rewards.stock.delivery")}
                  </Button>
                  <Button variant="light" leftSection={<IconPencil size={18} />} onClick={() => setDialog("correction")}>
                    {t("rewards.stock.correction")}
                  </Button>
                </Group>
              )}
            </Group>
            {r.stockMode === "per_location" && (
              <Table mt="md" verticalSpacing="xs" aria-label={t("rewards.stock.perLocation")} data-testid="stock-per-location">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("rewards.stock.location")}</Table.Th>
                    <Table.Th ta="right">{t("rewards.stock.quantity")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {branchIds.map((lid) => (
                    <Table.Tr key={lid}>
                      <Table.Td>{locationName.get(lid) ?? lid}</Table.Td>
                      <Table.Td ta="right" fw={700}>
                        {formatNumber(stockOf.get(lid) ?? 0)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>

          <Title order={2} size="h3" mt="md">
            {t("rewards.stock.history")}
          </Title>
          <div data-testid="stock-history">
            <ListTable
              list={history}
              label={t("rewards.stock.history")}
              rowKey={(m) => m.id}
              empty={{ icon: <IconHistory />, title: t("rewards.stock.noHistoryTitle"), description: t("rewards.stock.noHistory") }}
              columns={[
                { key: "time", header: t("rewards.stock.time"), nowrap: true, cell: (m) => formatDateTime(m.occurredAt) },
                {
                  key: "kind",
                  header: t("rewards.stock.kind"),
                  cell: (m) => (
                    <Badge variant="light" color={MOVEMENT_COLORS[m.kind]}>
                      {t(`rewards.stock.kinds.${m.kind}`)}
                    </Badge>
                  ),
                },
                {
                  key: "quantity",
                  header: t("rewards.stock.quantity"),
                  align: "right",
                  nowrap: true,
                  cell: (m) => (
                    <Text span size="sm" fw={700} c={m.quantity < 0 ? "red.8" : "green.8"}>
                      {formatPoints(m.quantity, true)}
                    </Text>
                  ),
                },
                { key: "after", header: t("rewards.stock.after"), align: "right", cell: (m) => formatNumber(m.stockAfter) },
                ...(r.stockMode === "per_location"
                  ? [
                      {
                        key: "location",
                        header: t("rewards.stock.location"),
                        priority: 2 as const,
                        cell: (m: StockMovement) => (m.locationId ? (locationName.get(m.locationId) ?? m.locationId) : "—"),
                      },
                    ]
                  : []),
                { key: "reason", header: t("rewards.stock.reason"), priority: 2, cell: (m) => movementReason(t, m.reason, m.redemptionId) },
                { key: "who", header: t("rewards.stock.who"), priority: 3, nowrap: true, cell: (m) => m.actorName },
              ]}
            />
          </div>
        </Stack>
      )}
      <StockDialog reward={r} kind={dialog} onClose={() => setDialog(null)} />
    </>
  );
}

const MOVEMENT_COLORS: Record<string, string> = { delivery: "green", correction: "yellow", redemption: "indigo", cancellation: "gray" };

/** System reasons are English prose; the ones we know are shown in the interface language. */
function movementReason(t: TFunction, reason: string | null, redemptionId: string | null): string {
  if (reason === "initial stock") return t("rewards.stock.initialStock");
  if (reason) return reason;
  if (redemptionId) return t("rewards.stock.redemptionRef", { id: redemptionId });
  return "—";
}

interface StockValues {
  quantity: number | string;
  locationId: string | null;
  reason: string;
}

function StockDialog({ reward, kind, onClose }: { reward: Reward; kind: MovementKind | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const session = useCurrentSession();
  const locations = useAllLocations();
  const perLocation = reward.stockMode === "per_location";
  const membership = session.memberships.find((m) => m.company.id === session.companyId);
  const mine = membership?.locationIds?.length ? new Set(membership.locationIds) : null;
  const options = (locations.data ?? []).filter((l) => l.active && (!mine || mine.has(l.id)));
  const form = useForm<StockValues>({
    initialValues: { quantity: "", locationId: options.length === 1 ? (options[0]?.id ?? null) : null, reason: "" },
    validate: {
      quantity: (v) => {
        const n = Number(v);
        if (v === "" || !Number.isInteger(n) || n === 0) return t("rewards.stock.quantityInvalid");
        return kind === "delivery" && n < 0 ? t("rewards.stock.deliveryPositive") : null;
      },
      locationId: (v) => (perLocation && !v ? t("validation.required") : null),
      reason: (v) => (kind === "correction" && !v.trim() ? t("validation.required") : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: StockValues) =>
      unwrap(
        api.POST("/api/v1/rewards/{id}/stock", {
          params: { path: { id: reward.id } },
          body: {
            kind: kind ?? "delivery",
            quantity: Number(v.quantity),
            locationId: perLocation ? v.locationId : null,
            reason: v.reason.trim(),
          },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.rewards.all });
      notifySaved(t, kind === "delivery" ? t("rewards.stock.deliverySaved") : t("rewards.stock.correctionSaved"));
      form.reset();
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal
      opened={kind !== null}
      onClose={onClose}
      title={kind === "correction" ? t("rewards.stock.correctionTitle") : t("rewards.stock.deliveryTitle")}
    >
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {kind === "correction" ? t("rewards.stock.correctionHelp") : t("rewards.stock.deliveryHelp")}
          </Text>
          <SimpleGrid cols={perLocation ? 2 : 1}>
            <NumberInput
              label={kind === "correction" ? t("rewards.stock.correctionQuantity") : t("rewards.stock.deliveryQuantity")}
              withAsterisk
              allowDecimal={false}
              allowNegative={kind === "correction"}
              data-autofocus
              {...form.getInputProps("quantity")}
            />
            {perLocation && (
              <Select
                label={t("rewards.stock.location")}
                withAsterisk
                data={options.map((l) => ({ value: l.id, label: l.name }))}
                {...form.getInputProps("locationId")}
              />
            )}
          </SimpleGrid>
          <TextInput
            label={t("rewards.stock.reason")}
            withAsterisk={kind === "correction"}
            placeholder={kind === "correction" ? t("rewards.stock.reasonPlaceholder") : t("rewards.stock.deliveryReasonPlaceholder")}
            maxLength={500}
            {...form.getInputProps("reason")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {kind === "correction" ? t("rewards.stock.saveCorrection") : t("rewards.stock.saveDelivery")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
