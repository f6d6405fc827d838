import type { Queryable } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import type { Location } from "../locations/locations.schemas.js";
import { activeLocationsOf } from "../locations/locations.service.js";
import type { Program } from "../programs/programs.schemas.js";
import { openProgramsOf } from "../programs/programs.service.js";
import type { Rule } from "../rules/rules.schemas.js";
import { listRules } from "../rules/rules.service.js";
import { tiersOf } from "../tiers/tiers.service.js";
import type { PortalProgram, PortalProgramPage } from "./member-portal-profile.schemas.js";

// The portal's "program" page: what a visitor reads before joining, so it is public.

/** "Noticeably above the budget's suggestion": more than this share of the budget (120 %). */
const PROMOTION_OVER_BUDGET = 1.2;
/** The purchase a fixed bonus is weighed against when the program sets no minimum (100,00 in minor units), as in the cost analysis. */
const REFERENCE_PURCHASE_MINOR = 10_000;

/**
 * A definition's cost as a share of the price against the budget (program-cost's arithmetic, in
 * floating point: this only decides a badge). A multiplier multiplies the base rate; a bonus adds its
 * points at the reference purchase; event rules pay once per occurrence, not per purchase: never a promotion.
 */
function promotionCheck(p: Program) {
  const pointValue = p.pointValueMinor / p.pointValuePoints;
  const base = (p.converterPoints / p.converterAmountMinor) * pointValue;
  const budget = p.budgetBp / 10_000;
  const over = (share: number) => budget > 0 && share > budget * PROMOTION_OVER_BUDGET;
  const reference = p.minPurchaseMinor > 0 ? p.minPurchaseMinor : REFERENCE_PURCHASE_MINOR;
  return {
    converter: over(base),
    rule(r: Rule): boolean {
      if (r.kind === "multiplier") return over(base * ((r.multiplierBp ?? 10_000) / 10_000));
      if (r.kind === "bonus") return over(base + ((r.bonusPoints ?? 0) * pointValue) / reference);
      return false;
    },
  };
}

/** A link that opens the place on a map: at its coordinates, else a search for its address. */
export function mapUrlOf(l: Pick<Location, "coordinates" | "address">): string | null {
  if (l.coordinates) {
    const { latitude: lat, longitude: lon } = l.coordinates;
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  }
  const parts = [l.address.street, `${l.address.postalCode} ${l.address.city}`.trim(), l.address.country].filter((s) => s.trim() !== "");
  if (!l.address.street && !l.address.city) return null;
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(parts.join(", "))}`;
}

/** Rules a member can earn by now: active, inside their dates, and not aimed at chosen members or tags (those are personal offers). */
function visibleRule(r: Rule, now: Date): boolean {
  if (!r.active || r.memberIds.length > 0 || r.tags.length > 0) return false;
  return (r.startsAt === null || r.startsAt <= now) && (r.endsAt === null || r.endsAt > now);
}

async function programOf(db: Queryable, companyId: string, p: Program, locations: Map<string, string>, now: Date): Promise<PortalProgram> {
  const [rules, tiers] = await Promise.all([listRules(db, companyId, p.id, true), tiersOf(db, companyId, p.id)]);
  const tierNames = new Map(tiers.map((t) => [t.id, t.name]));
  const promotion = promotionCheck(p);
  return {
    id: p.id,
    name: p.name,
    slogan: p.slogan,
    description: p.description,
    photoUrl: p.photoUrl,
    iconUrl: p.iconUrl,
    color: p.primaryColor,
    endsAt: p.endsAt,
    converter: { points: p.converterPoints, amountMinor: p.converterAmountMinor },
    converterPromotion: promotion.converter,
    minPurchaseMinor: p.minPurchaseMinor,
    welcomePoints: p.welcomePoints,
    pendingDays: p.pendingDays,
    expiryPolicy: p.expiryPolicy,
    expiryValue: p.expiryValue,
    earningRules: rules
      .filter((r) => visibleRule(r, now))
      .map((r) => ({
        id: r.id,
        name: r.name,
        icon: r.icon,
        description: r.description,
        kind: r.kind,
        multiplierBp: r.multiplierBp,
        bonusPoints: r.bonusPoints,
        perItem: r.perItem,
        eventType: r.eventType,
        tierNames: r.tierIds.flatMap((id) => tierNames.get(id) ?? []),
        locationNames: r.locationIds.flatMap((id) => locations.get(id) ?? []),
        categories: r.categories,
        producers: r.producers,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        promotion: promotion.rule(r),
      })),
    tierBasis: p.tierBasis,
    tiers: tiers.map((t) => ({
      id: t.id,
      name: t.name,
      color: t.color,
      threshold: t.threshold,
      discountBp: t.discount_bp,
      multiplierBp: t.multiplier_bp,
    })),
  };
}

/** The company's open programs with their branding, ways to earn and tiers, and its active points of sale. */
export async function getPortalProgram(db: Queryable, companyId: string, now: Date): Promise<PortalProgramPage> {
  const [company, programs, locations] = await Promise.all([
    getCompany(db, companyId),
    openProgramsOf(db, companyId, now),
    activeLocationsOf(db, companyId),
  ]);
  const locationNames = new Map(locations.map((l) => [l.id, l.name]));
  return {
    currency: company.currency,
    programs: await Promise.all(programs.map((p) => programOf(db, companyId, p, locationNames, now))),
    locations: locations.map((l) => ({
      id: l.id,
      name: l.name,
      address: l.address,
      phone: l.phone,
      openingHours: l.openingHours,
      coordinates: l.coordinates,
      mapUrl: mapUrlOf(l),
    })),
  };
}
