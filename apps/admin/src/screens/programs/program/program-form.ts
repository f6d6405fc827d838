import type { Program } from "../../../api/client";
import { bpToPercent, fromLocalInput, percentToBp, toLocalInput } from "../../../format";

export const toMinor = (v: number | string) => Math.round(Number(v || 0) * 100);
export const fromMinor = (v: number) => v / 100;

export interface ProgramValues {
  name: string;
  slogan: string;
  description: string;
  status: Program["status"];
  startsAt: string;
  endsAt: string;
  primaryColor: string;
  photoMediaId: string | null;
  photoUrl: string | null;
  iconMediaId: string | null;
  iconUrl: string | null;
  budgetPercent: number | string;
  pointValuePoints: number | string;
  pointValue: number | string;
  converterPoints: number | string;
  converterAmount: number | string;
  rounding: Program["rounding"];
  minPurchase: number | string;
  welcomePoints: number | string;
  pendingDays: number | string;
  expiryPolicy: Program["expiryPolicy"];
  expiryValue: number | string;
  negativePolicy: Program["negativePolicy"];
  tierBasis: Program["tierBasis"];
  tierPeriod: Program["tierPeriod"];
  tierPeriodDays: number | string;
  tierDowngrade: boolean;
}

export function toValues(p: Program): ProgramValues {
  return {
    name: p.name,
    slogan: p.slogan,
    description: p.description,
    status: p.status,
    startsAt: toLocalInput(p.startsAt),
    endsAt: toLocalInput(p.endsAt),
    primaryColor: p.primaryColor,
    photoMediaId: p.photoMediaId,
    photoUrl: p.photoUrl,
    iconMediaId: p.iconMediaId,
    iconUrl: p.iconUrl,
    budgetPercent: bpToPercent(p.budgetBp),
    pointValuePoints: p.pointValuePoints,
    pointValue: fromMinor(p.pointValueMinor),
    converterPoints: p.converterPoints,
    converterAmount: fromMinor(p.converterAmountMinor),
    rounding: p.rounding,
    minPurchase: fromMinor(p.minPurchaseMinor),
    welcomePoints: p.welcomePoints,
    pendingDays: p.pendingDays,
    expiryPolicy: p.expiryPolicy,
    expiryValue: p.expiryValue ?? "",
    negativePolicy: p.negativePolicy,
    tierBasis: p.tierBasis,
    tierPeriod: p.tierPeriod,
    tierPeriodDays: p.tierPeriodDays ?? "",
    tierDowngrade: p.tierDowngrade,
  };
}

export function toBody(v: ProgramValues) {
  const needsExpiryValue = v.expiryPolicy === "days" || v.expiryPolicy === "months";
  return {
    name: v.name.trim(),
    slogan: v.slogan,
    description: v.description,
    status: v.status,
    startsAt: fromLocalInput(v.startsAt),
    endsAt: fromLocalInput(v.endsAt),
    primaryColor: v.primaryColor,
    photoMediaId: v.photoMediaId,
    iconMediaId: v.iconMediaId,
    budgetBp: percentToBp(v.budgetPercent || 0),
    pointValuePoints: Number(v.pointValuePoints) || 1,
    pointValueMinor: toMinor(v.pointValue),
    converterPoints: Number(v.converterPoints) || 0,
    converterAmountMinor: toMinor(v.converterAmount),
    rounding: v.rounding,
    minPurchaseMinor: toMinor(v.minPurchase),
    welcomePoints: Number(v.welcomePoints) || 0,
    pendingDays: Number(v.pendingDays) || 0,
    expiryPolicy: v.expiryPolicy,
    expiryValue: needsExpiryValue ? Number(v.expiryValue) : null,
    negativePolicy: v.negativePolicy,
    tierBasis: v.tierBasis,
    tierPeriod: v.tierPeriod,
    tierPeriodDays: v.tierPeriod === "rolling_days" ? Number(v.tierPeriodDays) : null,
    tierDowngrade: v.tierDowngrade,
  };
}

/** Server field names -> the inputs of the settings form. */
export const SERVER_PATHS: Record<string, string> = {
  budgetBp: "budgetPercent",
  pointValueMinor: "pointValue",
  converterAmountMinor: "converterAmount",
  minPurchaseMinor: "minPurchase",
};
