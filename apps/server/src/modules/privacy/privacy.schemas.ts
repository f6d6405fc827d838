import { z } from "zod";
import { member } from "../members/members.schemas.js";

const row = z.record(z.string(), z.unknown());

export const memberExport = z
  .object({
    /** Version of this layout. */
    format: z.number().int(),
    exportedAt: z.date(),
    /** The company that holds the data (the controller) and its data protection contact. */
    controller: z.object({ id: z.string(), name: z.string(), dpoEmail: z.string().nullable() }),
    member,
    customFields: z.array(z.object({ key: z.string(), label: z.string(), value: z.unknown() })),
    /** Current decisions and every grant and withdrawal, newest first. */
    consents: z.object({ current: z.array(row), history: z.array(row) }),
    /** Every points entry, oldest first. */
    ledger: z.array(row),
    /** Purchases with their lines and returns, oldest first. */
    purchases: z.array(row),
    redemptions: z.array(row),
    /** Messages as rendered for sending: channel, address, subject, bodies, status. */
    messages: z.array(row),
    /** Devices subscribed to push notifications. */
    pushDevices: z.array(row),
  })
  .meta({ id: "MemberExport" });

export const erasureInput = z
  .object({
    /** The member's card number, typed by the person who erases (a second look at whom). */
    confirmCardNumber: z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"),
  })
  .strict();

export const erasureResult = z
  .object({
    memberId: z.string(),
    alreadyErased: z.boolean(),
    scrubbed: z.object({
      consentEvents: z.number().int(),
      messages: z.number().int(),
      purchases: z.number().int(),
      redemptions: z.number().int(),
      events: z.number().int(),
      auditEntries: z.number().int(),
      portalSignIn: z.number().int(),
      pushDevices: z.number().int(),
    }),
  })
  .meta({ id: "MemberErasure" });
