import { z } from "zod";
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from "../consents/consents.schemas.js";
import { CUSTOM_FIELD_TYPES } from "../custom-fields/custom-fields.schemas.js";
import { WEEKDAYS } from "../locations/locations.schemas.js";
import { memberPatch } from "../members/members.schemas.js";
import { RULE_ICONS } from "../rules/rules.schemas.js";

// What the member portal's program, referral and profile screens read and send.

const converter = z.object({ points: z.number().int(), amountMinor: z.number().int() });

export const portalEarningRule = z.object({
  id: z.string(),
  name: z.string(),
  icon: z.enum(RULE_ICONS),
  description: z.string(),
  kind: z.enum(["multiplier", "bonus", "event"]),
  /** Multiplier rules: ×1.5 = 15000. */
  multiplierBp: z.number().int().nullable(),
  /** Bonus and event rules: the points given. */
  bonusPoints: z.number().int().nullable(),
  perItem: z.boolean(),
  eventType: z.enum(["registration", "newsletter_confirmed", "review_approved", "birthday", "custom"]).nullable(),
  /** Where the rule is limited to: names, not ids. Empty = everywhere, for everyone. */
  tierNames: z.array(z.string()),
  locationNames: z.array(z.string()),
  categories: z.array(z.string()),
  producers: z.array(z.string()),
  startsAt: z.date().nullable(),
  endsAt: z.date().nullable(),
  /** Noticeably more generous than the program's budget suggests (over 120 % of it). */
  promotion: z.boolean(),
});

export const portalProgram = z.object({
  id: z.string(),
  name: z.string(),
  slogan: z.string(),
  description: z.string(),
  photoUrl: z.string().nullable(),
  iconUrl: z.string().nullable(),
  color: z.string(),
  endsAt: z.date().nullable(),
  /** Points per amount spent (minor units of the company's currency): 1 point per 100 = "1 pkt za każde 1 zł". */
  converter,
  /** The base converter is itself above the budget's suggestion (a promotion). */
  converterPromotion: z.boolean(),
  minPurchaseMinor: z.number().int(),
  welcomePoints: z.number().int(),
  pendingDays: z.number().int(),
  expiryPolicy: z.enum(["never", "days", "months", "end_of_month", "end_of_quarter", "end_of_year"]),
  expiryValue: z.number().int().nullable(),
  earningRules: z.array(portalEarningRule),
  tierBasis: z.enum(["points", "spend"]),
  tiers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      color: z.string(),
      /** Points (or spend in minor units, by tierBasis) that reach the tier. */
      threshold: z.number().int(),
      discountBp: z.number().int(),
      multiplierBp: z.number().int(),
    }),
  ),
});

export const portalLocation = z.object({
  id: z.string(),
  name: z.string(),
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
  phone: z.string().nullable(),
  openingHours: z.array(z.object({ day: z.enum(WEEKDAYS), opens: z.string(), closes: z.string() })),
  coordinates: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  /** OpenStreetMap at the coordinates, or a search for the address; null without either. */
  mapUrl: z.string().nullable(),
});

export const portalProgramPage = z
  .object({
    currency: z.string(),
    programs: z.array(portalProgram),
    locations: z.array(portalLocation),
  })
  .meta({ id: "PortalProgramPage" });

export const portalReferrals = z
  .object({
    /** The member's personal registration link ({member_ref_link}). */
    link: z.string(),
    referralCode: z.string(),
    friends: z.array(
      z.object({
        /** First name and the initial of the last name only. */
        name: z.string(),
        joinedAt: z.date(),
        /**
         * registered: joined; successful: reached the program's goal for a referral (e.g. spent 200 zł);
         * rewarded: the member was rewarded for it; inactive: blocked or erased.
         */
        status: z.enum(["registered", "successful", "rewarded", "inactive"]),
      }),
    ),
    /** Points the member was paid for referrals (automation's referral scenarios; 0 without any). */
    pointsEarned: z.number().int(),
  })
  .meta({ id: "PortalReferrals" });

export const portalCustomField = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  value: z.unknown(),
});

export const portalProfile = z
  .object({
    cardNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    /** Shown, not editable here: a new address needs verifying. */
    email: z.string().nullable(),
    phone: z.string().nullable(),
    birthday: z.string().nullable(),
    address: z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
    language: z.enum(["pl", "en"]),
    /** The company's active custom fields marked visible to members, with the member's values. */
    customFields: z.array(portalCustomField),
    /** An erasure request waits for staff. */
    erasureRequestedAt: z.date().nullable(),
  })
  .meta({ id: "PortalProfile" });

const p = memberPatch.shape;
export const portalProfilePatch = z
  .object({
    firstName: p.firstName,
    lastName: p.lastName,
    phone: p.phone,
    birthday: p.birthday,
    address: p.address,
    language: z.enum(["pl", "en"]).optional(),
    /** Only fields visible to members; null clears a field (not a required one). */
    customFields: p.customFields,
  })
  .strict();

export const portalConsent = z.object({
  consentId: z.string(),
  name: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  /** The current text and its version: a decision is sent with the version shown. */
  text: z.string(),
  version: z.number().int(),
  granted: z.boolean(),
  /** Granted against an older text (the member may confirm the new one). */
  grantedVersion: z.number().int().nullable(),
  changedAt: z.date().nullable(),
});

export const portalConsents = z.object({ data: z.array(portalConsent) }).meta({ id: "PortalConsents" });

export const portalConsentsInput = z
  .object({
    changes: z
      .array(z.strictObject({ consentId: z.string().min(1).max(100), granted: z.boolean(), version: z.number().int().min(1) }))
      .min(1, "give at least one change")
      .max(50, "at most 50 changes")
      .refine((c) => new Set(c.map((x) => x.consentId)).size === c.length, "each consent at most once"),
  })
  .strict();

export const deletionRequestInput = z
  .object({ reason: z.string().trim().max(1000, "must be at most 1000 characters").default("") })
  .strict();

export const deletionRequestResult = z
  .object({
    id: z.string(),
    status: z.enum(["open", "done", "dismissed"]),
    createdAt: z.date(),
    /** false: a request was open already; this is that one. */
    created: z.boolean(),
  })
  .meta({ id: "PortalDeletionRequest" });

export type PortalProgramPage = z.infer<typeof portalProgramPage>;
export type PortalProgram = z.infer<typeof portalProgram>;
export type PortalReferrals = z.infer<typeof portalReferrals>;
export type PortalProfile = z.infer<typeof portalProfile>;
export type PortalProfilePatch = z.infer<typeof portalProfilePatch>;
