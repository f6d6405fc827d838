import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Balance, Member } from "../../api/client";
import { formatBp } from "../../format";

export function MemberStatusBadge({ member }: { member: Pick<Member, "status"> }) {
  const { t } = useTranslation();
  return (
    <Badge color={member.status === "active" ? "green" : "red"} variant={member.status === "active" ? "light" : "filled"}>
      {t(`members.statuses.${member.status}`)}
    </Badge>
  );
}

/** A member's tier in a program (with its discount when known), or "no tier". */
export function TierBadge({
  tier,
  size = "lg",
}: {
  tier: Pick<NonNullable<Balance["tier"]>, "name" | "color"> & { discountBp?: number };
  size?: "sm" | "md" | "lg";
}) {
  const { t } = useTranslation();
  return (
    <Badge color={tier.color} size={size} tt="none" variant="filled" autoContrast>
      {tier.discountBp ? `${tier.name} · ${t("points.discount", { value: formatBp(tier.discountBp) })}` : tier.name}
    </Badge>
  );
}

export function NoTierBadge({ size = "lg" }: { size?: "sm" | "md" | "lg" }) {
  const { t } = useTranslation();
  return (
    <Badge color="gray" variant="light" size={size}>
      {t("points.noTier")}
    </Badge>
  );
}
