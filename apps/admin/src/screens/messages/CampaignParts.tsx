import { Badge, Button, Text } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CampaignStatus } from "../../api/messaging";

const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: "gray",
  scheduled: "blue",
  sending: "cyan",
  sent: "green",
  cancelled: "red",
};

export const CAMPAIGN_STATUSES: CampaignStatus[] = ["draft", "scheduled", "sending", "sent", "cancelled"];

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="campaign-status">
      {t(`messaging.campaigns.statuses.${status}`)}
    </Badge>
  );
}

export function BackToCampaigns() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/messages/campaigns" variant="default" leftSection={<IconArrowLeft size={18} />}>
      {t("messaging.campaigns.back")}
    </Button>
  );
}

/** A labelled value of a sent campaign. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text component="div" style={{ overflowWrap: "anywhere" }}>
        {children || "—"}
      </Text>
    </div>
  );
}
