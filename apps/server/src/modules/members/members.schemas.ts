import { z } from "zod";
import { consentChanges } from "../consents/consents.schemas.js";
import { normalizePhone } from "./phone.js";

export const MEMBER_STATUSES = ["active", "blocked"] as const;
export const GENDERS = ["female", "male", "other"] as const;

// ---- settings ------------------------------------------------------------------------------------

export const memberSettings = z
  .object({
    cardNumberPrefix: z.string(),
    cardNumberDigits: z.number().int(),
    cardNumberCheckDigit: z.boolean(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: "MemberSettings" });

export const memberSettingsPatch = z
  .object({
    cardNumberPrefix: z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .pipe(z.string().regex(/^[A-Z0-9]{0,10}$/, "must be 0–10 letters A–Z or digits"))
      .optional(),
    cardNumberDigits: z.number().int().min(6, "must be between 6 and 16").max(16, "must be between 6 and 16").optional(),
    cardNumberCheckDigit: z.boolean().optional(),
  })
  .strict();

export type MemberSettings = z.infer<typeof memberSettings>;
export type MemberSettingsPatch = z.infer<typeof memberSettingsPatch>;

// ---- member fields ----------------------------------------------------------------------------

export const cardNumber = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9-]{4,32}$/, "must be 4–32 characters: letters A–Z, digits or -"));

const email = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email("must be a valid e-mail address").max(254, "must be at most 254 characters"));

const phone = z
  .string()
  .max(40, "must be a phone number, e.g. +48 600 100 200")
  .transform((v, ctx) => {
    const normalized = normalizePhone(v);
    if (normalized) return normalized;
    ctx.addIssue({ code: "custom", message: "must be a phone number, e.g. +48 600 100 200" });
    return z.NEVER;
  });

function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const birthday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isCalendarDate, "must be a real date")
  .refine((s) => s > "1900-01-01", "must be after 1900");
// "Not in the future" needs the company's calendar: member-writes checks it (assertBirthdayNotFuture).

const name = z.string().trim().max(100, "must be at most 100 characters");

const tags = z
  .array(z.string().trim().min(1, "must not be empty").max(50, "must be at most 50 characters"))
  .transform((t) => [...new Set(t)])
  .pipe(z.array(z.string()).max(50, "at most 50 tags"));

