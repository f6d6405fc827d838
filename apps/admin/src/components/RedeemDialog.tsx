import {
  Alert,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy, IconGift } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, toApiError } from "../api/client";
import { useAllLocations } from "../api/lookups";
import { queryKeys } from "../api/query-keys";
import { useCan, useCurrentSession } from "../api/session";
import { formatBp, formatNumber, formatPoints, memberName } from "../format";
import { errorMessage, fieldMessage } from "./feedback";
import { KindBadge, localName, type MemberReward, type Redemption, RewardThumb, reasonText } from "./RewardShared";

interface RedeemResult {
  redemption: Redemption;
  replayed: boolean;
  balance: { available: number; pending: number };
}

/** A key for one redemption attempt; getRandomValues works on plain-HTTP installations too. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `rdm-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const REFUSALS = [
  "out_of_stock",
  "out_of_codes",
  "insufficient_points",
  "reward_unavailable",
  "member_blocked",
  "program_inactive",
] as const;
type Refusal = (typeof REFUSALS)[number];
const isRefusal = (code: string): code is Refusal => (REFUSALS as readonly string[]).includes(code);

function refusalText(t: TFunction, err: unknown): { title: string; lines: string[] } {
  if (err instanceof ApiError && isRefusal(err.code)) {
    return {
      title: t(`rewards.redeem.errors.${err.code}`),
      lines: err.code === "reward_unavailable" ? err.details.map((d) => fieldMessage(t, d)) : [],
    };
  }
  return { title: errorMessage(t, err), lines: [] };
}

/**
 * Redeems a reward for a member (member card and counter). One Idempotency-Key per opening, so a
 * double click or a retry after a lost answer never redeems twice.
 */
