import type { Condition } from "./automation.schemas.js";

/** What conditions look at, for one member and one occurrence; loaded once per run (member-facts.ts). */
export interface MemberFacts {
  memberId: string;
  status: "active" | "blocked";
  erased: boolean;
  tags: string[];
  gender: string | null;
  city: string;
  country: string;
  language: string;
  /** "YYYY-MM-DD" or null */
  birthday: string | null;
  joinLocationId: string | null;
  customFields: Record<string, unknown>;
  /** program id -> tier id (null: enrolled without a tier) */
  tiers: Map<string, string | null>;
  /** consent ids the member grants now */
  consents: Set<string>;
  /** available points in the scenario's program (or the occurrence's); null when not enrolled */
  balance: number | null;
  /** the program of the occurrence or the scenario */
  programId: string | null;
  purchase: {
    amountMinor: number;
    locationId: string | null;
    lines: { sku?: string | null; category?: string | null; producer?: string | null }[];
  } | null;
  /** "YYYY-MM-DD" in the company's time zone */
  today: string;
}

function ageOn(birthday: string, today: string): number {
  const [by, bm, bd] = birthday.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

const norm = (s: unknown) =>
  String(s ?? "")
    .trim()
    .toLowerCase();

function compareCustom(
  value: unknown,
  op: "eq" | "neq" | "contains" | "gte" | "lte" | "is_set" | "is_not_set",
  expected: unknown,
): boolean {
  const set = value !== undefined && value !== null && value !== "";
  if (op === "is_set") return set;
  if (op === "is_not_set") return !set;
  if (!set) return op === "neq";
  if (op === "gte" || op === "lte") {
    const a = typeof value === "number" ? value : Number(value);
    const b = typeof expected === "number" ? expected : Number(expected);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    return op === "gte" ? a >= b : a <= b;
  }
  const values = Array.isArray(value) ? value.map(norm) : [norm(value)];
  if (op === "contains") return values.some((v) => v.includes(norm(expected)));
  const equal = values.includes(norm(expected));
  return op === "eq" ? equal : !equal;
}

/**
 * Whether one condition holds. A purchase condition on an occurrence without a purchase does not
 * hold (a birthday has no amount); a tier condition reads the tier in the occurrence's program,
 * or in any program when the scenario spans all.
 */
export function conditionHolds(c: Condition, f: MemberFacts): boolean {
  switch (c.type) {
    case "tier": {
      const tiers = f.programId ? [f.tiers.get(f.programId) ?? null] : [...f.tiers.values()];
      const inAny = tiers.some((t) => t !== null && c.tierIds.includes(t));
      return c.op === "in" ? inAny : !inAny;
    }
    case "tags": {
      const has = new Set(f.tags.map(norm));
      const wanted = c.tags.map(norm);
      if (c.op === "has_any") return wanted.some((t) => has.has(t));
      if (c.op === "has_all") return wanted.every((t) => has.has(t));
      return !wanted.some((t) => has.has(t));
    }
    case "consent":
      return c.op === "granted" ? f.consents.has(c.consentId) : !f.consents.has(c.consentId);
    case "program": {
      const inAny = f.programId ? c.programIds.includes(f.programId) : c.programIds.some((p) => f.tiers.has(p));
      return c.op === "in" ? inAny : !inAny;
    }
    case "join_location": {
      const inList = f.joinLocationId !== null && c.locationIds.includes(f.joinLocationId);
      return c.op === "in" ? inList : !inList;
    }
    case "member_attribute": {
      const value =
        c.attribute === "gender" ? f.gender : c.attribute === "city" ? f.city : c.attribute === "country" ? f.country : f.language;
      const equal = norm(value) === norm(c.value);
      return c.op === "eq" ? equal : !equal;
    }
    case "age": {
      if (!f.birthday) return false;
      const age = ageOn(f.birthday, f.today);
      return c.op === "gte" ? age >= c.years : age <= c.years;
    }
    case "balance":
      if (f.balance === null) return false;
      return c.op === "gte" ? f.balance >= c.points : f.balance <= c.points;
    case "custom_field":
      return compareCustom(f.customFields[c.key], c.op, c.value);
    case "purchase_amount":
      if (!f.purchase) return false;
      return c.op === "gte" ? f.purchase.amountMinor >= c.amount : f.purchase.amountMinor <= c.amount;
    case "purchase_location": {
      if (!f.purchase) return false;
      const inList = f.purchase.locationId !== null && c.locationIds.includes(f.purchase.locationId);
      return c.op === "in" ? inList : !inList;
    }
    case "purchase_product": {
      if (!f.purchase) return false;
      const wanted = new Set(c.values.map(norm));
      return f.purchase.lines.some((l) => wanted.has(norm(l[c.match])));
    }
  }
}

/** The conditions that need the occurrence's purchase (a dry run cannot know them in advance). */
export const PURCHASE_CONDITIONS = new Set<Condition["type"]>(["purchase_amount", "purchase_location", "purchase_product"]);

export function allConditionsHold(conditions: readonly Condition[], f: MemberFacts): boolean {
  return conditions.every((c) => conditionHolds(c, f));
}
