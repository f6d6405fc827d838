import { Badge, Button, Text } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ScenarioStatus } from "../../api/automation";
import { formatNumber } from "../../format";

export function ScenarioStatusBadge({ status }: { status: ScenarioStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === "active" ? "green" : "gray"} variant="light" data-testid="scenario-status">
      {t(`automation.statuses.${status}`)}
    </Badge>
  );
}

export function BackToScenarios() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/automation/scenarios" variant="default" leftSection={<IconArrowLeft size={18} />}>
      {t("automation.back")}
    </Button>
  );
}

/** A labelled number of the results. */
export function Stat({ label, value, color, testId }: { label: string; value: number | string; color?: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="gray.7" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fw={800} fz={26} c={color} data-testid={testId}>
        {typeof value === "number" ? formatNumber(value) : value}
      </Text>
    </div>
  );
}