const addressPatch = z
  .object({
    street: z.string().trim().max(200, "must be at most 200 characters").optional(),
    postalCode: z.string().trim().max(20, "must be at most 20 characters").optional(),
    city: z.string().trim().max(100, "must be at most 100 characters").optional(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code, e.g. PL")
      .transform((s) => s.toUpperCase())
      .optional(),
  })
  .strict();

const id = z.string().min(1).max(100);

export const memberInput = z
  .object({
    /** Omitted: generated from the company's card number pattern. */
    cardNumber: cardNumber.optional(),
    firstName: name.default(""),
    lastName: name.default(""),
    email: email.nullable().default(null),
    phone: phone.nullable().default(null),
    birthday: birthday.nullable().default(null),
    address: addressPatch.default({}),
    gender: z.enum(GENDERS).nullable().default(null),
    tags: tags.default([]),
    notes: z.string().max(5000, "must be at most 5000 characters").default(""),
    /** The language of the member's messages and portal; omitted: the company's language. */
    language: z.enum(["pl", "en"]).optional(),
    status: z.enum(MEMBER_STATUSES).default("active"),
    blockedReason: z.string().trim().max(500, "must be at most 500 characters").nullable().default(null),
    joinLocationId: id.nullable().default(null),
    referrerId: id.nullable().default(null),
    customFields: z.record(z.string(), z.unknown()).default({}),
    /** Save without the company's required custom fields (e.g. a quick registration at the counter). */
    skipRequiredFields: z.boolean().default(false),
    /** Consent decisions recorded with the new member, in the same transaction. */
    consents: consentChanges.default([]),
  })
  .strict();

export const memberPatch = z
  .object({
    cardNumber: cardNumber.optional(),
    firstName: name.optional(),
    lastName: name.optional(),
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
    birthday: birthday.nullable().optional(),
    address: addressPatch.optional(),
    gender: z.enum(GENDERS).nullable().optional(),
    tags: tags.optional(),
    notes: z.string().max(5000, "must be at most 5000 characters").optional(),
    language: z.enum(["pl", "en"]).optional(),
    status: z.enum(MEMBER_STATUSES).optional(),
    blockedReason: z.string().trim().max(500, "must be at most 500 characters").nullable().optional(),
    joinLocationId: id.nullable().optional(),
    referrerId: id.nullable().optional(),
    /** Merged into the member's values; null clears a field. */
    customFields: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const memberRef = z.object({ id: z.string(), cardNumber: z.string(), firstName: z.string(), lastName: z.string() });

export const member = z
  .object({
    id: z.string(),
    cardNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    birthday: z.string().nullable(),
    address: z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
    gender: z.enum(GENDERS).nullable(),
    tags: z.array(z.string()),
    notes: z.string(),
    /** The language of the member's messages and portal. */
    language: z.enum(["pl", "en"]),
    status: z.enum(MEMBER_STATUSES),
    blockedReason: z.string().nullable(),
    joinLocationId: z.string().nullable(),
    referrerId: z.string().nullable(),
    /** The referring member, for showing on the card. */
    referrer: memberRef.nullable(),
    referralCode: z.string(),
    customFields: z.record(z.string(), z.unknown()),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    /** When the member's personal data was erased (pseudonymized); such a card cannot be changed or used. */
    erasedAt: z.date().nullable(),
  })
  .meta({ id: "Member" });

/** A member as the list answers it: with the points and tier in one program. */
export const memberListItem = member
  .extend({
    /**
     * With `include=balance`: the member's points in the program of the list's `programId` (by
     * default the company's oldest active program); null when the member is not enrolled in it.
     */
    balance: z
      .object({
        programId: z.string(),
        available: z.number().int(),
        pending: z.number().int(),
        /** Points that expire within the next 30 days. */
        expiringSoon: z.number().int(),
        tier: z.object({ id: z.string(), name: z.string(), color: z.string() }).nullable(),
      })
      .nullable()
      .optional(),
  })
  .meta({ id: "MemberListItem" });

const FIXED_QUERY_KEYS = new Set(["limit", "cursor", "q", "status", "tag", "referrerId", "joinLocationId", "programId", "include"]);

export const memberQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(120).optional(),
    q: z.string().trim().max(200).optional(),
    status: z.enum(MEMBER_STATUSES).optional(),
    tag: z.string().max(50).optional(),
    referrerId: z.string().max(100).optional(),
    joinLocationId: z.string().max(100).optional(),
    /** The program whose points and tier each member shows (default: the company's oldest active program). */
    programId: z.string().max(100).optional(),
    /** `balance`: each member with their points and tier (in `programId`'s program). */
    include: z.enum(["balance"]).optional(),
  })
  .catchall(z.string().max(200))
  .superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (!FIXED_QUERY_KEYS.has(key) && !/^field\.[a-z][a-z0-9_]{0,49}$/.test(key))
        ctx.addIssue({ code: "custom", path: [key], message: "is not a known parameter (custom fields: field.<key>)" });
    }
  });

/** Splits the list query into its fixed filters and the custom field filters (`field.<key>`). */
export function splitMemberQuery(query: MemberQuery) {
  const { limit, cursor, q, status, tag, referrerId, joinLocationId, programId, include, ...rest } = query;
  const fields = Object.fromEntries(
    Object.entries(rest)
      .filter(([k]) => k.startsWith("field."))
      .map(([k, v]) => [k.slice("field.".length), String(v)]),
  );
  return { limit, cursor, q, status, tag, referrerId, joinLocationId, programId, withBalance: include === "balance", fields };
}

export const referralsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export type MemberInput = z.infer<typeof memberInput>;
export type MemberPatch = z.infer<typeof memberPatch>;
export type Member = z.infer<typeof member>;
export type MemberListItem = z.infer<typeof memberListItem>;
export type MemberQuery = z.infer<typeof memberQuery>;
