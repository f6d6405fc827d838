import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Balance, type LedgerEntry, type Purchase, type PurchaseReturn, unwrap } from "../api/client";
import { useTiers } from "../api/lookups";
import { queryKeys } from "../api/query-keys";
import { formatBp, formatMoney, formatPoints, moneyInput, parseMoney } from "../format";
import { notifySaved, showFormError } from "./feedback";

/**
 * After a change of points: the member's card (`members.detail(id)` and its parts: balances,
 * ledger), the lists that show points (`members.all` covers both), the purchases.
 */
function invalidatePoints(queryClient: ReturnType<typeof useQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
  void queryClient.invalidateQueries({ queryKey: queryKeys.purchases.all });
}

/** Manual adjustment: ± points with a reason. */
export function AdjustmentModal({
  memberId,
  balances,
  programId,
  opened,
  onClose,
}: {
  memberId: string;
  balances: Balance[];
  programId: string | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { programId: programId ?? "", points: "" as number | string, reason: "" },
    validate: {
      programId: (v) => (v ? null : t("validation.required")),
      points: (v) => (v === "" || Number(v) === 0 || !Number.isInteger(Number(v)) ? t("points.pointsNonZero") : null),
      reason: (v) => (v.trim().length >= 3 ? null : t("points.reasonMin")),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on open
  useEffect(() => {
    if (opened) {
      form.setValues({ programId: programId ?? balances[0]?.programId ?? "", points: "", reason: "" });
      form.clearErrors();
    }
  }, [opened]);
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        api.POST("/api/v1/members/{id}/adjustments", {
          params: { path: { id: memberId } },
          body: { programId: v.programId, points: Number(v.points), reason: v.reason.trim() },
        }),
      ),
    onSuccess: (entry) => {
      invalidatePoints(queryClient);
      notifySaved(t, t("points.adjustedMessage", { points: formatPoints(entry.points, true) }));
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("points.adjustTitle")} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          {balances.length > 1 && (
            <Select
              label={t("points.program")}
              allowDeselect={false}
              data={balances.map((b) => ({ value: b.programId, label: b.programName }))}
              {...form.getInputProps("programId")}
            />
          )}
          <NumberInput
            label={t("points.points")}
            description={t("points.adjustHelp")}
            withAsterisk
            allowDecimal={false}
            data-autofocus
            {...form.getInputProps("points")}
          />
          <Textarea label={t("points.reason")} withAsterisk autosize minRows={2} {...form.getInputProps("reason")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("points.adjustConfirm")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Cancels a ledger entry with a reversing one. */
export function ReverseModal({
  entry,
  onClose,
}: {
  /** Kept for the callers; the reversal refreshes every member query (queryKeys.members.all). */
  memberId: string;
  entry: LedgerEntry | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { reason: "" },
    validate: { reason: (v) => (v.trim().length >= 3 ? null : t("points.reasonMin")) },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on open
  useEffect(() => {
    form.setValues({ reason: "" });
    form.clearErrors();
  }, [entry]);
  const save = useMutation({
    mutationFn: (v: { reason: string }) =>
      unwrap(
        api.POST("/api/v1/ledger-entries/{id}/reverse", { params: { path: { id: entry?.id ?? "" } }, body: { reason: v.reason.trim() } }),
      ),
    onSuccess: () => {
      invalidatePoints(queryClient);
      notifySaved(t, t("points.reversedMessage"));
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={!!entry} onClose={onClose} title={t("points.reverseTitle")} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <Text size="sm">{t("points.reverseMessage", { points: formatPoints(entry?.points ?? 0, true) })}</Text>
          <Textarea label={t("points.reason")} withAsterisk data-autofocus autosize minRows={2} {...form.getInputProps("reason")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={save.isPending}>
              {t("points.reverse")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Assigns a tier by hand, optionally locked against automatic changes. */
export function TierAssignModal({ memberId, balance, onClose }: { memberId: string; balance: Balance | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tiers = useTiers(balance?.programId);
  const [tierId, setTierId] = useState<string>("none");
  const [locked, setLocked] = useState(true);
  useEffect(() => {
    setTierId(balance?.tier?.id ?? "none");
    setLocked(balance?.tierLocked ?? true);
  }, [balance]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/members/{memberId}/programs/{programId}/tier", {
          params: { path: { memberId, programId: balance?.programId ?? "" } },
          body: { tierId: tierId === "none" ? null : tierId, locked },
        }),
      ),
    onSuccess: () => {
      invalidatePoints(queryClient);
      notifySaved(t, t("points.tierAssignedMessage"));
      onClose();
    },
    onError: (err) => showFormError(t, { getValues: () => ({}), setFieldError: () => {} }, err),
  });
  return (
    <Modal opened={!!balance} onClose={onClose} title={t("points.assignTierTitle", { program: balance?.programName ?? "" })} size="lg">
      <Stack>
        <Select
          label={t("points.tier")}
          allowDeselect={false}
          data={[
            { value: "none", label: t("points.noTier") },
            ...(tiers.data ?? []).map((tier) => ({ value: tier.id, label: `${tier.name} (${formatBp(tier.discountBp)})` })),
          ]}
          value={tierId}
          onChange={(v) => setTierId(v ?? "none")}
        />
        <Switch
          label={t("points.tierLocked")}
          description={t("points.tierLockedHelp")}
          checked={locked}
          onChange={(e) => setLocked(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export interface ReturnResult {
  return: PurchaseReturn;
  purchase: Purchase;
  replayed: boolean;
  balance: Balance | null;
}

/** The return form (by amount or by lines) for one purchase; used in a modal and on the counter. */
export function ReturnForm({
  purchase,
  onDone,
  onCancel,
  autoFocus,
}: {
  purchase: Purchase;
  onDone: (result: ReturnResult) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refundable = purchase.amount.amount - purchase.refunded.amount;
  const [mode, setMode] = useState<"amount" | "lines">("amount");
  const form = useForm({
    initialValues: {
      returnNumber: `${purchase.receiptNumber}-R${purchase.returns.length + 1}`,
      amount: moneyInput(refundable),
      lines: purchase.items.map(() => 0 as number | string),
    },
    validate: {
      returnNumber: (v) => (v.trim() ? null : t("validation.required")),
      amount: (v) => {
        if (mode !== "amount") return null;
        const minor = parseMoney(v);
        if (minor === null || minor <= 0) return t("counter.amountInvalid");
        return minor > refundable ? t("counter.amountTooHigh", { max: formatMoney(refundable, purchase.amount.currency) }) : null;
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        api.POST("/api/v1/purchases/{id}/returns", {
          params: { path: { id: purchase.id } },
          body:
            mode === "amount"
              ? { returnNumber: v.returnNumber.trim(), amount: { amount: parseMoney(v.amount) ?? 0, currency: purchase.amount.currency } }
              : {
                  returnNumber: v.returnNumber.trim(),
                  lines: v.lines.map((q, index) => ({ index, quantity: Number(q) })).filter((l) => l.quantity > 0),
                },
        }),
      ),
    onSuccess: (result) => {
      invalidatePoints(queryClient);
      onDone(result);
    },
    onError: (err) => showFormError(t, form, err, (p) => (p === "amount.amount" ? "amount" : p)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <Text size="sm">
          {t("counter.returnOf", {
            receipt: purchase.receiptNumber,
            amount: formatMoney(purchase.amount.amount, purchase.amount.currency),
            points: formatPoints(purchase.points),
          })}
        </Text>
        {purchase.refunded.amount > 0 && (
          <Alert color="gray">
            {t("counter.alreadyRefunded", { amount: formatMoney(purchase.refunded.amount, purchase.refunded.currency) })}
          </Alert>
        )}
        {purchase.items.length > 0 && (
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v as "amount" | "lines")}
            data={[
              { value: "amount", label: t("counter.byAmount") },
              { value: "lines", label: t("counter.byLines") },
            ]}
          />
        )}
        <TextInput label={t("counter.returnNumber")} withAsterisk {...form.getInputProps("returnNumber")} />
        {mode === "amount" ? (
          <TextInput
            label={t("counter.refundAmount")}
            withAsterisk
            inputMode="decimal"
            size="lg"
            data-autofocus={autoFocus || undefined}
            autoFocus={autoFocus}
            rightSection={<Text c="dimmed">{purchase.amount.currency}</Text>}
            rightSectionWidth={60}
            {...form.getInputProps("amount")}
          />
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("counter.item")}</Table.Th>
                <Table.Th>{t("counter.bought")}</Table.Th>
                <Table.Th>{t("counter.returned")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {purchase.items.map((item, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines are identified by their index in the API
                <Table.Tr key={index}>
                  <Table.Td>{item.name ?? item.sku ?? `#${index + 1}`}</Table.Td>
                  <Table.Td>{item.quantity}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t("counter.returnedOf", { item: item.name ?? item.sku ?? `#${index + 1}` })}
                      min={0}
                      max={item.quantity}
                      allowDecimal={false}
                      w={100}
                      {...form.getInputProps(`lines.${index}`)}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          )}
          <Button type="submit" color="orange" size="lg" loading={save.isPending}>
            {t("counter.confirmReturn")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** What a return did: points taken back, debt, the new balance. */
export function ReturnSummary({ result }: { result: ReturnResult }) {
  const { t } = useTranslation();
  return (
    <Alert color={result.replayed ? "yellow" : "orange"} title={result.replayed ? t("counter.returnReplayed") : t("counter.returnDone")}>
      <Stack gap={4}>
        <Text fw={700} size="lg" data-testid="return-points">
          {t("counter.pointsTakenBack", { points: formatPoints(result.return.points) })}
        </Text>
        {result.return.pointsAsDebt > 0 && <Text c="red">{t("counter.asDebt", { points: formatPoints(result.return.pointsAsDebt) })}</Text>}
        <Text>{t("counter.refunded", { amount: formatMoney(result.return.amount.amount, result.return.amount.currency) })}</Text>
        {result.balance && <Text>{t("counter.newBalance", { points: formatPoints(result.balance.available) })}</Text>}
      </Stack>
    </Alert>
  );
}

export function ReturnModal({ purchase, onClose }: { purchase: Purchase | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<ReturnResult | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new purchase starts a new return
  useEffect(() => setResult(null), [purchase]);
  return (
    <Modal opened={!!purchase} onClose={onClose} title={t("counter.returnTitle")} size="lg">
      {result ? (
        <Stack>
          <ReturnSummary result={result} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t("common.close")}</Button>
          </Group>
        </Stack>
      ) : (
        purchase && <ReturnForm purchase={purchase} onDone={setResult} onCancel={onClose} />
      )}
    </Modal>
  );
}
