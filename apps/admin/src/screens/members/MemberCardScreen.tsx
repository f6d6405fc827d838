import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import {
  IconArrowBackUp,
  IconCoins,
  IconDots,
  IconEdit,
  IconLock,
  IconLockOpen,
  IconMail,
  IconPlus,
  IconReceipt,
  IconShieldCheck,
  IconStairsUp,
  IconUser,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, type Balance, type LedgerEntry, type Member, type Purchase, unwrap } from "../../api/client";
import { useAllLocations, useCustomFields, usePrograms } from "../../api/lookups";
import { useCan } from "../../api/session";
import { displayValue } from "../../components/CustomFieldInput";
import { confirmAction } from "../../components/confirm";
import { DeliveriesTable } from "../../components/Deliveries";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved } from "../../components/feedback";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { AdjustmentModal, ReturnModal, ReverseModal, TierAssignModal } from "../../components/PointsDialogs";
import { RedeemButton } from "../../components/RedeemDialog";
import { formatBp, formatDate, formatDateTime, formatMoney, formatPoints, memberName } from "../../format";
import { BlockMemberModal, useUnblockMember } from "./BlockMemberModal";
import { MemberDrawer } from "./MemberDrawer";
import { MemberStatusBadge } from "./MembersScreen";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text component="div">{children || "—"}</Text>
    </div>
  );
}

