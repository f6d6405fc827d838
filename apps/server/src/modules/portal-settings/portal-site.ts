import type { Db } from "../../platform/db.js";
import type { PortalSite, PortalSites } from "../../platform/static-portal.js";
import { companyIdBySlug, getCompany } from "../companies/companies.service.js";

/** The company whose portal `/p/<slug>/` is, or null. */
export async function portalSiteBySlug(db: Db, slug: string): Promise<PortalSite | null> {
  const companyId = await companyIdBySlug(db, slug);
  if (!companyId) return null;
  const company = await getCompany(db, companyId);
  return { slug: company.slug, name: company.name, language: company.language, themeColor: null, faviconUrl: null };
}

/** The company whose own domain `host` is, or null (own domains come with the portal settings). */
export async function portalSiteByHost(_db: Db, _host: string): Promise<PortalSite | null> {
  return null;
}

/** The lookups platform/static-portal.ts serves the portal pages with. */
export function portalSites(db: Db): PortalSites {
  return { bySlug: (slug) => portalSiteBySlug(db, slug), byHost: (host) => portalSiteByHost(db, host) };
}
