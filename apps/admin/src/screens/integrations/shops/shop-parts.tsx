import { Badge, Button, Group, Text, ThemeIcon } from "@mantine/core";
import { IconApi, IconArrowLeft, IconBrandWordpress, IconBuildingStore, IconShoppingBag } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { InboundDelivery, InboundOutcome, ShopPlatform, ShopStatus } from "../../../api/shops";
import { formatMoney, formatPoints } from "../../../format";

// E-shop connections in words: the platform's mark, the status, what became of a webhook.

const PLATFORM_LOOK: Record<ShopPlatform, { icon: typeof IconApi; color: string }> = {
  woocommerce: { icon: IconBrandWordpress, color: "grape" },
  shopify: { icon: IconShoppingBag, color: "green" },
  shoper: { icon: IconBuildingStore, color: "orange" },
  generic: { icon: IconApi, color: "gray" },
};

export function PlatformIcon({ platform, size = 34 }: { platform: ShopPlatform; size?: number }) {
  const look = PLATFORM_LOOK[platform];
  return (
    <ThemeIcon color={look.color} variant="light" size={size} radius="md" aria-hidden>
      <look.icon size={Math.round(size * 0.6)} />
    </ThemeIcon>
  );
}

export function PlatformName({ platform }: { platform: ShopPlatform }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <PlatformIcon platform={platform} size={26} />
      <Text size="sm">{t(`integrations.shops.platforms.${platform}`)}</Text>
    </Group>
  );
}

export function ShopStatusBadge({ status }: { status: ShopStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === "active" ? "green" : "gray"} variant="light" data-testid="shop-status">
      {t(`integrations.shops.statuses.${status}`)}
    </Badge>
  );
}

const OUTCOME_COLORS: Record<InboundOutcome, string> = {
  purchase_recorded: "green",
  return_recorded: "green",
  reversed: "green",
  member_created: "green",
  member_updated: "green",
  ignored: "gray",
  duplicate: "gray",
  refused: "red",
  failed: "red",
};

export function OutcomeBadge({ outcome }: { outcome: InboundOutcome }) {
  const { t } = useTranslation();
  return (
    <Badge color={OUTCOME_COLORS[outcome]} variant="light" data-testid="shop-delivery-outcome">
      {t(`integrations.shops.outcomes.${outcome}`, { defaultValue: outcome })}
    </Badge>
  );
}

/** Codes whose text after ": " is the server's English sentence: only the code is told. */
const CODE_ONLY = new Set(["currency_mismatch", "member_blocked", "program_inactive", "purchase_invalid"]);
const FIGURES = /^[a-z_]+: -?\d+(, [a-z_]+: -?\d+)*$/;

/**
 * What became of a webhook, in words: the figures of a purchase or a return ("points: 45",
 * "refunded: 500, points: -5", amounts in minor units), or why it was ignored, refused or failed
 * ("order_not_paid", "topic_not_handled: order.deleted"). A code this admin does not know, or a
 * sentence, is shown as it came.
 */
export function outcomeDetailText(t: TFunction, d: Pick<InboundDelivery, "detail">, currency: string): string {
  if (!d.detail) return "";
  if (d.detail.startsWith("same delivery as ")) return t("integrations.shops.details.same_delivery");
  if (FIGURES.test(d.detail)) {
    return d.detail
      .split(", ")
      .map((part) => {
        const [key, raw] = part.split(": ");
        const n = Number(raw);
        if (key === "points") return t("integrations.shops.details.points", { points: formatPoints(n, true) });
        if (key === "refunded" || key === "reversed")
          return t(`integrations.shops.details.${key}Amount`, { amount: formatMoney(n, currency) });
        return part;
      })
      .join(" · ");
  }
  const coded = /^([a-z0-9_]+)(?:: (.+))?$/s.exec(d.detail);
  if (!coded?.[1]) return d.detail;
  return t(`integrations.shops.details.${coded[1]}` as "integrations.shops.details.signature_invalid", {
    arg: CODE_ONLY.has(coded[1]) ? "" : (coded[2] ?? ""),
    defaultValue: d.detail,
  });
}

/** The platform's topic as its admin names it ("order.created" stays, Shopify's "orders/paid" too): shown as code. */
export function TopicText({ topic }: { topic: string }) {
  return (
    <Text size="sm" ff="monospace" component="span" style={{ overflowWrap: "anywhere" }}>
      {topic || "—"}
    </Text>
  );
}

export function BackToShops() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/shops" variant="default" leftSection={<IconArrowLeft size={18} />}>
      {t("integrations.shops.back")}
    </Button>
  );
}
