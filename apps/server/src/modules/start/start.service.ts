import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { type Permission, withinCashierPreset } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";
import { companyMemberships } from "../auth/memberships.js";
import { getCompany } from "../companies/companies.service.js";
import { consentsReviewed } from "../consents/consents.service.js";
import { listCustomFields } from "../custom-fields/custom-fields.service.js";
import { pointsPerDay } from "../ledger/read-entries.js";
import { listLocations } from "../locations/locations.service.js";
import { memberCounts } from "../members/members.service.js";
import { failedMessageCount } from "../messaging/outbox.service.js";
import { channelConfigured, getSettingsRow } from "../messaging/settings.service.js";
import { listPrograms } from "../programs/programs.service.js";
import { purchasesPerDay } from "../purchases/purchase-reads.js";
import { activeRewardRows, lowStockRewards } from "../rewards/rewards.service.js";
import { tiersOf } from "../tiers/tiers.service.js";
import type { ChecklistStep, StartOverview } from "./start.schemas.js";

/**
 * An account that holds nothing beyond the cashier's preset works at the counter: the start page
 * shows it none of the business's figures (the admin panel sends it to the counter).
 */
export function counterOnly(actor: Actor): boolean {
  return withinCashierPreset(actor.permissions);
}

interface Bounds {
  today: string;
  month_start: Date;
  window_start: Date;
}

/** This calendar month and the last 30 days (today included), in the company's time zone. */
async function boundsOf(db: Db, now: Date, timeZone: string): Promise<Bounds> {
  const [row] = await db.query<Bounds>(
    sql`select to_char(${now}::timestamptz at time zone ${timeZone}::text, 'YYYY-MM-DD') as today,
               date_trunc('month', ${now}::timestamptz at time zone ${timeZone}::text) at time zone ${timeZone}::text as month_start,
               (date_trunc('day', ${now}::timestamptz at time zone ${timeZone}::text) - interval '29 days') at time zone ${timeZone}::text
                 as window_start`,
  );
  if (!row) throw new Error("no bounds");
  return row;
}

/** The 30 days ending with `today` (YYYY-MM-DD), oldest first. */
export function last30Days(today: string): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: 30 }, (_, i) => new Date(end - (29 - i) * 86_400_000).toISOString().slice(0, 10));
}

async function checklist(db: Db, actor: Actor): Promise<{ step: ChecklistStep; done: boolean }[]> {
  const { companyId } = actor;
  const programs = await listPrograms({ db, actor });
  const done: Record<ChecklistStep, () => Promise<boolean>> = {
    // The converter is set with the program (points per amount): a program exists.
    converter: async () => programs.length > 0,
    consents: () => consentsReviewed(db, companyId),
    outbox: async () => channelConfigured(await getSettingsRow(db, companyId), "email"),
    staff: async () => (await companyMemberships(db, companyId, { q: null, role: null })).length > 1,
    tiers: async () => {
      for (const p of programs) if ((await tiersOf(db, companyId, p.id)).length > 0) return true;
      return false;
    },
    customFields: async () => (await listCustomFields({ db, companyId })).length > 0,
    // Any location of the company, also when the viewer's own access is limited to some.
    locations: async () => (await listLocations({ db, actor: { ...actor, locationIds: null }, limit: 1 })).length > 0,
    rewards: async () => (await activeRewardRows(db, companyId)).length > 0,
  };
  const steps = Object.keys(done) as ChecklistStep[];
  return Promise.all(steps.map(async (step) => ({ step, done: await done[step]() })));
}

/** What the start page shows the actor: the figures their permissions allow, in the company's time zone. */
export async function readStartOverview(opts: { db: Db; actor: Actor; now: Date }): Promise<StartOverview> {
  const { db, actor, now } = opts;
  const { companyId } = actor;
  const company = await getCompany(db, companyId);
  const bounds = await boundsOf(db, now, company.timeZone);
  const figures = !counterOnly(actor);
  const may = (p: Permission) => figures && actor.permissions.has(p);

  let activity: StartOverview["activity"] = null;
  if (may("purchases.read")) {
    const [purchases, points] = await Promise.all([
      purchasesPerDay(db, companyId, bounds.window_start, company.timeZone),
      pointsPerDay(db, companyId, bounds.window_start, company.timeZone),
    ]);
    const byDay = new Map(purchases.map((p) => [p.day, p]));
    const pointsByDay = new Map(points.map((p) => [p.day, p]));
    const days = last30Days(bounds.today).map((day) => ({
      day,
      purchases: byDay.get(day)?.count ?? 0,
      amountMinor: byDay.get(day)?.amountMinor ?? 0,
      pointsIssued: pointsByDay.get(day)?.issued ?? 0,
      pointsRedeemed: pointsByDay.get(day)?.redeemed ?? 0,
    }));
    const sum = (k: "purchases" | "amountMinor" | "pointsIssued" | "pointsRedeemed") => days.reduce((n, d) => n + d[k], 0);
    activity = {
      days,
      totals: {
        purchases: sum("purchases"),
        amountMinor: sum("amountMinor"),
        pointsIssued: sum("pointsIssued"),
        pointsRedeemed: sum("pointsRedeemed"),
      },
    };
  }
  const counts = may("members.read") ? await memberCounts(db, companyId, bounds.month_start) : null;
  return {
    timeZone: company.timeZone,
    currency: company.currency,
    today: bounds.today,
    members: counts ? { total: counts.total, newThisMonth: counts.joined } : null,
    activity,
    lowStockRewards: may("rewards.read") ? await lowStockRewards(db, companyId) : null,
    failedMessages: may("messages.read") ? await failedMessageCount(db, companyId, bounds.window_start) : null,
    checklist: actor.permissions.has("company.write") ? await checklist(db, actor) : null,
  };
}
