import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import { programsOfCompany } from "../programs/programs.service.js";
import { portalMenu } from "./portal-pages.service.js";
import type { PortalConfig } from "./portal-settings.schemas.js";
import { portalSettingsRow, shortLinkOf } from "./portal-settings.service.js";

const DEFAULT_IDENTIFIER_LABEL = { pl: "Numer karty", en: "Card number" };

const mediaUrl = (id: string | null) => (id ? `/media/${id}` : null);

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
  const defaultProgram = programs.find((p) => p.id === settings.default_program_id) ?? programs[0] ?? null;
  return {
    slug: company.slug,
    shortLink: shortLinkOf(opts.config, company.slug),
    company: { name: company.name, description: company.description, language: company.language },
    layout: {
      programName: settings.program_name || defaultProgram?.name || company.name,
      logoUrl: mediaUrl(settings.logo_media_id) ?? company.logoUrl,
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
