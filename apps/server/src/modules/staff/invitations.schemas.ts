import { z } from "zod";
import { email, language } from "../auth/auth.schemas.js";
import { permission, role } from "./staff.schemas.js";

export const inviteStaffBody = z
  .object({
    email,
    role,
    locationIds: z.array(z.string().max(100)).max(500).default([]),
    permissions: z.array(permission).nullable().default(null),
  })
  .strict();

export const staffInvitation = z
  .object({
    id: z.string(),
    email: z.string(),
    role,
    permissions: z.array(permission).nullable(),
    locationIds: z.array(z.string()),
    invitedBy: z.string().nullable(),
    createdAt: z.date(),
    expiresAt: z.date(),
    expired: z.boolean(),
  })
  .meta({ id: "StaffInvitation" });

export const invitationSent = z
  .object({
    invitation: staffInvitation,
    /** sent: the e-mail went out; failed: the SMTP server refused (response says why); not_configured: the company has no e-mail set up. */
    email: z.object({ status: z.enum(["sent", "failed", "not_configured"]), response: z.string().nullable() }),
    /** The link, only when the e-mail did not go out: hand it over another way. */
    inviteUrl: z.string().nullable(),
  })
  .meta({ id: "InvitationSent" });

export const invitationTokenParams = z.object({ token: z.string().min(1).max(200) }).strict();

export const invitationPreview = z
  .object({
    email: z.string(),
    companyName: z.string(),
    /** An account with this e-mail exists (another company): accepting signs in with its password. */
    existingAccount: z.boolean(),
    expiresAt: z.date(),
  })
  .meta({ id: "InvitationPreview" });

export const acceptInvitationBody = z
  .object({
    /** Required for a new account. */
    name: z.string().trim().min(1, "is required").max(200).optional(),
    /** A new account's password (the policy applies), or an existing account's current password. */
    password: z.string().min(1, "is required").max(256),
    language: language.optional(),
  })
  .strict();

export type InviteStaffInput = z.infer<typeof inviteStaffBody>;
export type StaffInvitation = z.infer<typeof staffInvitation>;
export type InvitationSent = z.infer<typeof invitationSent>;
export type AcceptInvitationInput = z.infer<typeof acceptInvitationBody>;
