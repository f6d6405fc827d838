import type { Queryable } from "../../platform/db.js";
import type { BARCODE_FORMATS } from "../portal-settings/portal-settings.schemas.js";
import { portalSettingsRow } from "../portal-settings/portal-settings.service.js";

// How the company presents its portal to members where points and the card are shown: the card's
// barcode format and identifier label, and the program shown first. The portal settings are the
// portal-settings module's; this is the one place the points screens read them, so a company that
// chose nothing gets these defaults.

export { BARCODE_FORMATS } from "../portal-settings/portal-settings.schemas.js";
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

export interface PortalPresentation {
  /** Code 128 encodes any card number: the default until the company chooses. */
  barcodeFormat: BarcodeFormat;
  /** The company's name for the member identifier per language; null = the portal's own words ("Card number"). */
  identifierLabel: { pl: string; en: string } | null;
  /** The program the portal shows first (home, card); null = the company's oldest active program. */
  defaultProgramId: string | null;
}

export async function portalPresentation(db: Queryable, companyId: string): Promise<PortalPresentation> {
  const row = await portalSettingsRow(db, companyId);
  const pl = row.identifier_label_pl.trim();
  const en = row.identifier_label_en.trim();
  return {
    barcodeFormat: row.barcode_format,
    // One language filled in stands for both: a Polish shop often writes only its own label.
    identifierLabel: pl || en ? { pl: pl || en, en: en || pl } : null,
    defaultProgramId: row.default_program_id,
  };
}