export function RedeemDialog({
  member,
  opened,
  onClose,
  locationId: initialLocationId,
}: {
  member: { id: string; firstName: string; lastName: string; cardNumber: string; status?: string };
  opened: boolean;
  onClose: () => void;
  locationId?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const session = useCurrentSession();
  const locations = useAllLocations(opened);
  const membership = session.memberships.find((m) => m.company.id === session.companyId);
  const mine = membership?.locationIds?.length ? new Set(membership.locationIds) : null;
  const usable = (locations.data ?? []).filter((l) => l.active && (!mine || mine.has(l.id)));
  const [locationId, setLocationId] = useState<string | null>(initialLocationId ?? null);
  const [rewardId, setRewardId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [note, setNote] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const [result, setResult] = useState<RedeemResult | null>(null);
  const [problem, setProblem] = useState<{ title: string; lines: string[] } | null>(null);

  // Every opening is a new attempt with its own key.
  useEffect(() => {
    if (!opened) return;
    setKey(newIdempotencyKey());
    setResult(null);
    setProblem(null);
    setRewardId(null);
    setQuantity(1);
    setNote("");
    if (initialLocationId) setLocationId(initialLocationId);
  }, [opened, initialLocationId]);
  useEffect(() => {
    if (opened && !locationId && usable.length === 1) setLocationId(usable[0]?.id ?? null);
  }, [opened, usable, locationId]);

  const catalog = useQuery({
    queryKey: queryKeys.members.part(member.id, "rewards", { locationId }),
    enabled: opened,
    queryFn: async () => {
      const res = await api.GET("/api/v1/members/{id}/rewards", {
        params: { path: { id: member.id }, query: { locationId: locationId ?? undefined } },
      });
      if (!res.response.ok || !res.data) throw toApiError(res.error, res.response);
      return res.data.data;
    },
  });
  const rewards = catalog.data ?? [];
  const chosen = rewards.find((r) => r.rewardId === rewardId) ?? null;

  // A second click before React re-renders the button as loading must not send a second request.
  const sending = useRef(false);
  const redeem = useMutation({
    onSettled: () => {
      sending.current = false;
    },
    mutationFn: async (): Promise<RedeemResult> => {
      const res = await api.POST("/api/v1/redemptions", {
        params: { header: { "idempotency-key": key } },
        body: { memberId: member.id, rewardId: rewardId ?? "", quantity: Number(quantity) || 1, locationId, note: note.trim() },
      });
      if (!res.response.ok || !res.data) throw toApiError(res.error, res.response);
      return res.data;
    },
    onSuccess: (r) => {
      setResult(r);
      setProblem(null);
      // The member's card and the lists' points, and what the redemption used up.
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.redemptions.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rewards.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.voucherPools.all });
    },
    onError: (err) => {
      setProblem(refusalText(t, err));
      void catalog.refetch();
    },
  });

  const another = () => {
    setKey(newIdempotencyKey());
    setResult(null);
    setRewardId(null);
    setQuantity(1);
    setNote("");
  };

  const name = (r: MemberReward) => localName(r, i18n.language);

  return (
    <Modal opened={opened} onClose={onClose} size="xl" title={t("rewards.redeem.title", { name: memberName(member) })}>
      {result ? (
        <RedeemDone result={result} onAnother={another} onClose={onClose} />
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t("rewards.redeem.location")}
              data={usable.map((l) => ({ value: l.id, label: l.name }))}
              value={locationId}
              onChange={(v) => {
                setLocationId(v);
                setProblem(null);
              }}
              clearable={!mine}
              placeholder={t("rewards.redeem.anyLocation")}
            />
            <Text size="sm" c="dimmed" mt={{ sm: 28 }}>
              {t("rewards.redeem.help")}
            </Text>
          </SimpleGrid>
          {member.status === "blocked" && <Alert color="red">{t("rewards.redeem.errors.member_blocked")}</Alert>}
          {catalog.isError ? (
            <Alert color="red">{errorMessage(t, catalog.error)}</Alert>
          ) : catalog.isPending ? (
            <Group justify="center" p="lg">
              <Loader aria-label={t("common.loading")} />
            </Group>
          ) : rewards.length === 0 ? (
            <Alert color="gray" icon={<IconGift />}>
              {t("rewards.redeem.noRewards")}
            </Alert>
          ) : (
            <Radio.Group
              value={rewardId}
              onChange={(v) => {
                setRewardId(v);
                setProblem(null);
              }}
              label={t("rewards.redeem.choose")}
            >
              <ScrollArea.Autosize mah={340} mt="xs" type="auto">
                <Stack gap="xs" pr="xs" data-testid="redeem-catalog">
                  {rewards.map((r) => {
                    const can = r.available && r.affordable;
                    return (
                      <Radio.Card
                        key={r.rewardId}
                        value={r.rewardId}
                        disabled={!can}
                        radius="md"
                        p="sm"
                        aria-label={name(r)}
                        style={{ opacity: can ? 1 : 0.7 }}
                      >
                        <Group wrap="nowrap" gap="sm" align="flex-start">
                          <Radio.Indicator mt={12} disabled={!can} />
                          <RewardThumb url={r.imageUrls[0]} alt="" />
                          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                            <Group gap="xs" wrap="wrap">
                              <Text fw={700}>{name(r)}</Text>
                              <KindBadge kind={r.kind} />
                            </Group>
                            {!r.affordable && (
                              <Text size="sm" c="red.8">
                                {t("rewards.redeem.notAffordable")}
                              </Text>
                            )}
                            {r.reasons.map((reason) => (
                              <Text key={reason.code} size="sm" c="orange.8">
                                {reasonText(t, reason)}
                              </Text>
                            ))}
                          </Stack>
                          <Stack gap={2} align="flex-end">
                            <Text fw={800} className="nowrap">
                              {t("rewards.pointsPrice", { points: formatNumber(r.pointsPrice) })}
                            </Text>
                            {can && (
                              <Badge color="green" variant="light" size="sm">
                                {t("rewards.redeem.available")}
                              </Badge>
                            )}
                          </Stack>
                        </Group>
                      </Radio.Card>
                    );
                  })}
                </Stack>
              </ScrollArea.Autosize>
            </Radio.Group>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t("rewards.redeem.quantity")}
              min={1}
              max={100}
              allowDecimal={false}
              value={quantity}
              onChange={setQuantity}
            />
            <TextInput
              label={t("rewards.redeem.note")}
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              style={{ gridColumn: "span 2" }}
            />
          </SimpleGrid>
          {problem && (
            <Alert color="red" icon={<IconAlertTriangle />} title={problem.title} data-testid="redeem-problem">
              {problem.lines.length > 0 && (
                <Stack gap={2}>
                  {problem.lines.map((l) => (
                    <Text key={l} size="sm">
                      {l}
                    </Text>
                  ))}
                </Stack>
              )}
            </Alert>
          )}
          <Group justify="space-between" wrap="wrap">
            <Text fw={700} size="lg">
              {chosen ? t("rewards.redeem.total", { points: formatNumber(chosen.pointsPrice * (Number(quantity) || 1)) }) : ""}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button
                size="md"
                leftSection={<IconGift size={20} />}
                disabled={!rewardId || member.status === "blocked"}
                loading={redeem.isPending}
                onClick={() => {
                  if (sending.current) return;
                  sending.current = true;
                  redeem.mutate();
                }}
              >
                {t("rewards.redeem.submit")}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function RedeemDone({ result, onAnother, onClose }: { result: RedeemResult; onAnother: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const r = result.redemption;
  return (
    <Stack data-testid="redeem-result">
      <Alert
        color={result.replayed ? "yellow" : "green"}
        icon={<IconCheck />}
        title={result.replayed ? t("rewards.redeem.replayed") : t("rewards.redeem.done")}
      >
        <Text>
          {r.quantity > 1 ? `${r.quantity} × ${r.rewardName}` : r.rewardName} ·{" "}
          {t("rewards.redeem.spent", { points: formatPoints(r.points) })}
        </Text>
      </Alert>
      {r.codes.length > 0 && (
        <Card withBorder radius="lg" p="lg" bg="indigo.0">
          <Text size="sm" fw={700} tt="uppercase" c="dimmed">
            {r.codes.length > 1 ? t("rewards.redeem.codes") : t("rewards.redeem.code")}
          </Text>
          <Stack gap="xs" mt="xs">
            {r.codes.map((code) => (
              <Group key={code} justify="space-between" wrap="wrap" gap="sm">
                <Text
                  fz={34}
                  fw={800}
                  ff="monospace"
                  c="indigo.9"
                  data-testid="redeem-code"
                  style={{ letterSpacing: 2, overflowWrap: "anywhere" }}
                >
                  {code}
                </Text>
                <CopyButton value={code}>
                  {({ copied, copy }) => (
                    <Button
                      variant={copied ? "filled" : "light"}
                      color={copied ? "teal" : undefined}
                      leftSection={copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                      onClick={copy}
                    >
                      {copied ? t("rewards.redeem.copied") : t("rewards.redeem.copy")}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            ))}
          </Stack>
          <Text size="sm" c="dimmed" mt="xs">
            {t("rewards.redeem.codeHelp")}
          </Text>
        </Card>
      )}
      <SimpleGrid cols={2}>
        <div>
          <Text size="xs" c="dimmed" fw={700} tt="uppercase">
            {t("rewards.redeem.newBalance")}
          </Text>
          <Title order={3} fz={30} c="indigo.8" data-testid="redeem-balance">
            {formatPoints(result.balance.available)}
          </Title>
        </div>
        <div>
          <Text size="xs" c="dimmed" fw={700} tt="uppercase">
            {t("rewards.redeem.tierDiscount")}
          </Text>
          <Title order={3} fz={30} data-testid="redeem-discount">
            {r.discountBp > 0 ? formatBp(r.discountBp) : t("rewards.redeem.noDiscount")}
          </Title>
        </div>
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={onAnother}>
          {t("rewards.redeem.another")}
        </Button>
        <Button onClick={onClose} autoFocus>
          {t("common.close")}
        </Button>
      </Group>
    </Stack>
  );
}

/** The "Redeem reward" button with its dialog, for the member card and the counter. */
export function RedeemButton({
  member,
  locationId,
  size = "md",
}: {
  member: { id: string; firstName: string; lastName: string; cardNumber: string; status?: string };
  locationId?: string | null;
  size?: "md" | "lg" | "xl";
}) {
  const { t } = useTranslation();
  const can = useCan("redemptions.write");
  const [opened, setOpened] = useState(false);
  if (!can) return null;
  return (
    <>
      <Button size={size} leftSection={<IconGift size={20} />} onClick={() => setOpened(true)} disabled={member.status === "blocked"}>
        {t("rewards.redeem.open")}
      </Button>
      <RedeemDialog member={member} opened={opened} onClose={() => setOpened(false)} locationId={locationId} />
    </>
  );
}
