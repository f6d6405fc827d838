import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidFields, isUniqueViolation } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { assertMediaExists } from "../media/media.service.js";
import { getMemberSettings } from "../members/member-settings.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import type { PortalSettings, PortalSettingsInput } from "./portal-settings.schemas.js";

export interface PortalSettingsRow {
  enabled: boolean;
  custom_domain: string | null;
  program_name: string;
  logo_media_id: string | null;
  background_media_id: string | null;
  favicon_media_id: string | null;
  accent_color: string;
  identifier_label_pl: string;
  identifier_label_en: string;
  barcode_format: PortalSettings["barcodeFormat"];
  default_program_id: string | null;
  updated_at: Date | null;
}

/** A company that never saved its portal settings has these: the portal is on (contract default). */
const DEFAULT_ROW: PortalSettingsRow = {
  enabled: true,
  custom_domain: null,
  program_name: "",
  logo_media_id: null,
  background_media_id: null,
  favicon_media_id: null,
  accent_color: "#2f9e44",
  identifier_label_pl: "",
  identifier_label_en: "",
  barcode_format: "code128",
  default_program_id: null,
  updated_at: null,
};

const mediaUrl = (id: string | null) => (id ? `/media/${id}` : null);

export function shortLinkOf(config: Config, slug: string): string {
  return `${config.publicUrl}/p/${encodeURIComponent(slug)}`;
}

export async function portalSettingsRow(db: Queryable, companyId: string): Promise<PortalSettingsRow> {
  const [row] = await db.query<PortalSettingsRow>(sql`select * from portal_settings where company_id = ${companyId}`);
  return row ?? { ...DEFAULT_ROW };
}

function toSettings(r: PortalSettingsRow, slug: string, config: Config): PortalSettings {
  return {
    enabled: r.enabled,
    slug,
    shortLink: shortLinkOf(config, slug),
    customDomain: r.custom_domain,
    programName: r.program_name,
    logoMediaId: r.logo_media_id,
    logoUrl: mediaUrl(r.logo_media_id),
    backgroundMediaId: r.background_media_id,
    backgroundUrl: mediaUrl(r.background_media_id),
    faviconMediaId: r.favicon_media_id,
    faviconUrl: mediaUrl(r.favicon_media_id),
    accentColor: r.accent_color,
    identifierLabelPl: r.identifier_label_pl,
    identifierLabelEn: r.identifier_label_en,
    barcodeFormat: r.barcode_format,
    defaultProgramId: r.default_program_id,
    updatedAt: r.updated_at,
  };
}

export async function getPortalSettings(opts: { db: Queryable; config: Config; companyId: string }): Promise<PortalSettings> {
  const company = await getCompany(opts.db, opts.companyId);
  return toSettings(await portalSettingsRow(opts.db, opts.companyId), company.slug, opts.config);
}

/**
 * EAN-13 encodes exactly 12 digits plus its own check digit: only a company whose card numbers are
 * 12 or 13 digits (prefix included) can print them as EAN-13.
 */
async function barcodeProblem(db: Queryable, companyId: string, format: PortalSettingsInput["barcodeFormat"]): Promise<ErrorDetail | null> {
  if (format !== "ean13") return null;
  const s = await getMemberSettings(db, companyId);
  const length = s.cardNumberPrefix.length + s.cardNumberDigits;
  if (/^\d*$/.test(s.cardNumberPrefix) && length >= 12 && length <= 13) return null;
  return detail("barcodeFormat", "barcode_ean13_digits", { length });
}

/** Every field problem at once (the form shows them together), before anything is written. */
async function checkInput(tx: Queryable, companyId: string, input: PortalSettingsInput): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const field of ["logoMediaId", "backgroundMediaId", "faviconMediaId"] as const) {
    const id = input[field];
    if (id) await assertMediaExists(tx, companyId, id, field).catch((err: AppError) => problems.push(...err.details));
  }
  if (input.defaultProgramId) {
    await getProgramRow(tx, companyId, input.defaultProgramId).catch(() =>
      problems.push(detail("defaultProgramId", "not_company_program")),
    );
  }
  const barcode = await barcodeProblem(tx, companyId, input.barcodeFormat);
  if (barcode) problems.push(barcode);
  if (problems.length) throw invalidFields(problems);
}

export async function updatePortalSettings(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  input: PortalSettingsInput;
}): Promise<PortalSettings> {
  const { actor, input } = opts;
  const companyId = actor.companyId;
  return opts.db.transaction(async (tx) => {
    await checkInput(tx, companyId, input);
    const before = await getPortalSettings({ db: tx, config: opts.config, companyId });
    await tx
      .query(
        sql`insert into portal_settings (company_id, enabled, custom_domain, program_name, logo_media_id, background_media_id,
            favicon_media_id, accent_color, identifier_label_pl, identifier_label_en, barcode_format, default_program_id, updated_at)
          values (${companyId}, ${input.enabled}, ${input.customDomain}, ${input.programName}, ${input.logoMediaId},
            ${input.backgroundMediaId}, ${input.faviconMediaId}, ${input.accentColor}, ${input.identifierLabelPl},
            ${input.identifierLabelEn}, ${input.barcodeFormat}, ${input.defaultProgramId}, now())
          on conflict (company_id) do update set enabled = excluded.enabled, custom_domain = excluded.custom_domain,
            program_name = excluded.program_name, logo_media_id = excluded.logo_media_id,
            background_media_id = excluded.background_media_id, favicon_media_id = excluded.favicon_media_id,
            accent_color = excluded.accent_color, identifier_label_pl = excluded.identifier_label_pl,
            identifier_label_en = excluded.identifier_label_en, barcode_format = excluded.barcode_format,
            default_program_id = excluded.default_program_id, updated_at = now()`,
      )
      .catch((err: unknown) => {
        // The foundation's unique index on lower(custom_domain): one company per domain.
        if (isUniqueViolation(err, "portal_settings_custom_domain_key"))
          throw new AppError("already_exists", "customDomain: another company uses this domain", [detail("customDomain", "taken")]);
        throw err;
      });
    const after = await getPortalSettings({ db: tx, config: opts.config, companyId });
    const changes = diff(before, after);
    delete changes.updatedAt;
    await recordAudit(tx, actor, { action: "portal_settings.updated", entityType: "portal_settings", entityId: companyId, changes });
    await emitEvent(tx, {
      companyId,
      type: "portal_settings.updated",
      entityType: "portal_settings",
      entityId: companyId,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}
