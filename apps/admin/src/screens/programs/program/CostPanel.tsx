import { Alert, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { useCompanyCurrency } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { formatBp, formatMoney } from "../../../format";
import { converterText } from "../program-shared";

/** What points cost against the budget, with a converter that fits it. */
export function CostPanel({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const currency = useCompanyCurrency();
  const cost = useQuery({
    queryKey: queryKeys.programs.part(programId, "cost"),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}/cost", { params: { path: { id: programId } } })),
  });
  if (!cost.data) return null;
  const c = cost.data;
  const fixed = c.fixedCosts;
  const suggestion = c.suggestedConverter ? converterText(t, c.suggestedConverter.points, c.suggestedConverter.amountMinor) : null;
  return (
    <Alert
      mb="md"
      color={c.overBudget ? "red" : "indigo"}
      variant={c.overBudget ? "filled" : "light"}
      icon={c.overBudget ? <IconAlertTriangle /> : undefined}
      title={c.overBudget ? t("programs.cost.overBudgetTitle") : t("programs.cost.title")}
      data-testid="cost-panel"
    >
      <Stack gap={2}>
        <Text size="sm">
          {t("programs.cost.summary", {
            base: formatBp(c.baseCostBp),
            max: formatBp(c.maxCostBp),
            budget: c.budgetBp > 0 ? formatBp(c.budgetBp) : t("programs.cost.noBudget"),
          })}
        </Text>
        {fixed.perPurchaseMinor > 0 && (
          <Text size="sm" data-testid="cost-per-purchase">
            {t("programs.cost.perPurchase", {
              amount: formatMoney(fixed.perPurchaseMinor, currency),
              reference: formatMoney(fixed.referencePurchaseMinor, currency),
            })}
          </Text>
        )}
        {fixed.perMemberMinor > 0 && (
          <Text size="sm" data-testid="cost-per-member">
            {t("programs.cost.perMember", { amount: formatMoney(fixed.perMemberMinor, currency) })}
          </Text>
        )}
        {c.overBudget && <Text size="sm">{t("programs.cost.overBudget")}</Text>}
        {suggestion && (
          <Text size="sm" fw={600}>
            {t("programs.cost.suggested", { converter: suggestion })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
