import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { type Sql, sql } from "../../platform/sql.js";
import { insertMembership } from "../auth/memberships.js";
import { createDefaultConsents } from "../consents/consents.service.js";
import { assertMediaExists } from "../media/media.service.js";
import type { Company, CompanyInput } from "./companies.schemas.js";

interface CompanyRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  currency: string;
  time_zone: string;
  language: "pl" | "en";
  dpo_email: string | null;
  logo_media_id: string | null;
  inactive_member_erasure_months: number | null;
  created_at: Date;
  updated_at: Date;
}

function toCompany(r: CompanyRow): Company {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    currency: r.currency,
    timeZone: r.time_zone,
    language: r.language,
    dpoEmail: r.dpo_email,
    logoMediaId: r.logo_media_id,
    logoUrl: r.logo_media_id ? `/media/${r.logo_media_id}` : null,
    inactiveMemberErasureMonths: r.inactive_member_erasure_months,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** "Kawiarnia Żółta" -> "kawiarnia-zolta": Polish letters have no NFD decomposition for ł. */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/ł/g, "l")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50);
  return s.length >= 2 ? s : `company-${s}`.replace(/-$/, "");
}

/**
 * Creates a company. The caller's transaction also creates the owner's membership, so a company
 * never exists without an owner.
 */
export async function insertCompany(tx: Queryable, input: CompanyInput): Promise<Company> {
  const id = newId("cmp");
  const slug = input.slug ?? `${slugify(input.name)}-${id.slice(-4)}`;
  try {
    const [row] = await tx.query<CompanyRow>(
      sql`insert into companies (id, slug, name, description, currency, time_zone, language, dpo_email)
          values (${id}, ${slug}, ${input.name}, ${input.description ?? ""}, ${input.currency ?? "PLN"},
                  ${input.timeZone ?? "Europe/Warsaw"}, ${input.language ?? "pl"}, ${input.dpoEmail ?? null})
          returning *`,
    );
    await createDefaultConsents(tx, id, (row as CompanyRow).language);
    return toCompany(row as CompanyRow);
  } catch (err) {
    if (isUniqueViolation(err, "companies_slug_key")) {
      throw new AppError("already_exists", `slug: "${slug}" is taken`, [detail("slug", "taken")]);
    }
    throw err;
  }
}

/** An operator (or the setup flow) creates a company; the creator becomes its owner. */
export async function createCompany(opts: {
  db: Db;
  staffId: string;
  staffName: string;
  ip: string;
  requestId: string;
  input: CompanyInput;
}): Promise<Company> {
  return opts.db.transaction((tx) => insertCompanyWithOwner(tx, opts));
}

/** A new company and its owner's membership, audited and announced, in the caller's transaction. */
export async function insertCompanyWithOwner(
  tx: Queryable,
  opts: { staffId: string; staffName: string; ip: string; requestId: string; input: CompanyInput; via?: string },
): Promise<Company> {
  const company = await insertCompany(tx, opts.input);
  await insertMembership(tx, company.id, opts.staffId, { role: "owner" });
  const actor: Actor = {
    type: "staff",
    id: opts.staffId,
    name: opts.staffName,
    companyId: company.id,
    permissions: new Set(),
    locationIds: null,
    ip: opts.ip,
    requestId: opts.requestId,
  };
  await recordAudit(tx, actor, {
    action: "company.created",
    entityType: "company",
    entityId: company.id,
    changes: { name: company.name, slug: company.slug, ...(opts.via ? { via: opts.via } : {}) },
  });
  await emitEvent(tx, { companyId: company.id, type: "company.created", entityType: "company", entityId: company.id });
  return company;
}

export async function getCompany(db: Queryable, companyId: string): Promise<Company> {
  const [row] = await db.query<CompanyRow>(sql`select * from companies where id = ${companyId}`);
  if (!row) throw notFound("Company");
  return toCompany(row);
}

export async function companyIdBySlug(db: Queryable, slug: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(sql`select id from companies where slug = ${slug}`);
  return row?.id ?? null;
}

/**
 * The company's configuration version (see program-config) as a scalar subquery, for the member's
 * locking statement to read in the same round trip.
 */
/** Companies that erase inactive members, with their period in months (the retention job's list). */
export async function companiesErasingInactiveMembers(db: Queryable): Promise<{ companyId: string; months: number }[]> {
  const rows = await db.query<{ id: string; months: number }>(
    sql`select id, inactive_member_erasure_months as months from companies where inactive_member_erasure_months is not null order by id`,
  );
  return rows.map((r) => ({ companyId: r.id, months: r.months }));
}

/** Every company's id (jobs that work company by company). */
export async function allCompanyIds(db: Queryable): Promise<string[]> {
  return (await db.query<{ id: string }>(sql`select id from companies order by id`)).map((r) => r.id);
}

export const companyConfigVersionSql = (companyId: string): Sql => sql`(select config_version from companies where id = ${companyId})`;

export async function updateCompany(opts: { db: Db; actor: Actor; patch: Partial<CompanyInput> }): Promise<Company> {
  const { actor, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getCompany(tx, actor.companyId);
    if (patch.logoMediaId) await assertMediaExists(tx, actor.companyId, patch.logoMediaId, "logoMediaId");
    let row: CompanyRow | undefined;
    try {
      [row] = await tx.query<CompanyRow>(
        sql`update companies set
              name = coalesce(${patch.name ?? null}, name), slug = coalesce(${patch.slug ?? null}, slug),
              description = coalesce(${patch.description ?? null}, description), currency = coalesce(${patch.currency ?? null}, currency),
              time_zone = coalesce(${patch.timeZone ?? null}, time_zone), language = coalesce(${patch.language ?? null}, language),
              dpo_email = case when ${patch.dpoEmail !== undefined} then ${patch.dpoEmail ?? null} else dpo_email end,
              logo_media_id = case when ${patch.logoMediaId !== undefined} then ${patch.logoMediaId ?? null} else logo_media_id end,
              inactive_member_erasure_months = case when ${patch.inactiveMemberErasureMonths !== undefined}
                then ${patch.inactiveMemberErasureMonths ?? null}::int else inactive_member_erasure_months end,
              updated_at = now()
            where id = ${actor.companyId} returning *`,
      );
    } catch (err) {
      if (isUniqueViolation(err, "companies_slug_key")) throw new AppError("already_exists", "slug is taken", [detail("slug", "taken")]);
      throw err;
    }
    const after = toCompany(row as CompanyRow);
    const changes = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
    delete changes.updatedAt;
    await recordAudit(tx, actor, { action: "company.updated", entityType: "company", entityId: actor.companyId, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "company.updated",
      entityType: "company",
      entityId: actor.companyId,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}
