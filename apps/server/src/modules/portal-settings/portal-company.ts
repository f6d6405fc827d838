import type { Queryable } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";

/** The company a portal request is for, found by its slug (or its own domain). */
export interface PortalCompany {
  companyId: string;
  slug: string;
  name: string;
  language: "pl" | "en";
  timeZone: string;
  customDomain: string | null;
}

interface Row {
  id: string;
  slug: string;
  name: string;
  language: "pl" | "en";
  time_zone: string;
  custom_domain: string | null;
}

const toPortalCompany = (r: Row): PortalCompany => ({
  companyId: r.id,
  slug: r.slug,
  name: r.name,
  language: r.language,
  timeZone: r.time_zone,
  customDomain: r.custom_domain,
});

/** A company without a settings row has its portal on (the default of portal_settings.enabled). */
export async function findPortalCompany(db: Queryable, slug: string): Promise<PortalCompany | null> {
  const [row] = await db.query<Row>(
    sql`select c.id, c.slug, c.name, c.language, c.time_zone, p.custom_domain
          from companies c left join portal_settings p on p.company_id = c.id
         where c.slug = ${slug} and coalesce(p.enabled, true)`,
  );
  return row ? toPortalCompany(row) : null;
}

/** The company's portal facts whether or not its portal is on (the website widget signs members in with them). */
export async function portalCompanyById(db: Queryable, companyId: string): Promise<PortalCompany> {
  const [row] = await db.query<Row>(
    sql`select c.id, c.slug, c.name, c.language, c.time_zone, p.custom_domain
          from companies c left join portal_settings p on p.company_id = c.id
         where c.id = ${companyId}`,
  );
  if (!row) throw new AppError("not_found", "No such company");
  return toPortalCompany(row);
}

/** The company whose portal is served on this host (its own domain), if any. */
export async function findPortalCompanyByHost(db: Queryable, host: string): Promise<PortalCompany | null> {
  const [row] = await db.query<Row>(
    sql`select c.id, c.slug, c.name, c.language, c.time_zone, p.custom_domain
          from portal_settings p join companies c on c.id = p.company_id
         where lower(p.custom_domain) = lower(${host}) and p.enabled`,
  );
  return row ? toPortalCompany(row) : null;
}

/** An unknown slug and a switched-off portal answer alike. */
export async function portalCompanyOf(db: Queryable, slug: string): Promise<PortalCompany> {
  const company = await findPortalCompany(db, slug);
  if (!company) throw new AppError("not_found", `No member portal at ${slug}`);
  return company;
}
