// TEMPORARY stand-in until portal-foundation is merged (the lead's file replaces it).
import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { companyIdBySlug, getCompany } from "../companies/companies.service.js";
import { portalSettingsRow } from "./portal-settings.service.js";

export async function portalCompanyOf(
  db: Queryable,
  slug: string,
): Promise<{ companyId: string; slug: string; name: string; language: "pl" | "en" }> {
  const id = await companyIdBySlug(db, slug);
  if (!id || !(await portalSettingsRow(db, id)).enabled) throw notFound("Portal");
  const c = await getCompany(db, id);
  return { companyId: c.id, slug: c.slug, name: c.name, language: c.language };
}
