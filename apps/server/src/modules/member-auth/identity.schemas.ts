import { z } from "zod";
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from "../consents/consents.schemas.js";
import { CUSTOM_FIELD_TYPES } from "../custom-fields/custom-fields.schemas.js";
import { normalizePhone } from "../members/phone.js";

const email = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email("must be a valid e-mail address").max(254, "must be at most 254 characters"));
// The policy (length, common, personal) is checked in the service, naming the field.
const password = z.string().max(1000, "must be at most 1000 characters");
const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "must be the 6-digit code from the message");
const token = z.string().min(10).max(200);
const language = z.enum(["pl", "en"]);
const personName = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

const phone = z
  .string()
  .max(40, "must be a phone number, e.g. +48 600 100 200")
  .transform((v, ctx) => {
    const normalized = normalizePhone(v);
    if (normalized) return normalized;
    ctx.addIssue({ code: "custom", message: "must be a phone number, e.g. +48 600 100 200" });
    return z.NEVER;
  });

const birthday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "must be a real date")
  .refine((s) => s > "1900-01-01", "must be after 1900");

export const signupFormQuery = z.object({ ref: z.string().max(40).optional() });

export const signupForm = z
  .object({
    company: z.object({ name: z.string(), language }),
    languages: z.array(language),
    consents: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        purpose: z.enum(CONSENT_PURPOSES),
        channel: z.enum(CONSENT_CHANNELS),
        text: z.string(),
        version: z.number().int(),
      }),
    ),
    customFields: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        type: z.enum(CUSTOM_FIELD_TYPES),
        options: z.array(z.string()),
        required: z.boolean(),
      }),
    ),
    /** The `ref` of the query: whether it is a member's referral code (the sign-up then records the referrer). */
    referral: z.object({ code: z.string(), valid: z.boolean() }).nullable(),
    passwordMinLength: z.number().int(),
  })
  .meta({ id: "PortalSignupForm" });

export const signupBody = z.strictObject({
  email,
  password,
  firstName: personName,
  lastName: personName,
  phone: phone.nullable().default(null),
  birthday: birthday.nullable().default(null),
  language,
  consents: z
    .array(z.strictObject({ consentId: z.string().min(1).max(100), version: z.number().int().min(1), granted: z.boolean() }))
    .max(50, "at most 50 changes")
    .refine((c) => new Set(c.map((x) => x.consentId)).size === c.length, "each consent at most once")
    .default([]),
  customFields: z.record(z.string(), z.unknown()).default({}),
  referralCode: z.string().trim().max(40, "must be at most 40 characters").nullable().default(null),
});
export type SignupBody = z.infer<typeof signupBody>;

export const accepted = z.object({ status: z.literal("accepted"), message: z.string() }).meta({ id: "PortalAccepted" });

export const verifyBody = z.union([z.strictObject({ token }), z.strictObject({ email, code })]);
export const emailBody = z.strictObject({ email });
export const passwordLoginBody = z.strictObject({ email, password: z.string().min(1, "is required").max(1000) });
export const codeLoginBody = z.strictObject({ email, code });
export const resetConfirmBody = z.union([z.strictObject({ token, password }), z.strictObject({ email, code, password })]);
export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().max(1000).optional(),
  newPassword: password,
});
const identifier = z.string().trim().min(1, "is required").max(254, "must be at most 254 characters");
export const activateBody = z.strictObject({ identifier });
export const activateConfirmBody = z.strictObject({ identifier, code, password });
