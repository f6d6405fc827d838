import { ActionIcon, Badge, Button, Group, Menu, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { IconBuildingStore, IconDots, IconGift, IconSearch, IconTruck, IconX } from "@tabler/icons-react";
import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAllLocations } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { useCursorList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { MemberPicker } from "../../components/MemberPicker";
import { localName, type Redemption, useAllRewards } from "../../components/RewardShared";
import { formatDateTime, formatNumber, memberName } from "../../format";

const PAGE = 25;
type Status = Redemption["status"];
const STATUS_COLORS: Record<Status, string> = { issued: "indigo", fulfilled: "green", cancelled: "gray" };

export function RedemptionStatusBadge({ redemption: r }: { redemption: Redemption }) {
  const { t } = useTranslation();
  const label =
    r.status === "fulfilled" && r.fulfilment
      ? t(`rewards.redemptions.fulfilments.${r.fulfilment}`)
      : t(`rewards.redemptions.statuses.${r.status}`);
  return (
    <Badge color={STATUS_COLORS[r.status]} variant="light">
      {label}
    </Badge>
  );
}

/** Every redemption: who took what, for how many points; fulfil or cancel it. */
export function RedemptionsScreen() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const canWrite = useCan("redemptions.write");
  const locations = useAllLocations();
  const rewards = useAllRewards();
  const [memberId, setMemberId] = useState<string | null>(null);
  const [rewardId, setRewardId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Redemption | null>(null);
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));

  const list = useCursorList<Redemption>({
    queryKey: queryKeys.redemptions.list({ memberId, rewardId, status, locationId }),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/redemptions", {
          params: {
            query: {
              limit: PAGE,
              cursor,
              memberId: memberId ?? undefined,
              rewardId: rewardId ?? undefined,
              status: (status as Status | null) ?? undefined,
              locationId: locationId ?? undefined,
            },
          },
        }),
      ),
  });

  // A redemption names only the member's id; their names come from the member records.
  const memberIds = [...new Set(list.rows.map((r) => r.memberId))];
  const members = useQueries({
    queries: memberIds.map((mid) => ({
      queryKey: queryKeys.members.detail(mid),
      queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id: mid } } })),
      staleTime: 60_000,
    })),
  });
  const memberById = new Map(members.flatMap((m) => (m.data ? [[m.data.id, m.data] as const] : [])));
  const rewardById = new Map((rewards.data ?? []).map((r) => [r.id, r]));
  const rewardName = (r: Redemption) => {
    const reward = rewardById.get(r.rewardId);
    return reward ? localName(reward, i18n.language) : r.rewardName;
  };

  const fulfil = useMutation({
    mutationFn: ({ r, method }: { r: Redemption; method: "collected" | "shipped" }) =>
      unwrap(api.POST("/api/v1/redemptions/{id}/fulfil", { params: { path: { id: r.id } }, body: { method } })),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.redemptions.all });
      notifySaved(t, t(`rewards.redemptions.fulfilledMessage.${r.fulfilment ?? "collected"}`));
    },
    onError: (err) => notifyError(t, err),
  });
  const askFulfil = (r: Redemption, method: "collected" | "shipped") =>
    confirmAction(t, {
      title: t(`rewards.redemptions.fulfilTitle.${method}`),
      message: t("rewards.redemptions.fulfilMessage"),
      confirmLabel: t(`rewards.redemptions.fulfilAction.${method}`),
      danger: false,
      onConfirm: () => fulfil.mutate({ r, method }),
    });

  const filters = (
    <>
      <MemberPicker
        aria-label={t("rewards.redemptions.memberFilter")}
        placeholder={t("rewards.redemptions.memberPlaceholder")}
        value={memberId}
        onChange={setMemberId}
        style={{ flex: "1 1 220px" }}
        leftSection={<IconSearch size={18} />}
      />
      <Select
        aria-label={t("rewards.redemptions.rewardFilter")}
        placeholder={t("rewards.redemptions.anyReward")}
        clearable
        searchable
        w={200}
        value={rewardId}
        onChange={setRewardId}
        data={(rewards.data ?? []).map((r) => ({ value: r.id, label: localName(r, i18n.language) }))}
      />
      <Select
        aria-label={t("rewards.redemptions.statusFilter")}
        placeholder={t("rewards.redemptions.anyStatus")}
        clearable
        w={160}
        value={status}
        onChange={setStatus}
        data={(["issued", "fulfilled", "cancelled"] as const).map((s) => ({ value: s, label: t(`rewards.redemptions.statuses.${s}`) }))}
      />
      <Select
        aria-label={t("rewards.redemptions.locationFilter")}
        placeholder={t("rewards.redemptions.anyLocation")}
        clearable
        w={180}
        value={locationId}
        onChange={setLocationId}
        data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
      />
    </>
  );

  return (
    <ListPage
      title={t("rewards.redemptions.title")}
      description={t("rewards.redemptions.description")}
      filters={filters}
      list={list}
      label={t("rewards.redemptions.title")}
      rowKey={(r) => r.id}
      filtered={!!memberId || !!rewardId || !!status || !!locationId}
      empty={{ icon: <IconGift />, title: t("rewards.redemptions.emptyTitle"), description: t("rewards.redemptions.empty") }}
      noMatches={{ icon: <IconSearch />, title: t("rewards.redemptions.noMatchesTitle"), description: t("rewards.redemptions.noMatches") }}
      columns={[
        {
          key: "member",
          header: t("rewards.redemptions.member"),
          cell: (r) => {
            const member = memberById.get(r.memberId);
            return (
              <>
                <Text component={Link} to={`/members/${r.memberId}`} size="sm" fw={600} c="indigo.8" td="none">
                  {member ? memberName(member) : "…"}
                </Text>
                {member && (
                  <Text size="xs" ff="monospace">
                    {member.cardNumber}
                  </Text>
                )}
              </>
            );
          },
        },
        {
          key: "reward",
          header: t("rewards.redemptions.reward"),
          cell: (r) => (
            <>
              <Text size="sm" fw={500}>
                {r.quantity > 1 ? `${r.quantity} × ${rewardName(r)}` : rewardName(r)}
              </Text>
              <Text size="xs" className="nowrap">
                {formatDateTime(r.createdAt)}
              </Text>
              {r.status === "cancelled" && r.cancelReason && (
                <Text size="xs">{t("rewards.redemptions.cancelledBecause", { reason: r.cancelReason })}</Text>
              )}
            </>
          ),
        },
        {
          key: "points",
          header: t("rewards.redemptions.points"),
          align: "right",
          nowrap: true,
          cell: (r) => (
            <Text fw={700} size="sm">
              {formatNumber(r.points)}
            </Text>
          ),
        },
        {
          key: "codes",
          header: t("rewards.redemptions.codes"),
          priority: 2,
          cell: (r) =>
            r.codes.length === 0 ? (
              "—"
            ) : (
              <Stack gap={0}>
                {r.codes.map((c) => (
                  <Text key={c} size="sm" ff="monospace" td={r.status === "cancelled" ? "line-through" : undefined}>
                    {c}
                  </Text>
                ))}
              </Stack>
            ),
        },
        {
          key: "location",
          header: t("rewards.redemptions.location"),
          priority: 3,
          cell: (r) => (r.locationId ? (locationName.get(r.locationId) ?? "—") : "—"),
        },
        { key: "status", header: t("rewards.redemptions.status"), cell: (r) => <RedemptionStatusBadge redemption={r} /> },
      ]}
      rowActions={
        canWrite
          ? (r) =>
              r.status === "issued" && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon aria-label={t("common.actionsFor", { name: rewardName(r) })}>
                      <IconDots size={20} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconBuildingStore size={16} />} onClick={() => askFulfil(r, "collected")} mih={40}>
                      {t("rewards.redemptions.fulfilAction.collected")}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconTruck size={16} />} onClick={() => askFulfil(r, "shipped")} mih={40}>
                      {t("rewards.redemptions.fulfilAction.shipped")}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconX size={16} />} color="red" onClick={() => setCancelling(r)} mih={40}>
                      {t("rewards.redemptions.cancel")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )
          : undefined
      }
    >
      <CancelRedemptionModal redemption={cancelling} onClose={() => setCancelling(null)} />
    </ListPage>
  );
}

