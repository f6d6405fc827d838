import type { Db } from "../../platform/db.js";
import type { PortalSite, PortalSites } from "../../platform/static-portal.js";
import { findPortalCompany, findPortalCompanyByHost, type PortalCompany } from "./portal-company.js";

const toSite = (c: PortalCompany): PortalSite => ({ slug: c.slug, name: c.name, language: c.language, themeColor: null, faviconUrl: null });

/** The company whose portal `/p/<slug>/` is, or null (no such company, or its portal is off). */
export async function portalSiteBySlug(db: Db, slug: string): Promise<PortalSite | null> {
  const company = await findPortalCompany(db, slug);
  return company ? toSite(company) : null;
}

/** The company whose own domain `host` is, or null. */
export async function portalSiteByHost(db: Db, host: string): Promise<PortalSite | null> {
  const company = await findPortalCompanyByHost(db, host);
  return company ? toSite(company) : null;
}

/** The lookups platform/static-portal.ts serves the portal pages with. */
export function portalSites(db: Db): PortalSites {
  return { bySlug: (slug) => portalSiteBySlug(db, slug), byHost: (host) => portalSiteByHost(db, host) };
}
