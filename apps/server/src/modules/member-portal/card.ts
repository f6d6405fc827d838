import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { findMember } from "../members/members.service.js";
import { defaultProgramBalance } from "./home.js";
import { type BarcodeFormat, portalPresentation } from "./portal-presentation.js";

// The member's card as the portal shows it (and keeps for offline use): the card number, the
// company's barcode format and identifier label, and the balance at the moment it was read.

/** EAN-13: 12 digits and a check digit (12 digits get theirs computed by the scanner's side). */
function isEan13(n: string): boolean {
  if (/^\d{12}$/.test(n)) return true;
  if (!/^\d{13}$/.test(n)) return false;
  const sum = [...n.slice(0, 12)].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(n[12]);
}

/** A card number the chosen format cannot encode (EAN-13 digits, Code 39's characters) is shown as Code 128. */
export function usableFormat(format: BarcodeFormat, cardNumber: string): BarcodeFormat {
  if (format === "ean13" && !isEan13(cardNumber)) return "code128";
  if (format === "code39" && !/^[0-9A-Z\-. $/+%]+$/.test(cardNumber)) return "code128";
  return format;
}

export async function memberCard(opts: { db: Queryable; companyId: string; memberId: string; now: Date }) {
  const { db, companyId, memberId, now } = opts;
  const member = await findMember(db, companyId, memberId);
  if (!member) throw notFound("Member");
  const presentation = await portalPresentation(db, companyId);
  const balance = await defaultProgramBalance(db, companyId, memberId, now, presentation.defaultProgramId);
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
