import type { Queryable } from "../../platform/db.js";

// How the company presents its portal to members where points and the card are shown: the card's
// barcode format and identifier label, and the program shown first. The portal settings are the
// portal-settings module's; this is the one place the points screens read them, so a company that
// chose nothing gets these defaults.

export const BARCODE_FORMATS = ["code128", "ean13", "qr", "code39"] as const;
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

export interface PortalPresentation {
  /** Code 128 encodes any card number: the default until the company chooses. */
  barcodeFormat: BarcodeFormat;
  /** The company's name for the member identifier per language; null = the portal's own words ("Card number"). */
  identifierLabel: { pl: string; en: string } | null;
  /** The program the portal shows first (home, card); null = the company's oldest active program. */
  defaultProgramId: string | null;
}

export async function portalPresentation(_db: Queryable, _companyId: string): Promise<PortalPresentation> {
  return { barcodeFormat: "code128", identifierLabel: null, defaultProgramId: null };
}
