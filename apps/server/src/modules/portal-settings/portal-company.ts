// TEMPORARY stand-in until portal-foundation is merged (the lead's file replaces it).
import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";

export async function portalCompanyOf(
  db: Queryable,
  slug: string,
): Promise<{ companyId: string; slug: string; name: string; language: "pl" | "en" }> {
  const [row] = await db.query<{ id: string; slug: string; name: string; language: "pl" | "en"; enabled: boolean | null }>(
    sql`select c.id, c.slug, c.name, c.language, s.enabled from companies c left join portal_settings s on s.company_id = c.id where c.slug = ${slug}`,
  );
  if (!row || row.enabled === false) throw notFound("Portal");
  return { companyId: row.id, slug: row.slug, name: row.name, language: row.language };
}
