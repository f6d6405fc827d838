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
    /** What automation scenarios did about the member: trigger, status, each action's outcome. */
    automation: z.array(row),
    /** What was sent about the member to the company's webhook endpoints: event, address, body, outcome. */
    webhookDeliveries: z.array(row),
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
      referralFingerprints: z.number().int(),
      webhookDeliveries: z.number().int(),
    }),
  })
  .meta({ id: "MemberErasure" });

export const PRIVACY_REQUEST_STATUSES = ["open", "done", "dismissed"] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

export const privacyRequest = z
  .object({
    id: z.string(),
    kind: z.enum(["erasure"]),
    status: z.enum(PRIVACY_REQUEST_STATUSES),
    member: z.object({ id: z.string(), cardNumber: z.string(), firstName: z.string(), lastName: z.string(), erased: z.boolean() }),
    /** The member's own words, if they gave any (emptied when the member is erased). */
    reason: z.string(),
    /** Staff's note when dismissing. */
    note: z.string(),
    createdAt: z.date(),
    /** Who erased or dismissed. */
    handledBy: z.string().nullable(),
    handledAt: z.date().nullable(),
  })
  .meta({ id: "PrivacyRequest" });

export type PrivacyRequest = z.infer<typeof privacyRequest>;

export const privacyRequestQuery = z.object({
  status: z.enum(PRIVACY_REQUEST_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const privacyRequestPage = z
  .object({ data: z.array(privacyRequest), nextCursor: z.string().nullable(), openCount: z.number().int() })
  .meta({ id: "PrivacyRequestPage" });

export const dismissInput = z
  .object({ note: z.string().trim().min(1, "is required").max(1000, "must be at most 1000 characters") })
  .strict();
