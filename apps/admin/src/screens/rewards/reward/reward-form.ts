import type { Reward, RewardKind } from "../../../components/RewardShared";
import { fromLocalInput, moneyInput, parseMoney, toLocalInput } from "../../../format";

export const MAX_IMAGES = 10;
export type Num = number | string;

export interface Values {
  programId: string;
  namePl: string;
  nameEn: string;
  descriptionPl: string;
  descriptionEn: string;
  category: string;
  kind: RewardKind;
  couponKind: "percent" | "amount";
  couponValue: Num;
  /** percent coupons: whole percent; amount coupons: money typed as text */
  couponAmount: string;
  couponMinOrder: string;
  productSku: string;
  voucherPoolId: string | null;
  fulfilment: "pickup" | "shipping" | "none";
  pointsPrice: Num;
  images: { id: string; url: string }[];
  stockMode: "unlimited" | "global" | "per_location";
  initialStock: Num;
  lowStockThreshold: Num;
  startsAt: string;
  endsAt: string;
  tierIds: string[];
  locationIds: string[];
  limitPerMember: Num;
  limitPerPeriod: Num;
  limitPeriodDays: Num;
  visibleInPortal: boolean;
  sortOrder: Num;
  active: boolean;
}

export const EMPTY: Values = {
  programId: "",
  namePl: "",
  nameEn: "",
  descriptionPl: "",
  descriptionEn: "",
  category: "",
  kind: "physical",
  couponKind: "percent",
  couponValue: "",
  couponAmount: "",
  couponMinOrder: "",
  productSku: "",
  voucherPoolId: null,
  fulfilment: "pickup",
  pointsPrice: "",
  images: [],
  stockMode: "unlimited",
  initialStock: "",
  lowStockThreshold: "",
  startsAt: "",
  endsAt: "",
  tierIds: [],
  locationIds: [],
  limitPerMember: "",
  limitPerPeriod: "",
  limitPeriodDays: "",
  visibleInPortal: true,
  sortOrder: 0,
  active: true,
};

export function toValues(r: Reward): Values {
  return {
    programId: r.programId,
    namePl: r.namePl,
    nameEn: r.nameEn,
    descriptionPl: r.descriptionPl,
    descriptionEn: r.descriptionEn,
    category: r.category,
    kind: r.kind,
    couponKind: r.couponKind ?? "percent",
    couponValue: r.couponKind === "percent" ? (r.couponValue ?? "") : "",
    couponAmount: r.couponKind === "amount" && r.couponValue ? moneyInput(r.couponValue) : "",
    couponMinOrder: r.couponMinOrderMinor ? moneyInput(r.couponMinOrderMinor) : "",
    productSku: r.productSku ?? "",
    voucherPoolId: r.voucherPoolId,
    fulfilment: r.fulfilment,
    pointsPrice: r.pointsPrice,
    images: r.imageMediaIds.map((id, i) => ({ id, url: r.imageUrls[i] ?? "" })),
    stockMode: r.stockMode,
    initialStock: "",
    lowStockThreshold: r.lowStockThreshold ?? "",
    startsAt: toLocalInput(r.startsAt),
    endsAt: toLocalInput(r.endsAt),
    tierIds: r.tierIds,
    locationIds: r.locationIds,
    limitPerMember: r.limitPerMember ?? "",
    limitPerPeriod: r.limitPerPeriod ?? "",
    limitPeriodDays: r.limitPeriodDays ?? "",
    visibleInPortal: r.visibleInPortal,
    sortOrder: r.sortOrder,
    active: r.active,
  };
}

const intOrNull = (v: Num): number | null => (v === "" || v === null ? null : Number(v));

/** The fields both create and update accept. */
export function commonBody(v: Values) {
  const coupon = v.kind === "coupon";
  return {
    namePl: v.namePl.trim(),
    nameEn: v.nameEn.trim(),
    descriptionPl: v.descriptionPl.trim(),
    descriptionEn: v.descriptionEn.trim(),
    imageMediaIds: v.images.map((i) => i.id),
    category: v.category.trim(),
    pointsPrice: Number(v.pointsPrice),
    fulfilment: v.kind === "physical" ? v.fulfilment : "none",
    couponKind: coupon ? v.couponKind : null,
    couponValue: !coupon ? null : v.couponKind === "percent" ? intOrNull(v.couponValue) : parseMoney(v.couponAmount),
    couponMinOrderMinor: coupon && v.couponMinOrder.trim() ? parseMoney(v.couponMinOrder) : null,
    productSku: v.kind === "free_product" ? v.productSku.trim() || null : null,
    voucherPoolId: v.kind === "voucher" ? v.voucherPoolId : null,
    lowStockThreshold: v.stockMode === "unlimited" ? null : intOrNull(v.lowStockThreshold),
    startsAt: fromLocalInput(v.startsAt),
    endsAt: fromLocalInput(v.endsAt),
    tierIds: v.tierIds,
    locationIds: v.locationIds,
    limitPerMember: intOrNull(v.limitPerMember),
    limitPerPeriod: intOrNull(v.limitPerPeriod),
    limitPeriodDays: intOrNull(v.limitPeriodDays),
    visibleInPortal: v.visibleInPortal,
    sortOrder: Number(v.sortOrder) || 0,
    active: v.active,
  };
}

/** Server field names -> the inputs of this form. */
export function formPath(path: string): string {
  if (path === "couponMinOrderMinor") return "couponMinOrder";
  if (path === "imageMediaIds") return "images";
  return path;
}
