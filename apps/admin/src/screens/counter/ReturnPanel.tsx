import { Alert, Button, Card, Divider, Group, Stack, TextInput } from "@mantine/core";
import { IconArrowBackUp, IconSearch } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member, type Purchase, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { errorMessage } from "../../components/feedback";
import { ReturnForm, type ReturnResult, ReturnSummary } from "../../components/PointsDialogs";

/** A return at the counter: find the member's purchase by its receipt number, then take back by amount or lines. */
export function ReturnPanel({ member }: { member: Member }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
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
  const done = (r: ReturnResult) => {
    setResult(r);
    void queryClient.invalidateQueries({ queryKey: queryKeys.members.detail(member.id) });
  };
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
              <ReturnForm key={purchase.id} purchase={purchase} onDone={done} autoFocus />
            </>
          ))}
      </Stack>
    </Card>
  );
}
