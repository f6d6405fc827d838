import type { Queryable } from "../../platform/db.js";
import type { Company } from "../companies/companies.schemas.js";
import { getCompany } from "../companies/companies.service.js";
import { getProgramRow, type ProgramRow } from "../programs/programs.service.js";
import type { Rule } from "../rules/rules.schemas.js";
import { listRules } from "../rules/rules.service.js";
import { getTierRow, type TierRow, tiersOf } from "../tiers/tiers.service.js";

/** What a purchase or a redemption needs of its program besides the member: read-only. */
export interface ProgramConfig {
  company: Readonly<Company>;
  program: Readonly<ProgramRow>;
  /** By threshold, lowest first. */
  tiers: readonly Readonly<TierRow>[];
  /** The active purchase rules (event rules are awarded elsewhere), in the order they apply. */
  rules: readonly Readonly<Rule>[];
}

/**
 * The configurations this process has read, by company and program, with the company's
 * `config_version` they were read at. A version is never reused (a sequence, moved by triggers
 * on every change, rolled back or not), so an entry whose version is the one a transaction sees
 * is exactly what the database holds for it, whichever process made the change. A process serves
 * one database (config is parsed once), so company and program ids name one configuration.
 */
const cache = new Map<string, { version: number; config: ProgramConfig }>();
/** A bound on memory for installations with many programs; a dropped entry is read again. */
const MAX_ENTRIES = 2_000;

/**
 * The program's configuration at `version`, the company's `config_version` the caller read in this
 * transaction (with the member's lock: `LockedMember.configVersion`). Read from the database only
 * when this process has no entry at that version; then 4 statements, else none.
 */
export async function programConfig(tx: Queryable, companyId: string, programId: string, version: number): Promise<ProgramConfig> {
  const key = `${companyId}/${programId}`;
  const held = cache.get(key);
  if (held?.version === version) return held.config;
  // Read after the version: what is read is at least as new as the version it is kept under,
  // and a later change has a new version, so the entry is never older than its label.
  const config = deepFreeze({
    program: await getProgramRow(tx, companyId, programId),
    company: await getCompany(tx, companyId),
    tiers: await tiersOf(tx, companyId, programId),
    rules: (await listRules(tx, companyId, programId, true)).filter((r) => r.kind !== "event"),
  });
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { version, config });
  return config;
}

/**
 * The member's tier (an enrollment's `tier_id`) from the configuration; read from the database
 * only for a tier made after the configuration's version was read, which may already be theirs.
 */
export async function tierIn(tx: Queryable, config: ProgramConfig, tierId: string | null): Promise<Readonly<TierRow> | null> {
  if (!tierId) return null;
  return config.tiers.find((t) => t.id === tierId) ?? (await getTierRow(tx, config.company.id, tierId));
}

/** Shared between requests, so nothing may change it: a write throws (modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
