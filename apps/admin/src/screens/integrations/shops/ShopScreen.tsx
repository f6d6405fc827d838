import { Alert, Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconListSearch, IconPencil, IconPlayerPause, IconPlayerPlay, IconSearch, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { useAllLocations, useCompanyCurrency, useConsents, usePrograms } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import {
  INBOUND_OUTCOMES,
  type InboundDelivery,
  type InboundOutcome,
  type ShopConnection,
  type ShopStatus,
  useShop,
} from "../../../api/shops";
import { confirmAction } from "../../../components/confirm";
import { useCursorList } from "../../../components/cursor-list";
import { EntityDrawer, useSaveForm } from "../../../components/EntityDrawer";
import { notifyError, notifySaved } from "../../../components/feedback";
import { ListTable } from "../../../components/ListPage";
import { PageHeader } from "../../../components/PageHeader";
import { QueryView } from "../../../components/QueryView";
import { formatDateTime } from "../../../format";
import { ShopFields, type ShopValues, shopBody, shopValidation, shopValues } from "./ShopFields";
import { ShopSetup } from "./ShopSetup";
import { BackToShops, OutcomeBadge, outcomeDetailText, PlatformIcon, ShopStatusBadge, TopicText } from "./shop-parts";

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>
        {children || "—"}
      </Text>
    </div>
  );
}

function EditShopDrawer({ shop, opened, onClose }: { shop: ShopConnection; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<ShopValues>({ initialValues: shopValues(shop), validate: shopValidation(t, true) });
  const { saving, onSubmit } = useSaveForm<ShopValues, ShopConnection>({
    form,
    save: (v) => unwrap(api.PATCH("/api/v1/shops/{id}", { params: { path: { id: shop.id } }, body: shopBody(v) })),
    invalidate: [queryKeys.shops.all],
    onSaved: (saved) => {
      queryClient.setQueryData(queryKeys.shops.detail(saved.id), saved);
      onClose();
    },
  });
  return (
    <EntityDrawer opened={opened} onClose={onClose} title={t("integrations.shops.editTitle")} onSubmit={onSubmit} saving={saving}>
      <ShopFields form={form} editing />
    </EntityDrawer>
  );
}

/** What the shop sent, newest first, and what became of each: a purchase (with its member), a return, a refusal… */
function ShopDeliveries({ shopId }: { shopId: string }) {
  const { t } = useTranslation();
  const currency = useCompanyCurrency();
  const [outcome, setOutcome] = useState<InboundOutcome | null>(null);
  const list = useCursorList<InboundDelivery>({
    queryKey: queryKeys.shopDeliveries.list({ shopId, outcome }),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/shops/{id}/deliveries", {
          params: { path: { id: shopId }, query: { outcome: outcome ?? undefined, limit: 25, cursor } },
        }),
      ),
    // A shop sends when it sends: while staff set it up, the list looks again every few seconds.
    refetchInterval: () => 5000,
  });
  // Something new received: the connection's "last webhook" and counts follow.
  const queryClient = useQueryClient();
  const newest = list.rows[0]?.id ?? "";
  const seen = useRef<string | null>(null);
  const loaded = list.data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    if (seen.current !== null && seen.current !== newest) void queryClient.invalidateQueries({ queryKey: queryKeys.shops.detail(shopId) });
    seen.current = newest;
  }, [loaded, newest, shopId, queryClient]);
  return (
    <>
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={t("integrations.shops.deliveries.outcomeFilter")}
          placeholder={t("integrations.shops.deliveries.anyOutcome")}
          clearable
          w={240}
          value={outcome}
          onChange={(v) => setOutcome(v as InboundOutcome | null)}
          data={INBOUND_OUTCOMES.map((x) => ({ value: x, label: t(`integrations.shops.outcomes.${x}`) }))}
        />
      </Group>
      <ListTable<InboundDelivery>
        list={list}
        label={t("integrations.shops.deliveries.table")}
        rowKey={(d) => d.id}
        filtered={!!outcome}
        empty={{
          icon: <IconListSearch />,
          title: t("integrations.shops.deliveries.emptyTitle"),
          description: t("integrations.shops.deliveries.empty"),
        }}
        noMatches={{
          icon: <IconSearch />,
          title: t("integrations.shops.deliveries.noMatchesTitle"),
          description: t("integrations.shops.deliveries.noMatches"),
        }}
        columns={[
          { key: "when", header: t("integrations.shops.deliveries.receivedAt"), nowrap: true, cell: (d) => formatDateTime(d.receivedAt) },
          {
            key: "topic",
            header: t("integrations.shops.deliveries.topic"),
            priority: 2,
            cell: (d) => (
              <div>
                <TopicText topic={d.topic} />
                {d.externalId && (
                  <Text size="xs" c="gray.8">
                    {t("integrations.shops.deliveries.externalId", { id: d.externalId })}
                  </Text>
                )}
              </div>
            ),
          },
          {
            key: "outcome",
            header: t("integrations.shops.deliveries.outcome"),
            cell: (d) => (
              <Stack gap={2} align="flex-start">
                <OutcomeBadge outcome={d.outcome} />
                {d.detail && (
                  <Text size="xs" c="gray.8" data-testid="shop-delivery-detail" style={{ overflowWrap: "anywhere" }}>
                    {outcomeDetailText(t, d, currency)}
                  </Text>
                )}
                {d.memberId && (
                  <Anchor component={Link} to={`/members/${d.memberId}`} size="sm" c="indigo.9" fw={600}>
                    {t("integrations.shops.deliveries.openMember")}
                  </Anchor>
                )}
              </Stack>
            ),
          },
          {
            key: "http",
            header: t("integrations.shops.deliveries.httpStatus"),
            priority: 3,
            align: "right",
            cell: (d) => (
              <Text size="sm" ff="monospace" c={d.httpStatus < 300 ? undefined : "red.9"}>
                {d.httpStatus}
              </Text>
            ),
          },
        ]}
      />
    </>
  );
}

