import type { Db } from "../../platform/db.js";
import type { PortalSite, PortalSites } from "../../platform/static-portal.js";
import { getCompany } from "../companies/companies.service.js";
import { programsOfCompany } from "../programs/programs.service.js";
import { findPortalCompany, findPortalCompanyByHost, type PortalCompany } from "./portal-company.js";
import { portalSettingsRow } from "./portal-settings.service.js";

/** The page head of a company's portal: its layout's name, colour and favicon (the same as /config's). */
async function siteOf(db: Db, company: PortalCompany): Promise<PortalSite> {
  const settings = await portalSettingsRow(db, company.companyId);
  let name = settings.program_name;
  if (!name) {
    const programs = await programsOfCompany(db, company.companyId, "active");
    name =
      (programs.find((p) => p.id === settings.default_program_id) ?? programs[0])?.name ?? (await getCompany(db, company.companyId)).name;
  }
  return {
    slug: company.slug,
    name,
    language: company.language,
    themeColor: settings.accent_color,
    faviconUrl: settings.favicon_media_id ? `/media/${settings.favicon_media_id}` : null,
  };
}

/** The company whose portal `/p/<slug>/` is, or null (unknown or switched off). */
export async function portalSiteBySlug(db: Db, slug: string): Promise<PortalSite | null> {
  const company = await findPortalCompany(db, slug);
  return company ? siteOf(db, company) : null;
}

/** The company whose own domain `host` is, or null. */
export async function portalSiteByHost(db: Db, host: string): Promise<PortalSite | null> {
  const company = await findPortalCompanyByHost(db, host);
  return company ? siteOf(db, company) : null;
}

/** The lookups platform/static-portal.ts serves the portal pages with. */
export function portalSites(db: Db): PortalSites {
  return { bySlug: (slug) => portalSiteBySlug(db, slug), byHost: (host) => portalSiteByHost(db, host) };
}
