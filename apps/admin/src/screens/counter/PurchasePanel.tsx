import { Alert, Button, Card, Group, Loader, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCheck, IconReceipt } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, type Balance, type Member, type Purchase, toApiError, unwrap } from "../../api/client";
import { useCompanyCurrency } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { errorMessage, fieldMessage } from "../../components/feedback";
import { formatMoney, formatPoints, parseMoney } from "../../format";

interface PurchaseResult {
  purchase: Purchase;
  replayed: boolean;
  balance: Balance | null;
}

/**
 * One key per purchase as entered: a retry of the same submission (a lost answer, a double press)
 * is answered with the original purchase, never credited twice; changing what was typed makes a
 * new key. Built from getRandomValues, which (unlike randomUUID) works on plain-HTTP installations.
 */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `counter-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The purchase at the counter: amount (Enter confirms), an optional receipt number, the points it earns. */
export function PurchasePanel({
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
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [errors, setErrors] = useState<{ amount?: string; receipt?: string; general?: string }>({});
  const [result, setResult] = useState<PurchaseResult | null>(null);
  const amount = parseMoney(amountText);
  const [debouncedAmount] = useDebouncedValue(amount, 300);
  const currency = useCompanyCurrency();

  const preview = useQuery({
    queryKey: queryKeys.purchases.part(member.id, "preview", { programId, locationId, amount: debouncedAmount }),
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
      const receiptNumber = receipt.trim() || undefined;
      const res = await api.POST("/api/v1/purchases", {
        params: { header: { "idempotency-key": idempotencyKey } },
        body: { programId, memberId: member.id, amount: { amount: amount ?? 0, currency }, receiptNumber, locationId },
      });
      if (!res.response.ok || !res.data) throw toApiError(res.error, res.response);
      return res.data;
    },
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.detail(member.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.purchases.all });
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
    if (amount === null || amount <= 0) return setErrors({ amount: t("counter.amountInvalid") });
    setErrors({});
    record.mutate();
  };

  const newPurchase = () => {
    setResult(null);
    setAmountText("");
    setReceipt("");
    setIdempotencyKey(newIdempotencyKey());
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
              {formatMoney(result.purchase.amount.amount, result.purchase.amount.currency)} ·{" "}
              <span data-testid="purchase-receipt">{result.purchase.receiptNumber}</span>
            </Text>
            {result.balance && (
              <Text fz={20} fw={700} data-testid="purchase-new-balance">
                {t("counter.newBalance", { points: formatPoints(result.balance.available) })}
              </Text>
            )}
            {result.purchase.availableAt && new Date(result.purchase.availableAt) > new Date() && (
              <Text>{t("counter.pendingUntil", { date: new Date(result.purchase.availableAt).toLocaleDateString() })}</Text>
            )}
          </Stack>
        </Alert>
        <Button size="xl" mt="md" fullWidth color="indigo.8" onClick={newPurchase} autoFocus>
          {t("counter.newPurchase")}
        </Button>
      </Card>
    );
  }

  const breakdown = preview.data?.breakdown;
  return (
    <Card withBorder radius="lg" p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
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
              setIdempotencyKey(newIdempotencyKey());
              setErrors((x) => ({ ...x, amount: undefined }));
            }}
            rightSection={<Text c="gray.7">{currency === "PLN" ? "zł" : currency}</Text>}
            rightSectionWidth={50}
            styles={{ input: { fontSize: 32, fontWeight: 700, height: 64 } }}
          />
          <TextInput
            label={t("counter.receiptNumber")}
            description={t("counter.receiptOptional")}
            styles={{ description: { color: "var(--mantine-color-gray-7)" } }}
            size="md"
            autoComplete="off"
            disabled={blocked}
            value={receipt}
            error={errors.receipt}
            onChange={(e) => {
              setReceipt(e.currentTarget.value);
              setIdempotencyKey(newIdempotencyKey());
              setErrors((x) => ({ ...x, receipt: undefined }));
            }}
          />
          <Card bg="gray.0" radius="md" p="sm" data-testid="purchase-preview" aria-live="polite">
            {amount === null || amount <= 0 ? (
              <Text c="gray.7">{t("counter.previewHint")}</Text>
            ) : preview.isError ? (
              <Text c="red.8">{errorMessage(t, preview.error)}</Text>
            ) : !breakdown || preview.isFetching || debouncedAmount !== amount ? (
              <Group gap="xs">
                <Loader size="xs" />
                <Text c="gray.7">{t("counter.previewing")}</Text>
              </Group>
            ) : (
              <Group justify="space-between" wrap="nowrap" align="center">
                <Stack gap={0}>
                  <Text fw={700}>{t("counter.totalPoints")}</Text>
                  <Text size="sm" c="gray.7">
                    {[
                      `${t("counter.basePoints")} ${formatPoints(breakdown.basePoints)}`,
                      ...breakdown.ruleAwards.map((r) => `${r.name} ${formatPoints(r.points, true)}`),
                    ].join(" · ")}
                  </Text>
                  {breakdown.belowMinimum && (
                    <Text size="sm" c="orange.9">
                      {t("counter.belowMinimum")}
                    </Text>
                  )}
                  {(preview.data?.pendingDays ?? 0) > 0 && (
                    <Text size="sm" c="gray.7">
                      {t("counter.pendingDays", { days: preview.data?.pendingDays ?? 0 })}
                    </Text>
                  )}
                </Stack>
                <Text fw={800} fz={28} c="indigo.8" data-testid="preview-total">
                  {formatPoints(breakdown.totalPoints)}
                </Text>
              </Group>
            )}
          </Card>
          {errors.general && <Alert color="red">{errors.general}</Alert>}
          <Button
            type="submit"
            size="xl"
            color="indigo.8"
            leftSection={<IconCheck size={26} />}
            disabled={blocked}
            loading={record.isPending}
          >
            {t("counter.confirm")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