export function MemberCardScreen() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [tab, setTab] = useState<string | null>("details");
  const canReadMessages = useCan("messages.read");
  const member = useQuery({
    queryKey: ["member", id],
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id } } })),
  });
  if (member.isError) return <ErrorState error={member.error} onRetry={() => void member.refetch()} />;
  if (member.isPending) return <PageLoader />;
  const m = member.data;
  return (
    <>
      <PageHeader
        title={memberName(m)}
        description={t("members.cardOf", { card: m.cardNumber })}
        actions={
          <>
            <RedeemButton member={m} />
            <MemberStatusBadge member={m} />
          </>
        }
      />
      {m.status === "blocked" && (
        <Alert color="red" icon={<IconLock />} mb="md" title={t("members.blockedAlert")}>
          {m.blockedReason}
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="details" leftSection={<IconUser size={18} />}>
            {t("members.tabs.details")}
          </Tabs.Tab>
          <Tabs.Tab value="points" leftSection={<IconCoins size={18} />}>
            {t("members.tabs.points")}
          </Tabs.Tab>
          <Tabs.Tab value="purchases" leftSection={<IconReceipt size={18} />}>
            {t("members.tabs.purchases")}
          </Tabs.Tab>
          <Tabs.Tab value="tiers" leftSection={<IconStairsUp size={18} />}>
            {t("members.tabs.tiers")}
          </Tabs.Tab>
          <Tabs.Tab value="consents" leftSection={<IconShieldCheck size={18} />}>
            {t("members.tabs.consents")}
          </Tabs.Tab>
          <Tabs.Tab value="referrals" leftSection={<IconUsersGroup size={18} />}>
            {t("members.tabs.referrals")}
          </Tabs.Tab>
          {canReadMessages && (
            <Tabs.Tab value="messages" leftSection={<IconMail size={18} />}>
              {t("members.tabs.messages")}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="details">
          <DetailsTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="points">
          <PointsTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="purchases">
          <PurchasesTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="tiers">
          <TierHistoryTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="consents">
          <ConsentsTab member={m} />
        </Tabs.Panel>
        <Tabs.Panel value="referrals">
          <ReferralsTab member={m} />
        </Tabs.Panel>
        {canReadMessages && (
          <Tabs.Panel value="messages">
            <DeliveriesTable
              filter={{ memberId: m.id }}
              linkMembers={false}
              empty={{ title: t("members.noMessagesTitle"), description: t("members.noMessages") }}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}

function DetailsTab({ member: m }: { member: Member }) {
  const { t } = useTranslation();
  const canWrite = useCan("members.write");
  const [editing, setEditing] = useState(false);
  const [blocking, setBlocking] = useState(false);
  const unblock = useUnblockMember();
  const fields = useCustomFields(true);
  const locations = useAllLocations();
  const location = locations.data?.find((l) => l.id === m.joinLocationId);
  const cityLine = [m.address.postalCode, m.address.city].filter(Boolean).join(" ");
  // A country alone (the default "PL") is no address.
  const address = m.address.street || cityLine ? [m.address.street, cityLine, m.address.country].filter(Boolean).join(", ") : "";
  const yesNo = (b: boolean) => (b ? t("common.yes") : t("common.no"));
  const definedFields = (fields.data ?? []).filter((f) => f.active || m.customFields[f.key] !== undefined);
  return (
    <Stack>
      {canWrite && (
        <Group>
          <Button leftSection={<IconEdit size={18} />} onClick={() => setEditing(true)}>
            {t("common.edit")}
          </Button>
          {m.status === "active" ? (
            <Button variant="light" color="red" leftSection={<IconLock size={18} />} onClick={() => setBlocking(true)}>
              {t("members.block")}
            </Button>
          ) : (
            <Button variant="light" leftSection={<IconLockOpen size={18} />} onClick={() => unblock(m)}>
              {t("members.unblock")}
            </Button>
          )}
        </Group>
      )}
      <Card withBorder radius="lg" p="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <Field label={t("members.cardNumber")}>
            <Text ff="monospace" fw={700}>
              {m.cardNumber}
            </Text>
          </Field>
          <Field label={t("members.email")}>{m.email}</Field>
          <Field label={t("members.phone")}>{m.phone}</Field>
          <Field label={t("members.birthday")}>{m.birthday ? formatDate(`${m.birthday}T12:00:00`) : null}</Field>
          <Field label={t("members.gender")}>{m.gender ? t(`members.genders.${m.gender}`) : null}</Field>
          <Field label={t("members.address")}>{address}</Field>
          <Field label={t("members.joinLocation")}>{location?.name}</Field>
          <Field label={t("members.referredBy")}>
            {m.referrer && (
              <Anchor component={Link} to={`/members/${m.referrer.id}`} data-testid="referrer-link">
                {memberName(m.referrer)} · {m.referrer.cardNumber}
              </Anchor>
            )}
          </Field>
          <Field label={t("members.referralCode")}>
            <Text ff="monospace">{m.referralCode}</Text>
          </Field>
          <Field label={t("members.tags")}>
            {m.tags.length > 0 && (
              <Group gap={4}>
                {m.tags.map((tg) => (
                  <Badge key={tg} variant="outline" tt="none">
                    {tg}
                  </Badge>
                ))}
              </Group>
            )}
          </Field>
          <Field label={t("members.joined")}>{formatDateTime(m.createdAt)}</Field>
          <Field label={t("members.status")}>
            <MemberStatusBadge member={m} />
          </Field>
        </SimpleGrid>
        {m.notes && (
          <Stack gap={4} mt="lg">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t("members.notes")}
            </Text>
            <Text style={{ whiteSpace: "pre-wrap" }}>{m.notes}</Text>
          </Stack>
        )}
      </Card>
      {definedFields.length > 0 && (
        <Card withBorder radius="lg" p="lg">
          <Title order={2} size="h4" mb="md">
            {t("members.customFields")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
            {definedFields.map((f) => (
              <Field key={f.id} label={f.label}>
                {displayValue(f, m.customFields[f.key], yesNo)}
              </Field>
            ))}
          </SimpleGrid>
        </Card>
      )}
      <MemberDrawer member={editing ? m : undefined} onClose={() => setEditing(false)} />
      <BlockMemberModal member={blocking ? m : undefined} onClose={() => setBlocking(false)} />
    </Stack>
  );
}

function useBalances(memberId: string) {
  return useQuery({
    queryKey: ["member", memberId, "balances"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/members/{id}/balances", { params: { path: { id: memberId } } }))).data,
  });
}

function Stat({ label, value, color, testId }: { label: string; value: string; color?: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fw={700} size="xl" c={color} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

export function TierBadge({ tier }: { tier: Balance["tier"] }) {
  const { t } = useTranslation();
  if (!tier) return <Badge color="gray">{t("points.noTier")}</Badge>;
  return (
    <Badge color={tier.color} size="lg" tt="none">
      {tier.name} · {t("points.discount", { value: formatBp(tier.discountBp) })}
    </Badge>
  );
}

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

function PointsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canAdjust = useCan("points.adjust");
  const canWrite = useCan("members.write");
  const balances = useBalances(member.id);
  const programs = usePrograms();
  const [programId, setProgramId] = useState<string | null>(null);
  const [adjusting, setAdjusting] = useState(false);
  const [reversing, setReversing] = useState<LedgerEntry | undefined>(undefined);
  const [assigning, setAssigning] = useState<Balance | undefined>(undefined);
  const [enrollIn, setEnrollIn] = useState<string | null>(null);

  const ledger = useInfiniteQuery({
    queryKey: ["member", member.id, "ledger", programId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/members/{id}/ledger", {
          params: { path: { id: member.id }, query: { limit: 25, cursor: pageParam, programId: programId ?? undefined } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const enroll = useMutation({
    mutationFn: (pid: string) =>
      unwrap(api.POST("/api/v1/members/{id}/enrollments", { params: { path: { id: member.id } }, body: { programId: pid } })),
    onSuccess: (b) => {
      void queryClient.invalidateQueries({ queryKey: ["member", member.id] });
      notifySaved(t, t("points.enrolledMessage", { program: b.programName }));
      setEnrollIn(null);
    },
    onError: (err) => notifyError(t, err),
  });

  if (balances.isError) return <ErrorState error={balances.error} onRetry={() => void balances.refetch()} />;
  if (balances.isPending) return <PageLoader />;
  const enrolled = new Set(balances.data.map((b) => b.programId));
  const notEnrolled = (programs.data ?? []).filter((p) => p.status === "active" && !enrolled.has(p.id));
  const programName = new Map((programs.data ?? []).map((p) => [p.id, p.name]));
  const entries = ledger.data?.pages.flatMap((p) => p.data) ?? [];
  const sums = ledger.data?.pages[0]?.sums;

  return (
    <Stack>
      <Group>
        {canAdjust && balances.data.length > 0 && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setAdjusting(true)}>
            {t("points.adjust")}
          </Button>
        )}
        {canWrite && notEnrolled.length > 0 && (
          <Group gap="xs" align="flex-end">
            <Select
              aria-label={t("points.enrollProgram")}
              placeholder={t("points.enrollProgram")}
              data={notEnrolled.map((p) => ({ value: p.id, label: p.name }))}
              value={enrollIn}
              onChange={setEnrollIn}
              w={240}
            />
            <Button variant="light" disabled={!enrollIn} loading={enroll.isPending} onClick={() => enrollIn && enroll.mutate(enrollIn)}>
              {t("points.enroll")}
            </Button>
          </Group>
        )}
      </Group>
      {balances.data.length === 0 ? (
        <EmptyState icon={<IconCoins />} title={t("points.notEnrolledTitle")} description={t("points.notEnrolled")} />
      ) : (
        balances.data.map((b) => (
          <Card key={b.programId} withBorder radius="lg" p="lg" data-testid={`balance-${b.programId}`}>
            <Group justify="space-between" mb="md" wrap="wrap">
              <Group gap="sm">
                <Title order={2} size="h4">
                  {b.programName}
                </Title>
                <TierBadge tier={b.tier} />
                {b.tierLocked && (
                  <Badge variant="outline" color="gray" leftSection={<IconLock size={12} />}>
                    {t("points.locked")}
                  </Badge>
                )}
              </Group>
              {canAdjust && (
                <Button variant="subtle" leftSection={<IconStairsUp size={18} />} onClick={() => setAssigning(b)}>
                  {t("points.assignTier")}
                </Button>
              )}
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
              <Stat label={t("points.available")} value={formatPoints(b.available)} color="indigo.8" testId="balance-available" />
              <Stat label={t("points.pending")} value={formatPoints(b.pending)} testId="balance-pending" />
              <Stat label={t("points.debt")} value={formatPoints(b.debt)} color={b.debt > 0 ? "red" : undefined} />
              <Stat
                label={t("points.expiringSoon")}
                value={formatPoints(b.expiringSoon)}
                color={b.expiringSoon > 0 ? "orange" : undefined}
              />
              <Stat label={t("points.lifetime")} value={formatPoints(b.lifetimeEarned)} />
              <Stat label={t("points.spent")} value={formatPoints(b.spent)} />
              <Stat label={t("points.expired")} value={formatPoints(b.expired)} />
              <Stat label={t("points.nextExpiry")} value={b.nextExpiryAt ? formatDate(b.nextExpiryAt) : "—"} />
            </SimpleGrid>
          </Card>
        ))
      )}

      <Group justify="space-between" mt="md" wrap="wrap">
        <Title order={2} size="h3">
          {t("points.ledger")}
        </Title>
        {balances.data.length > 1 && (
          <Select
            aria-label={t("points.program")}
            placeholder={t("points.allPrograms")}
            clearable
            w={240}
            data={balances.data.map((b) => ({ value: b.programId, label: b.programName }))}
            value={programId}
            onChange={setProgramId}
          />
        )}
      </Group>
      {ledger.isError ? (
        <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : ledger.isPending ? (
        <PageLoader />
      ) : entries.length === 0 ? (
        <Text c="dimmed">{t("points.ledgerEmpty")}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped verticalSpacing="sm" aria-label={t("points.ledger")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("points.when")}</Table.Th>
                  <Table.Th>{t("points.operation")}</Table.Th>
                  <Table.Th ta="right">{t("points.points")}</Table.Th>
                  <Table.Th>{t("points.reason")}</Table.Th>
                  <Table.Th>{t("points.actor")}</Table.Th>
                  {canAdjust && <Table.Th w={60}>{t("common.actions")}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Table.Tr key={e.id} data-testid="ledger-row">
                    <Table.Td className="nowrap">{formatDateTime(e.occurredAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {t(`points.causes.${e.causeType}`, { defaultValue: e.causeType })}
                      </Text>
                      {balances.data.length > 1 && (
                        <Text size="xs" c="dimmed">
                          {programName.get(e.programId)}
                        </Text>
                      )}
                      {e.reversedById && (
                        <Badge size="xs" color="gray">
                          {t("points.reversed")}
                        </Badge>
                      )}
                      {e.availableAt && new Date(e.availableAt) > new Date() && (
                        <Badge size="xs" color="yellow">
                          {t("points.pendingUntil", { date: formatDate(e.availableAt) })}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" fw={700} c={e.points >= 0 ? "green.8" : "red.8"} className="nowrap">
                      {formatPoints(e.points, true)}
                    </Table.Td>
                    <Table.Td>{entryDetail(t, e)}</Table.Td>
                    <Table.Td>{e.actorName}</Table.Td>
                    {canAdjust && (
                      <Table.Td>
                        {REVERSIBLE.has(e.causeType) && e.kind !== "reverse" && e.kind !== "expire" && !e.reversedById && (
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <ActionIcon
                                aria-label={t("common.actionsFor", {
                                  name: t(`points.causes.${e.causeType}`, { defaultValue: e.causeType }),
                                })}
                              >
                                <IconDots size={20} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setReversing(e)} mih={40}>
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
                    <Table.Td colSpan={canAdjust ? 3 : 2} />
                  </Table.Tr>
                </Table.Tfoot>
              )}
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={entries.length}
            hasMore={ledger.hasNextPage}
            loading={ledger.isFetchingNextPage}
            onLoad={() => void ledger.fetchNextPage()}
          />
        </>
      )}
      <AdjustmentModal
        memberId={member.id}
        balances={balances.data}
        programId={programId}
        opened={adjusting}
        onClose={() => setAdjusting(false)}
      />
      <ReverseModal memberId={member.id} entry={reversing} onClose={() => setReversing(undefined)} />
      <TierAssignModal memberId={member.id} balance={assigning} onClose={() => setAssigning(undefined)} />
    </Stack>
  );
}

export function PurchasesTable({ purchases, onReturn }: { purchases: Purchase[]; onReturn?: (p: Purchase) => void }) {
  const { t } = useTranslation();
  const locations = useAllLocations();
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped verticalSpacing="sm" aria-label={t("members.tabs.purchases")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("points.when")}</Table.Th>
            <Table.Th>{t("counter.receiptNumber")}</Table.Th>
            <Table.Th ta="right">{t("counter.amount")}</Table.Th>
            <Table.Th ta="right">{t("points.points")}</Table.Th>
            <Table.Th>{t("counter.returns")}</Table.Th>
            <Table.Th>{t("counter.location")}</Table.Th>
            {onReturn && <Table.Th w={60}>{t("common.actions")}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {purchases.map((p) => (
            <Table.Tr key={p.id} data-testid="purchase-row">
              <Table.Td className="nowrap">{formatDateTime(p.occurredAt)}</Table.Td>
              <Table.Td ff="monospace">{p.receiptNumber}</Table.Td>
              <Table.Td ta="right" className="nowrap">
                {formatMoney(p.amount.amount, p.amount.currency)}
              </Table.Td>
              <Table.Td ta="right" className="nowrap" fw={700}>
                {formatPoints(p.points)}
                {p.pointsReturned > 0 && (
                  <Text size="xs" c="red">
                    {formatPoints(-p.pointsReturned, true)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {p.returns.length === 0
                  ? "—"
                  : p.returns.map((r) => (
                      <Text size="sm" key={r.id}>
                        {r.returnNumber}: {formatMoney(r.amount.amount, r.amount.currency)} ({formatPoints(-r.points, true)})
                      </Text>
                    ))}
              </Table.Td>
              <Table.Td>{(p.locationId && locationName.get(p.locationId)) || "—"}</Table.Td>
              {onReturn && (
                <Table.Td>
                  {p.refunded.amount < p.amount.amount && (
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon aria-label={t("common.actionsFor", { name: p.receiptNumber })}>
                          <IconDots size={20} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => onReturn(p)} mih={40}>
                          {t("counter.return")}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PurchasesTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const canRead = useCan("purchases.read");
  const canWrite = useCan("purchases.write");
  const [returning, setReturning] = useState<Purchase | undefined>(undefined);
  const list = useInfiniteQuery({
    queryKey: ["purchases", "member", member.id],
    enabled: canRead,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/purchases", { params: { query: { memberId: member.id, limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (!canRead) return <Text c="dimmed">{t("errors.forbidden")}</Text>;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <PageLoader />;
  const rows = list.data.pages.flatMap((p) => p.data);
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState icon={<IconReceipt />} title={t("members.noPurchasesTitle")} description={t("members.noPurchases")} />
      ) : (
        <>
          <PurchasesTable purchases={rows} onReturn={canWrite ? setReturning : undefined} />
          <LoadMore
            shown={rows.length}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
      <ReturnModal purchase={returning} onClose={() => setReturning(undefined)} />
    </>
  );
}

function TierHistoryTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ["member", member.id, "tier-history"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/members/{id}/tier-history", { params: { path: { id: member.id } } }))).data,
  });
  const programs = usePrograms();
  const programIds = [...new Set((history.data ?? []).map((h) => h.programId))];
  const tierLists = useQueries({
    queries: programIds.map((pid) => ({
      queryKey: ["tiers", pid],
      queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/tiers", { params: { path: { id: pid } } }))).data,
    })),
  });
  const tierName = new Map(tierLists.flatMap((q) => q.data ?? []).map((tier) => [tier.id, tier.name]));
  const programName = new Map((programs.data ?? []).map((p) => [p.id, p.name]));
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  if (history.isPending) return <PageLoader />;
  if (history.data.length === 0)
    return <EmptyState icon={<IconStairsUp />} title={t("members.noTierChangesTitle")} description={t("members.noTierChanges")} />;
  const name = (id: string | null) => (id ? (tierName.get(id) ?? "…") : t("points.noTier"));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="sm" aria-label={t("members.tabs.tiers")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("points.when")}</Table.Th>
            <Table.Th>{t("points.program")}</Table.Th>
            <Table.Th>{t("members.tierChange")}</Table.Th>
            <Table.Th>{t("members.tierReason")}</Table.Th>
            <Table.Th>{t("points.actor")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.data.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td className="nowrap">{formatDateTime(h.occurredAt)}</Table.Td>
              <Table.Td>{programName.get(h.programId) ?? "—"}</Table.Td>
              <Table.Td>
                {name(h.fromTierId)} → <b>{name(h.toTierId)}</b>
              </Table.Td>
              <Table.Td>{t(`members.tierReasons.${h.reason}`)}</Table.Td>
              <Table.Td>{h.actorName}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ConsentsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const canWrite = useCan("members.write");
  const queryClient = useQueryClient();
  const consents = useQuery({
    queryKey: ["member", member.id, "consents"],
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}/consents", { params: { path: { id: member.id } } })),
  });
  const change = useMutation({
    mutationFn: (c: { consentId: string; granted: boolean }) =>
      unwrap(api.POST("/api/v1/members/{id}/consents", { params: { path: { id: member.id } }, body: { changes: [c] } })),
    onSuccess: (data, c) => {
      queryClient.setQueryData(["member", member.id, "consents"], data);
      notifySaved(t, c.granted ? t("members.consentGranted") : t("members.consentWithdrawn"));
    },
    onError: (err) => notifyError(t, err),
  });
  const ask = (c: { consentId: string; name: string; granted: boolean }) => {
    if (c.granted) return change.mutate({ consentId: c.consentId, granted: true });
    confirmWithdraw(c.name, () => change.mutate({ consentId: c.consentId, granted: false }));
  };
  const confirmWithdraw = (name: string, onConfirm: () => void) =>
    confirmAction(t, {
      title: t("members.withdrawTitle", { name }),
      message: t("members.withdrawMessage"),
      confirmLabel: t("members.withdraw"),
      onConfirm,
    });
  if (consents.isError) return <ErrorState error={consents.error} onRetry={() => void consents.refetch()} />;
  if (consents.isPending) return <PageLoader />;
  const consentName = new Map(consents.data.current.map((c) => [c.consentId, c.name]));
  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label={t("members.currentConsents")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("members.consent")}</Table.Th>
              <Table.Th>{t("members.decision")}</Table.Th>
              <Table.Th>{t("members.changedAt")}</Table.Th>
              {canWrite && <Table.Th>{t("common.actions")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.data.current.map((c) => (
              <Table.Tr key={c.consentId} data-testid={`consent-${c.key}`}>
                <Table.Td>
                  <Text fw={600}>{c.name}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`consents.purposes.${c.purpose}`)} · {t(`consents.channels.${c.channel}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={c.granted ? "green" : "gray"} variant="light">
                    {c.granted ? t("members.granted") : t("members.notGranted")}
                  </Badge>
                  {c.granted && c.version !== null && c.version < c.currentVersion && (
                    <Text size="xs" c="orange">
                      {t("members.olderVersion", { version: c.version })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="nowrap">{c.changedAt ? formatDateTime(c.changedAt) : "—"}</Table.Td>
                {canWrite && (
                  <Table.Td>
                    {c.granted ? (
                      <Button size="sm" variant="light" color="red" onClick={() => ask({ ...c, granted: false })}>
                        {t("members.withdraw")}
                      </Button>
                    ) : (
                      c.active && (
                        <Button size="sm" variant="light" onClick={() => ask({ ...c, granted: true })}>
                          {t("members.grant")}
                        </Button>
                      )
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={2} size="h4">
        {t("members.consentHistory")}
      </Title>
      {consents.data.history.length === 0 ? (
        <Text c="dimmed">{t("members.noConsentHistory")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="sm" aria-label={t("members.consentHistory")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("points.when")}</Table.Th>
                <Table.Th>{t("members.consent")}</Table.Th>
                <Table.Th>{t("members.decision")}</Table.Th>
                <Table.Th>{t("members.version")}</Table.Th>
                <Table.Th>{t("members.source")}</Table.Th>
                <Table.Th>{t("points.actor")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consents.data.history.map((h) => (
                <Table.Tr key={h.id} data-testid="consent-history-row">
                  <Table.Td className="nowrap">{formatDateTime(h.occurredAt)}</Table.Td>
                  <Table.Td>{consentName.get(h.consentId) ?? h.key}</Table.Td>
                  <Table.Td>
                    <Badge color={h.granted ? "green" : "red"} variant="light">
                      {h.granted ? t("members.grantedEvent") : t("members.withdrawnEvent")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>v{h.version}</Table.Td>
                  <Table.Td>{t(`members.sources.${h.source}`)}</Table.Td>
                  <Table.Td>{h.actorName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function ReferralsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useInfiniteQuery({
    queryKey: ["member", member.id, "referrals"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/members/{id}/referrals", { params: { path: { id: member.id }, query: { limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <PageLoader />;
  const rows = list.data.pages.flatMap((p) => p.data);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t("members.referralCodeHelp", { code: member.referralCode })}
      </Text>
      {rows.length === 0 ? (
        <EmptyState icon={<IconUsersGroup />} title={t("members.noReferralsTitle")} description={t("members.noReferrals")} />
      ) : (
        <>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("members.tabs.referrals")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("members.name")}</Table.Th>
                <Table.Th>{t("members.cardNumber")}</Table.Th>
                <Table.Th>{t("members.joined")}</Table.Th>
                <Table.Th>{t("members.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} style={{ cursor: "pointer" }} onClick={() => navigate(`/members/${r.id}`)}>
                  <Table.Td>
                    <Anchor component={Link} to={`/members/${r.id}`} fw={600}>
                      {memberName(r)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ff="monospace">{r.cardNumber}</Table.Td>
                  <Table.Td>{formatDate(r.createdAt)}</Table.Td>
                  <Table.Td>
                    <MemberStatusBadge member={r} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <LoadMore
            shown={rows.length}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
    </Stack>
  );
}
