import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { findMember } from "../members/members.service.js";
import { defaultProgramBalance } from "./home.js";

// The member's card as the portal shows it (and keeps for offline use): the card number, the
// company's barcode format and identifier label, and the balance at the moment it was read.

export const BARCODE_FORMATS = ["code128", "ean13", "qr", "code39"] as const;
export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

export interface CardPresentation {
  barcodeFormat: BarcodeFormat;
  /** The company's name for the member identifier ("Numer karty", "Member no."): null = the portal's default words. */
  identifierLabel: string | null;
}

/**
 * How the company wants its cards shown. The portal settings (barcode format, identifier label)
 * are the portal-settings module's; until a company chose, Code 128 encodes any card number.
 * The one place the card reads them: the portal-settings module's read goes in here.
 */
export async function cardPresentation(_db: Queryable, _companyId: string): Promise<CardPresentation> {
  return { barcodeFormat: "code128", identifierLabel: null };
}

/** EAN-13 holds 12 digits and a check digit: a card number that is not one is shown as Code 128. */
export function usableFormat(format: BarcodeFormat, cardNumber: string): BarcodeFormat {
  if (format === "ean13" && !/^\d{12,13}$/.test(cardNumber)) return "code128";
  if (format === "code39" && !/^[0-9A-Z\-. $/+%]+$/.test(cardNumber)) return "code128";
  return format;
}

export async function memberCard(opts: { db: Queryable; companyId: string; memberId: string; now: Date }) {
  const { db, companyId, memberId, now } = opts;
  const member = await findMember(db, companyId, memberId);
  if (!member) throw notFound("Member");
  const presentation = await cardPresentation(db, companyId);
  const balance = await defaultProgramBalance(db, companyId, memberId, now);
  return {
    cardNumber: member.cardNumber,
    firstName: member.firstName,
    lastName: member.lastName,
    barcodeFormat: usableFormat(presentation.barcodeFormat, member.cardNumber),
    identifierLabel: presentation.identifierLabel,
    balance: balance
      ? {
          programId: balance.programId,
          programName: balance.programName,
          available: balance.available,
          pending: balance.pending,
          tierName: balance.tier?.name ?? null,
        }
      : null,
    /** When these figures were read: an offline card shows "as of". */
    asOf: now,
  };
}