function ShopView({ shop }: { shop: ShopConnection }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("integrations.write");
  const programs = usePrograms();
  const locations = useAllLocations();
  const consents = useConsents(true);
  const [editing, setEditing] = useState(false);
  const setStatus = useMutation({
    mutationFn: (status: ShopStatus) => unwrap(api.PATCH("/api/v1/shops/{id}", { params: { path: { id: shop.id } }, body: { status } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.shops.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.shops.all });
      notifySaved(t, t(saved.status === "active" ? "integrations.shops.resumed" : "integrations.shops.paused"));
    },
    onError: (err) => notifyError(t, err),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/shops/{id}", { params: { path: { id: shop.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.shops.all });
      notifySaved(t, t("integrations.shops.deleted", { name: shop.name }));
      navigate("/shops");
    },
    onError: (err) => notifyError(t, err),
  });
  const askDelete = () =>
    confirmAction(t, {
      title: t("integrations.shops.deleteTitle", { name: shop.name }),
      message: t("integrations.shops.deleteMessage"),
      confirmLabel: t("integrations.shops.delete"),
      onConfirm: () => remove.mutate(),
    });
  const consentNames = shop.consentIds.map((id) => consents.data?.find((c) => c.id === id)?.name ?? id);
  return (
    <>
      <PageHeader title={shop.name} description={t("integrations.shops.detailDescription")} actions={<BackToShops />} />
      <Stack gap="lg">
        <Card withBorder radius="lg" p="lg">
          <Stack gap="md">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm" wrap="nowrap">
                <PlatformIcon platform={shop.platform} />
                <Text fw={600}>{t(`integrations.shops.platforms.${shop.platform}`)}</Text>
              </Group>
              <ShopStatusBadge status={shop.status} />
            </Group>
            {shop.status === "paused" && (
              <Alert color="orange" p="sm">
                {t("integrations.shops.pausedHelp")}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
              <Line label={t("integrations.shops.form.program")}>{programs.data?.find((p) => p.id === shop.programId)?.name}</Line>
              <Line label={t("integrations.shops.form.location")}>
                {shop.locationId ? locations.data?.find((l) => l.id === shop.locationId)?.name : t("integrations.shops.form.noLocation")}
              </Line>
              {shop.platform !== "generic" && <Line label={t("integrations.shops.form.shopDomain")}>{shop.shopDomain}</Line>}
              <Line label={t("integrations.shops.form.consents")}>
                {consentNames.length ? (
                  <Group gap={4}>
                    {consentNames.map((n) => (
                      <Badge key={n} variant="light" color="gray" tt="none">
                        {n}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  t("integrations.shops.form.noConsents")
                )}
              </Line>
              <Line label={t("integrations.shops.columns.lastReceived")}>
                {shop.lastReceivedAt ? formatDateTime(shop.lastReceivedAt) : t("integrations.shops.nothingYet")}
              </Line>
              <Line label={t("integrations.shops.columns.counts")}>
                {t("integrations.shops.countsLine", { received: shop.counts.received24h, refused: shop.counts.refused24h })}
              </Line>
            </SimpleGrid>
            {canWrite && (
              <Group gap="sm" wrap="wrap">
                <Button variant="default" leftSection={<IconPencil size={18} />} onClick={() => setEditing(true)}>
                  {t("common.edit")}
                </Button>
                {shop.status === "active" ? (
                  <Button
                    variant="default"
                    leftSection={<IconPlayerPause size={18} />}
                    loading={setStatus.isPending}
                    onClick={() => setStatus.mutate("paused")}
                  >
                    {t("integrations.shops.pause")}
                  </Button>
                ) : (
                  <Button
                    color="green"
                    leftSection={<IconPlayerPlay size={18} />}
                    loading={setStatus.isPending}
                    onClick={() => setStatus.mutate("active")}
                  >
                    {t("integrations.shops.resume")}
                  </Button>
                )}
                <Button variant="default" c="red.9" leftSection={<IconTrash size={18} />} loading={remove.isPending} onClick={askDelete}>
                  {t("integrations.shops.delete")}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
        <Card withBorder radius="lg" p="lg">
          <Title order={2} size="h4" mb="sm">
            {t("integrations.shops.setupTitle")}
          </Title>
          <ShopSetup shop={shop} canWrite={canWrite} />
        </Card>
        <div>
          <Title order={2} size="h3" mb="sm">
            {t("integrations.shops.deliveries.title")}
          </Title>
          <ShopDeliveries shopId={shop.id} />
        </div>
      </Stack>
      {canWrite && <EditShopDrawer key={`${editing}`} shop={shop} opened={editing} onClose={() => setEditing(false)} />}
    </>
  );
}

/** /shops/:id: one connection's settings, its address and secret, and what it has sent. */
export function ShopScreen() {
  const { id } = useParams();
  const shop = useShop(id);
  return <QueryView query={shop}>{(s) => <ShopView shop={s} />}</QueryView>;
}
