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
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowBackUp, IconCheck, IconLock, IconReceipt, IconScan, IconSearch, IconUserSearch, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, api, type Balance, type Member, type Purchase, toApiError, unwrap } from "../../api/client";
import { useAllLocations, useCompanyCurrency, usePrograms } from "../../api/lookups";
import { useCan } from "../../api/session";
import { errorMessage, fieldMessage } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { ReturnForm, type ReturnResult, ReturnSummary } from "../../components/PointsDialogs";
import { RedeemButton } from "../../components/RedeemDialog";
import { formatBp, formatMoney, formatPoints, memberName, parseMoney } from "../../format";
import { BarcodeScanner } from "./BarcodeScanner";

interface PurchaseResult {
  purchase: Purchase;
  replayed: boolean;
  balance: Balance | null;
}

async function findMembers(q: string): Promise<Member[]> {
  return (await unwrap(api.GET("/api/v1/members", { params: { query: { q, limit: 8 } } }))).data;
}

/** The cashier's screen: find a member (typing, scanner or camera), record a purchase or a return. */
export function CounterScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const searchRef = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [member, setMember] = useState<Member | null>(null);
  const [scanning, setScanning] = useState(false);
  const [notFound, setNotFound] = useState(false);

  const results = useQuery({
    queryKey: ["members", "counter", q],
    enabled: q.length > 0 && !member,
    queryFn: () => findMembers(q),
  });

  const choose = useCallback((m: Member) => {
    setMember(m);
    setNotFound(false);
    setSearch("");
  }, []);

  // Enter (or a scanner's Enter) looks up what was typed right now, not the debounced text.
  const lookup = useCallback(
    async (text: string) => {
      const value = text.trim();
      if (!value) return;
      const found = await queryClient.fetchQuery({ queryKey: ["members", "counter", value], queryFn: () => findMembers(value) });
      const exact = found.find((m) => m.cardNumber === value.replace(/\s/g, ""));
      if (exact) return choose(exact);
      if (found.length === 1 && found[0]) return choose(found[0]);
      setNotFound(found.length === 0);
    },
    [queryClient, choose],
  );

  const onDetected = useCallback(
    (text: string) => {
      setScanning(false);
      setSearch(text);
      void lookup(text);
    },
    [lookup],
  );

  const reset = () => {
    setMember(null);
    setSearch("");
    setNotFound(false);
    setTimeout(() => searchRef.current?.focus(), 0);
  };

  return (
    <>
      <PageHeader
        title={t("counter.title")}
        description={member ? undefined : t("counter.description")}
        actions={
          member && (
            <Button size="md" variant="default" leftSection={<IconX size={18} />} onClick={reset}>
              {t("counter.nextCustomer")}
            </Button>
          )
        }
      />
      {!member ? (
        <Stack maw={760}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void lookup(search);
            }}
          >
            <Group gap="sm" wrap="nowrap" align="stretch">
              <TextInput
                ref={searchRef}
                autoFocus
                size="xl"
                style={{ flex: 1 }}
                aria-label={t("counter.search")}
                placeholder={t("counter.search")}
                leftSection={<IconSearch size={24} />}
                rightSection={results.isFetching ? <Loader size="sm" /> : null}
                value={search}
                onChange={(e) => {
                  setSearch(e.currentTarget.value);
                  setNotFound(false);
                }}
                autoComplete="off"
                enterKeyHint="search"
              />
              <Button size="xl" variant="light" leftSection={<IconScan size={26} />} onClick={() => setScanning(true)}>
                {t("counter.scan")}
              </Button>
            </Group>
          </form>
          {notFound && (
            <Alert color="orange" icon={<IconUserSearch />}>
              {t("counter.noMember", { q: search })}
            </Alert>
          )}
          {q && results.data && results.data.length === 0 && !notFound && !results.isFetching && (
            <Text c="dimmed">{t("counter.noMember", { q })}</Text>
          )}
          <Stack gap="xs">
            {(results.data ?? []).map((m) => (
              <UnstyledButton key={m.id} onClick={() => choose(m)} aria-label={`${memberName(m)} ${m.cardNumber}`}>
                <Card withBorder radius="md" p="md">
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Text fw={700} size="lg">
                        {memberName(m)}
                      </Text>
                      <Text c="dimmed" size="sm">
                        {[m.cardNumber, m.phone, m.email].filter(Boolean).join(" · ")}
                      </Text>
                    </div>
                    {m.status === "blocked" && (
                      <Badge color="red" variant="filled">
                        {t("members.statuses.blocked")}
                      </Badge>
                    )}
                  </Group>
                </Card>
              </UnstyledButton>
            ))}
          </Stack>
          <Text size="sm" c="dimmed">
            {t("counter.searchHelp")}
          </Text>
        </Stack>
      ) : (
        <MemberAtCounter member={member} />
      )}
      <BarcodeScanner opened={scanning} onClose={() => setScanning(false)} onDetected={onDetected} />
    </>
  );
}

