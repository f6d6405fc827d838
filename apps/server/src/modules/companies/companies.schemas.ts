import { z } from "zod";
import { language } from "../auth/auth.schemas.js";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const slug = z
  .string()
  .min(2, "must be at least 2 characters")
  .max(60, "must be at most 60 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "may contain only lowercase letters, digits and single hyphens");
export const currency = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine((c) => CURRENCIES.has(c), "must be an ISO 4217 currency code, e.g. PLN");
export const timeZone = z.string().max(64).refine(isTimeZone, "must be an IANA time zone, e.g. Europe/Warsaw");

export const companyInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  slug: slug.optional(),
  description: z.string().trim().max(1000, "must be at most 1000 characters").optional(),
  currency: currency.optional(),
  timeZone: timeZone.optional(),
  language: language.optional(),
  dpoEmail: z.email("must be a valid e-mail address").nullable().optional(),
  logoMediaId: z.string().max(100).nullable().optional(),
  /** Members with no activity for this many months are erased by a daily job; null = never (the default). */
  inactiveMemberErasureMonths: z.number().int("must be a whole number").min(1).max(240).nullable().optional(),
});

export const companyPatch = companyInput.partial().strict();

export const company = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    currency: z.string(),
    timeZone: z.string(),
    language,
    dpoEmail: z.string().nullable(),
    logoMediaId: z.string().nullable(),
    logoUrl: z.string().nullable(),
    inactiveMemberErasureMonths: z.number().int().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Company" });

export type CompanyInput = z.infer<typeof companyInput>;
export type Company = z.infer<typeof company>;
