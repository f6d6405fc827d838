import { z } from "zod";
import { PERMISSIONS, ROLES } from "../../platform/permissions.js";
import { isCommonPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-policy.js";

export const email = z
  .email("must be a valid e-mail address")
  .max(254)
  .transform((s) => s.trim());
export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((p) => !isCommonPassword(p), "is one of the most common passwords; choose another");
export const language = z.enum(["pl", "en"]);

export const loginBody = z.strictObject({
  email: z.string().min(1, "is required").max(254),
  password: z.string().min(1, "is required").max(MAX_PASSWORD_LENGTH),
});

export const sessionResponse = z
  .object({
    staff: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      language,
      isOperator: z.boolean(),
    }),
    companyId: z.string().nullable(),
    csrfToken: z.string(),
    /** The password was set by someone else: every other call answers 403 password_change_required until it is changed. */
    mustChangePassword: z.boolean(),
    memberships: z.array(
      z.object({
        company: z.object({ id: z.string(), name: z.string(), slug: z.string(), logoUrl: z.string().nullable() }),
        role: z.enum(ROLES),
        permissions: z.array(z.enum(PERMISSIONS)),
        locationIds: z.array(z.string()),
        /** The account records purchases and holds nothing beyond the cashier's preset: the panel opens on the counter. */
        worksAtCounter: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Session" });

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1, "is required").max(MAX_PASSWORD_LENGTH),
  newPassword: password,
});

export const profileBody = z
  .object({ name: z.string().trim().min(1, "is required").max(200).optional(), language: language.optional() })
  .strict();

export const switchCompanyBody = z.strictObject({ companyId: z.string().min(1, "is required").max(100) });