/** Cancelling says what will happen: points and stock return, codes are voided. A reason is required. */
function CancelRedemptionModal({ redemption, onClose }: { redemption: Redemption | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setReason("");
    setError(null);
    onClose();
  };
  const cancel = useMutation({
    mutationFn: (r: Redemption) =>
      unwrap(api.POST("/api/v1/redemptions/{id}/cancel", { params: { path: { id: r.id } }, body: { reason: reason.trim() } })),
    onSuccess: (res) => {
      for (const queryKey of [
        queryKeys.redemptions.all,
        queryKeys.rewards.all,
        queryKeys.voucherPools.all,
        queryKeys.members.detail(res.redemption.memberId),
      ])
        void queryClient.invalidateQueries({ queryKey });
      notifySaved(t, res.alreadyCancelled ? t("rewards.redemptions.alreadyCancelled") : t("rewards.redemptions.cancelledMessage"));
      close();
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Modal opened={!!redemption} onClose={close} title={t("rewards.redemptions.cancelTitle", { name: redemption?.rewardName ?? "" })}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return setError(t("validation.required"));
          if (redemption) cancel.mutate(redemption);
        }}
      >
        <Stack>
          <Text size="sm">{t("rewards.redemptions.cancelMessage", { points: formatNumber(redemption?.points ?? 0) })}</Text>
          {(redemption?.codes.length ?? 0) > 0 && (
            <Text size="sm" c="red.8" fw={600}>
              {t("rewards.redemptions.cancelCodes", { codes: redemption?.codes.join(", ") })}
            </Text>
          )}
          <Textarea
            label={t("rewards.redemptions.cancelReason")}
            withAsterisk
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
            value={reason}
            error={error}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("rewards.redemptions.keep")}
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending}>
              {t("rewards.redemptions.confirmCancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
