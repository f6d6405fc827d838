import { Badge, Group, Image, Text, ThemeIcon } from "@mantine/core";
import { IconGift, IconPhoto } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { queryKeys } from "../api/query-keys";
import type { components } from "../api/schema";
import { formatNumber } from "../format";

export type Reward = components["schemas"]["Reward"];
export type RewardKind = Reward["kind"];
export type StockMovement = components["schemas"]["StockMovement"];
export type VoucherPool = components["schemas"]["VoucherPool"];
export type VoucherCode = components["schemas"]["VoucherCode"];
export type Redemption = components["schemas"]["Redemption"];
export type MemberReward = components["schemas"]["MemberReward"];

export const REWARD_KINDS: RewardKind[] = ["physical", "coupon", "free_product", "voucher", "custom"];
export const KIND_COLORS: Record<string, string> = {
  physical: "teal",
  coupon: "orange",
  free_product: "grape",
  voucher: "indigo",
  custom: "gray",
};

/** The name in the interface language, falling back to Polish when there is no English one. */
export function localName(r: { namePl: string; nameEn: string }, language: string): string {
  return (language === "en" ? r.nameEn : r.namePl) || r.namePl || r.nameEn;
}

export function localDescription(r: { descriptionPl: string; descriptionEn: string }, language: string): string {
  return (language === "en" ? r.descriptionEn : r.descriptionPl) || r.descriptionPl;
}

export function KindBadge({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={KIND_COLORS[kind] ?? "gray"} variant="light" tt="none">
      {t(`rewards.kinds.${kind}`, { defaultValue: kind })}
    </Badge>
  );
}

/** A square image, or a placeholder icon when the reward has none. */
export function RewardThumb({ url, size = 48, alt }: { url?: string; size?: number; alt: string }) {
  if (!url)
    return (
      <ThemeIcon size={size} variant="light" color="gray" radius="md" aria-hidden>
        <IconPhoto size={size / 2} />
      </ThemeIcon>
    );
  return <Image src={url} alt={alt} w={size} h={size} radius="md" fit="cover" style={{ flexShrink: 0 }} />;
}

/** "Unlimited", "12 in stock", the per-location total with the number of branches, or an e-voucher's codes left in its pool. */
export function stockSummary(t: TFunction, r: Reward): string {
  if (r.kind === "voucher" && r.poolAvailable !== null)
    return t("rewards.stock.poolCodes", { count: r.poolAvailable, formatted: formatNumber(r.poolAvailable) });
  if (r.stockMode === "unlimited") return t("rewards.stock.unlimited");
  if (r.stockMode === "global") return t("rewards.stock.inStock", { count: r.stock ?? 0, formatted: formatNumber(r.stock ?? 0) });
  const total = r.locationStock.reduce((sum, l) => sum + l.stock, 0);
  return t("rewards.stock.perLocationSummary", {
    count: r.locationStock.length,
    total: formatNumber(total),
  });
}

export function isLowStock(r: Reward): boolean {
  if (r.lowStockThreshold === null || r.stockMode === "unlimited") return false;
  if (r.stockMode === "global") return (r.stock ?? 0) <= r.lowStockThreshold;
  return r.locationStock.some((l) => l.stock <= r.lowStockThreshold!);
}

/** Why a member cannot take a reward, in the interface language (the API's reason codes). */
export function reasonText(t: TFunction, reason: { code: string; message: string }): string {
  return t(`rewards.reasons.${reason.code}`, { defaultValue: reason.message });
}

export function useVoucherPools(enabled = true) {
  return useQuery({
    queryKey: queryKeys.voucherPools.list(),
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/voucher-pools"))).data,
    staleTime: 10_000,
  });
}

export function useReward(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.rewards.detail(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/rewards/{id}", { params: { path: { id: id ?? "" } } })),
  });
}

/** Every reward (for pickers and names in lists). */
export function useAllRewards(enabled = true) {
  return useQuery({
    queryKey: queryKeys.rewards.list({ all: true }),
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/rewards"))).data,
    staleTime: 30_000,
  });
}

export function PointsPrice({ points, size = "md" }: { points: number; size?: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <IconGift size={16} aria-hidden />
      <Text fw={700} size={size} className="nowrap">
        {t("rewards.pointsPrice", { points: formatNumber(points) })}
      </Text>
    </Group>
  );
}
