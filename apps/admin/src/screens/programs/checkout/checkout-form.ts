import type { TFunction } from "i18next";
import type { components } from "../../../api/schema";

export type CheckoutSettings = components["schemas"]["CheckoutSettings"];
export type CheckoutReservation = components["schemas"]["CheckoutReservation"];

/** Money in zł as the inputs show it; the lists keep a key per row (React keys survive removals). */
export interface CheckoutValues {
  enabled: boolean;
  minimumBasket: number | string;
  maxProductsPerOrder: number | string;
  maxPointsPerOrder: number | string;
  feePerItem: number | string;
  reservationMinutes: number | string;
  products: { key: string; sku: string; name: string; points: number | string; active: boolean }[];
  discountThresholds: { key: string; points: number | string; percent: number | string }[];
}

let nextKey = 0;
export const rowKey = () => `row-${++nextKey}`;

const toMinor = (v: number | string) => Math.round(Number(v || 0) * 100);
const orNull = (v: number | string) => (v === "" || v === null ? null : Number(v));

export function toValues(s: CheckoutSettings): CheckoutValues {
  return {
    enabled: s.enabled,
    minimumBasket: s.minimumBasketMinor / 100,
    maxProductsPerOrder: s.maxProductsPerOrder ?? "",
    maxPointsPerOrder: s.maxPointsPerOrder ?? "",
    feePerItem: s.feePerItemMinor / 100,
    reservationMinutes: s.reservationMinutes,
    products: s.products.map((p) => ({ key: rowKey(), ...p })),
    discountThresholds: s.discountThresholds.map((d) => ({ key: rowKey(), ...d })),
  };
}

export function toBody(v: CheckoutValues) {
  return {
    enabled: v.enabled,
    minimumBasketMinor: toMinor(v.minimumBasket),
    maxProductsPerOrder: orNull(v.maxProductsPerOrder),
    maxPointsPerOrder: orNull(v.maxPointsPerOrder),
    feePerItemMinor: toMinor(v.feePerItem),
    reservationMinutes: Number(v.reservationMinutes),
    products: v.products.map((p) => ({ sku: p.sku.trim(), name: p.name.trim(), points: Number(p.points), active: p.active })),
    discountThresholds: v.discountThresholds.map((d) => ({ points: Number(d.points), percent: Number(d.percent) })),
  };
}

/** The API's field paths on this form (the money fields are in zł here, in minor units there). */
export const SERVER_PATHS: Record<string, string> = { minimumBasketMinor: "minimumBasket", feePerItemMinor: "feePerItem" };

const whole = (v: number | string) => Number.isInteger(Number(v)) && String(v) !== "";

/**
 * The same rules as the API's schema, checked before sending so that each shows at its input at
 * once; whatever the API still refuses comes back to the same inputs (useSaveForm).
 */
export function validate(t: TFunction) {
  const optionalWhole = (v: number | string) => (v === "" || (whole(v) && Number(v) >= 1) ? null : t("checkout.validation.wholePositive"));
  const notNegative = (v: number | string) => (Number(v) >= 0 ? null : t("checkout.validation.notNegative"));
  return {
    minimumBasket: notNegative,
    feePerItem: notNegative,
    maxProductsPerOrder: optionalWhole,
    maxPointsPerOrder: optionalWhole,
    reservationMinutes: (v: number | string) =>
      whole(v) && Number(v) >= 1 && Number(v) <= 10_080 ? null : t("checkout.validation.minutesRange"),
    products: {
      sku: (v: string, values: CheckoutValues, path: string) => {
        if (!v.trim()) return t("checkout.validation.skuRequired");
        const index = Number(path.split(".")[1]);
        const first = values.products.findIndex((p) => p.sku.trim().toLowerCase() === v.trim().toLowerCase());
        return first < index ? t("checkout.validation.skuRepeated") : null;
      },
      name: (v: string) => (v.trim() ? null : t("checkout.validation.nameRequired")),
      points: (v: number | string) => (whole(v) && Number(v) >= 1 ? null : t("checkout.validation.pointsPositive")),
    },
    discountThresholds: {
      points: (v: number | string, values: CheckoutValues, path: string) => {
        if (!(whole(v) && Number(v) >= 1)) return t("checkout.validation.pointsPositive");
        const before = values.discountThresholds[Number(path.split(".")[1]) - 1];
        return before && Number(v) <= Number(before.points) ? t("checkout.validation.pointsAscending") : null;
      },
      percent: (v: number | string, values: CheckoutValues, path: string) => {
        if (!(whole(v) && Number(v) >= 1 && Number(v) <= 100)) return t("checkout.validation.percentRange");
        const before = values.discountThresholds[Number(path.split(".")[1]) - 1];
        return before && Number(v) <= Number(before.percent) ? t("checkout.validation.percentAscending") : null;
      },
    },
  };
}
