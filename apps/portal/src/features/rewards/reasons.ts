import type { TFunction } from "i18next";
import { formatDate, formatPoints } from "../../format";
import type { Reason } from "./api";

/** Why a reward is out of reach, in the member's words ("You need 120 pts more"). */
export function reasonText(t: TFunction, r: Reason): string {
  const p = r.params ?? {};
  return t(`rewards.reasons.${r.code}`, {
    missing: formatPoints(Number(p.missing ?? 0)),
    date: p.date ? formatDate(String(p.date)) : "",
    max: p.max ?? "",
    days: p.days ?? "",
    defaultValue: r.message,
  });
}
