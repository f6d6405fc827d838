import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import type { Company } from "../companies/companies.schemas.js";
import { getCompany } from "../companies/companies.service.js";
import type { Program } from "../programs/programs.schemas.js";
import { programsOfCompany } from "../programs/programs.service.js";
import { portalMenu } from "./portal-pages.service.js";
import type { PortalConfig } from "./portal-settings.schemas.js";
import { type PortalSettingsRow, portalSettingsRow, shortLinkOf } from "./portal-settings.service.js";

const DEFAULT_IDENTIFIER_LABEL = { pl: "Numer karty", en: "Card number" };

const mediaUrl = (id: string | null) => (id ? `/media/${id}` : null);

/**
 * The name and logo members see for the company's program (the portal's header, the website
 * widget): the portal's program name, else its default program's (the chosen one while active,
 * else the first active), else the company's; the portal's logo, else the company's.
 */
function branding(company: Company, settings: PortalSettingsRow, activePrograms: Program[]) {
  const defaultProgram = activePrograms.find((p) => p.id === settings.default_program_id) ?? activePrograms[0] ?? null;
  return {
    defaultProgram,
    programName: settings.program_name || defaultProgram?.name || company.name,
    logoUrl: mediaUrl(settings.logo_media_id) ?? company.logoUrl,
  };
}

/** The program's name and logo as members see them, without the rest of the portal's configuration. */
export async function portalBranding(db: Queryable, companyId: string) {
  const [company, settings, programs] = await Promise.all([
    getCompany(db, companyId),
    portalSettingsRow(db, companyId),
    programsOfCompany(db, companyId, "active"),
  ]);
  const { programName, logoUrl } = branding(company, settings, programs);
  return { companyName: company.name, programName, logoUrl };
}

/**
 * What the portal needs before anyone signs in: public by design (names, texts, colours, image
 * addresses), never staff, settings secrets or the company's own domain. Programs are the active
 * ones; the default program is the chosen one while active, else the first.
 */
export async function buildPortalConfig(db: Queryable, opts: { companyId: string; config: Config }): Promise<PortalConfig> {
  const [company, settings, programs, pages] = await Promise.all([
    getCompany(db, opts.companyId),
    portalSettingsRow(db, opts.companyId),
    programsOfCompany(db, opts.companyId, "active"),
    portalMenu(db, opts.companyId),
  ]);
  const { defaultProgram, programName, logoUrl } = branding(company, settings, programs);
  return {
    slug: company.slug,
    shortLink: shortLinkOf(opts.config, company.slug),
    company: { name: company.name, description: company.description, language: company.language },
    layout: {
      programName,
      logoUrl,
      backgroundUrl: mediaUrl(settings.background_media_id),
      faviconUrl: mediaUrl(settings.favicon_media_id),
      accentColor: settings.accent_color,
      identifierLabel: {
        pl: settings.identifier_label_pl || DEFAULT_IDENTIFIER_LABEL.pl,
        en: settings.identifier_label_en || DEFAULT_IDENTIFIER_LABEL.en,
      },
      barcodeFormat: settings.barcode_format,
    },
    defaultProgramId: defaultProgram?.id ?? null,
    programs: programs.map((p) => ({
      id: p.id,
      name: p.name,
      slogan: p.slogan,
      description: p.description,
      photoUrl: p.photoUrl,
      iconUrl: p.iconUrl,
      primaryColor: p.primaryColor,
    })),
    pages: pages.map((p) => ({ id: p.id, title: p.title, position: p.position })),
  };
}