function MemberAtCounter({ member }: { member: Member }) {
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
    queryKey: ["member", member.id, "balances"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/members/{id}/balances", { params: { path: { id: member.id } } }))).data,
  });
  const balance = balances.data?.find((b) => b.programId === programId) ?? null;
  const blocked = member.status === "blocked";

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder radius="lg" p="lg" data-testid="counter-member">
          <Title order={2} size="h2">
            {memberName(member)}
          </Title>
          <Text ff="monospace" size="lg" c="dimmed">
            {member.cardNumber}
          </Text>
          {blocked && (
            <Alert color="red" variant="filled" icon={<IconLock />} mt="md" title={t("counter.blocked")}>
              {member.blockedReason}
            </Alert>
          )}
          <Divider my="md" />
          {balances.isPending ? (
            <Loader aria-label={t("common.loading")} />
          ) : (
            <Stack gap="md">
              <SimpleGrid cols={2}>
                <div>
                  <Text size="sm" c="dimmed" fw={700} tt="uppercase">
                    {t("points.available")}
                  </Text>
                  <Text fz={40} fw={800} lh={1.1} c="indigo.8" data-testid="counter-balance">
                    {formatPoints(balance?.available ?? 0)}
                  </Text>
                </div>
                <div>
                  <Text size="sm" c="dimmed" fw={700} tt="uppercase">
                    {t("points.pending")}
                  </Text>
                  <Text fz={28} fw={700} lh={1.3} data-testid="counter-pending">
                    {formatPoints(balance?.pending ?? 0)}
                  </Text>
                </div>
              </SimpleGrid>
              <div>
                <Text size="sm" c="dimmed" fw={700} tt="uppercase">
                  {t("points.tier")}
                </Text>
                {balance?.tier ? (
                  <Group gap="sm" data-testid="counter-tier">
                    <Badge size="xl" color={balance.tier.color} tt="none">
                      {balance.tier.name}
                    </Badge>
                    <Text fw={800} fz={24}>
                      {t("counter.discount", { value: formatBp(balance.tier.discountBp) })}
                    </Text>
                  </Group>
                ) : (
                  <Text fw={600}>{t("points.noTier")}</Text>
                )}
              </div>
              {balance && balance.debt > 0 && <Text c="red">{t("counter.debt", { points: formatPoints(balance.debt) })}</Text>}
              {!balance && programId && <Text c="dimmed">{t("counter.notEnrolledYet")}</Text>}
              <RedeemButton member={member} locationId={locationId} size="lg" />
              <Button component={Link} to={`/members/${member.id}`} variant="subtle" px={0} w="fit-content">
                {t("members.openCard")}
              </Button>
            </Stack>
          )}
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
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
          </SimpleGrid>
          {active.length === 0 && !programs.isPending && <Alert color="orange">{t("counter.noActiveProgram")}</Alert>}
          {canReturn && (
            <SegmentedControl
              fullWidth
              size="lg"
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

function PurchasePanel({
  member,
  programId,
  locationId,
  blocked,
}: {
  member: Member;
  programId: string;
  locationId: string | null;
  blocked: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const amountRef = useRef<HTMLInputElement>(null);
  const [amountText, setAmountText] = useState("");
  const [receipt, setReceipt] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; receipt?: string; general?: string }>({});
  const [result, setResult] = useState<PurchaseResult | null>(null);
  const amount = parseMoney(amountText);
  const [debouncedAmount] = useDebouncedValue(amount, 300);
  const currency = useCompanyCurrency();

  const preview = useQuery({
    queryKey: ["preview", member.id, programId, locationId, debouncedAmount],
    enabled: !blocked && debouncedAmount !== null && debouncedAmount > 0 && !result,
    queryFn: () =>
      unwrap(
        api.POST("/api/v1/purchases/preview", {
          body: { programId, memberId: member.id, amount: { amount: debouncedAmount ?? 0, currency }, locationId },
        }),
      ),
    retry: false,
  });

  const record = useMutation({
    mutationFn: async (): Promise<PurchaseResult> => {
      const res = await api.POST("/api/v1/purchases", {
        body: { programId, memberId: member.id, amount: { amount: amount ?? 0, currency }, receiptNumber: receipt.trim(), locationId },
      });
      if (!res.response.ok || !res.data) throw toApiError(res.error, res.response);
      return res.data;
    },
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: ["member", member.id] });
      void queryClient.invalidateQueries({ queryKey: ["purchases"] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) return setErrors({ receipt: t("counter.receiptConflict") });
      if (err instanceof ApiError && err.details.length > 0) {
        const next: typeof errors = {};
        for (const d of err.details) {
          if (d.path.startsWith("amount")) next.amount = fieldMessage(t, d);
          else if (d.path === "receiptNumber") next.receipt = fieldMessage(t, d);
          else next.general = `${next.general ? `${next.general}; ` : ""}${errorMessage(t, err)}`;
        }
        return setErrors(next);
      }
      setErrors({ general: errorMessage(t, err) });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (amount === null || amount <= 0) next.amount = t("counter.amountInvalid");
    if (!receipt.trim()) next.receipt = t("validation.required");
    setErrors(next);
    if (Object.keys(next).length === 0) record.mutate();
  };

  const newPurchase = () => {
    setResult(null);
    setAmountText("");
    setReceipt("");
    setErrors({});
    setTimeout(() => amountRef.current?.focus(), 0);
  };

  if (result) {
    return (
      <Card withBorder radius="lg" p="lg" data-testid="purchase-result">
        <Alert
          color={result.replayed ? "yellow" : "green"}
          icon={result.replayed ? <IconReceipt /> : <IconCheck />}
          title={result.replayed ? t("counter.alreadyRecorded") : t("counter.recorded")}
        >
          <Stack gap={4}>
            {result.replayed && <Text>{t("counter.alreadyRecordedHelp", { receipt: result.purchase.receiptNumber })}</Text>}
            <Text fz={28} fw={800} data-testid="purchase-points">
              {t("counter.pointsEarned", { points: formatPoints(result.purchase.points, true) })}
            </Text>
            <Text>
              {formatMoney(result.purchase.amount.amount, result.purchase.amount.currency)} · {result.purchase.receiptNumber}
            </Text>
            {result.balance && (
              <Text fz={20} fw={700} data-testid="purchase-new-balance">
                {t("counter.newBalance", { points: formatPoints(result.balance.available) })}
              </Text>
            )}
            {result.purchase.availableAt && new Date(result.purchase.availableAt) > new Date() && (
              <Text c="dimmed">{t("counter.pendingUntil", { date: new Date(result.purchase.availableAt).toLocaleDateString() })}</Text>
            )}
          </Stack>
        </Alert>
        <Button size="xl" mt="md" fullWidth onClick={newPurchase} autoFocus>
          {t("counter.newPurchase")}
        </Button>
      </Card>
    );
  }

  const breakdown = preview.data?.breakdown;
  return (
    <Card withBorder radius="lg" p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {blocked && <Alert color="red">{t("counter.blockedNoPurchase")}</Alert>}
          <TextInput
            ref={amountRef}
            label={t("counter.amount")}
            size="xl"
            inputMode="decimal"
            autoFocus
            autoComplete="off"
            disabled={blocked}
            placeholder="0,00"
            value={amountText}
            error={errors.amount}
            onChange={(e) => {
              setAmountText(e.currentTarget.value);
              setErrors((x) => ({ ...x, amount: undefined }));
            }}
            rightSection={<Text c="dimmed">{currency === "PLN" ? "zł" : currency}</Text>}
            rightSectionWidth={50}
            styles={{ input: { fontSize: 32, fontWeight: 700, height: 72 } }}
          />
          <TextInput
            label={t("counter.receiptNumber")}
            size="lg"
            autoComplete="off"
            disabled={blocked}
            value={receipt}
            error={errors.receipt}
            onChange={(e) => {
              setReceipt(e.currentTarget.value);
              setErrors((x) => ({ ...x, receipt: undefined }));
            }}
          />
          <Card bg="gray.0" radius="md" p="md" data-testid="purchase-preview" aria-live="polite">
            {amount === null || amount <= 0 ? (
              <Text c="dimmed">{t("counter.previewHint")}</Text>
            ) : preview.isError ? (
              <Text c="red">{errorMessage(t, preview.error)}</Text>
            ) : !breakdown || preview.isFetching || debouncedAmount !== amount ? (
              <Group gap="xs">
                <Loader size="xs" />
                <Text c="dimmed">{t("counter.previewing")}</Text>
              </Group>
            ) : (
              <Stack gap={4}>
                <Group justify="space-between">
                  <Text>{t("counter.basePoints")}</Text>
                  <Text fw={600}>{formatPoints(breakdown.basePoints)}</Text>
                </Group>
                {breakdown.ruleAwards.map((r) => (
                  <Group key={r.ruleId} justify="space-between">
                    <Text>{r.name}</Text>
                    <Text fw={600}>{formatPoints(r.points, true)}</Text>
                  </Group>
                ))}
                {breakdown.belowMinimum && <Text c="orange">{t("counter.belowMinimum")}</Text>}
                <Divider />
                <Group justify="space-between">
                  <Text fw={700} size="lg">
                    {t("counter.totalPoints")}
                  </Text>
                  <Text fw={800} fz={28} c="indigo.8" data-testid="preview-total">
                    {formatPoints(breakdown.totalPoints)}
                  </Text>
                </Group>
                {(preview.data?.pendingDays ?? 0) > 0 && (
                  <Text size="sm" c="dimmed">
                    {t("counter.pendingDays", { days: preview.data?.pendingDays ?? 0 })}
                  </Text>
                )}
              </Stack>
            )}
          </Card>
          {errors.general && <Alert color="red">{errors.general}</Alert>}
          <Button type="submit" size="xl" leftSection={<IconCheck size={26} />} disabled={blocked} loading={record.isPending}>
            {t("counter.confirm")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function ReturnPanel({ member }: { member: Member }) {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState("");
  const [purchase, setPurchase] = useState<Purchase | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<ReturnResult | null>(null);
  const find = useMutation({
    mutationFn: async () =>
      (await unwrap(api.GET("/api/v1/purchases", { params: { query: { receiptNumber: receipt.trim(), memberId: member.id, limit: 5 } } })))
        .data,
    onSuccess: (found) => {
      setPurchase(found[0] ?? null);
      setProblem(found.length === 0 ? t("counter.purchaseNotFound", { receipt: receipt.trim() }) : null);
    },
    onError: (err) => setProblem(errorMessage(t, err)),
  });
  if (result) {
    return (
      <Card withBorder radius="lg" p="lg">
        <ReturnSummary result={result} />
        <Button
          size="lg"
          mt="md"
          fullWidth
          variant="light"
          onClick={() => {
            setResult(null);
            setPurchase(null);
            setReceipt("");
          }}
        >
          {t("counter.anotherReturn")}
        </Button>
      </Card>
    );
  }
  return (
    <Card withBorder radius="lg" p="lg">
      <Stack>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (receipt.trim()) find.mutate();
          }}
        >
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label={t("counter.findReceipt")}
              size="lg"
              style={{ flex: 1 }}
              autoFocus
              autoComplete="off"
              value={receipt}
              error={problem}
              onChange={(e) => {
                setReceipt(e.currentTarget.value);
                setProblem(null);
                setPurchase(null);
              }}
            />
            <Button type="submit" size="lg" variant="light" leftSection={<IconSearch size={20} />} loading={find.isPending}>
              {t("counter.find")}
            </Button>
          </Group>
        </form>
        {purchase &&
          (purchase.refunded.amount >= purchase.amount.amount ? (
            <Alert color="gray">{t("counter.fullyReturned")}</Alert>
          ) : (
            <>
              <Divider label={<IconArrowBackUp size={16} />} />
              <ReturnForm key={purchase.id} purchase={purchase} onDone={setResult} autoFocus />
            </>
          ))}
      </Stack>
    </Card>
  );
}
