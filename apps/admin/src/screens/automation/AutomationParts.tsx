import { Badge, Button } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ScenarioStatus } from "../../api/automation";

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
