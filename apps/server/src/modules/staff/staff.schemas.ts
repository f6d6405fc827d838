import { z } from "zod";
import { PERMISSIONS, ROLES } from "../../platform/permissions.js";
import { language } from "../auth/auth.schemas.js";

export const role = z.enum(ROLES);
export const permission = z.enum(PERMISSIONS);

export const staffMember = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    language,
    role,
    permissions: z.array(permission),
    customPermissions: z.boolean(),
    locationIds: z.array(z.string()),
    joinedAt: z.date(),
  })
  .meta({ id: "StaffMember" });

export const updateStaffBody = z
  .object({
    role: role.optional(),
    locationIds: z.array(z.string().max(100)).max(500).optional(),
    permissions: z.array(permission).nullable().optional(),
  })
  .strict();

export const staffQuery = z.object({
  q: z.string().max(200).optional(),
  role: role.optional(),
});

export const rolesResponse = z.object({
  permissions: z.array(permission),
  roles: z.array(z.object({ role, permissions: z.array(permission) })),
});

export type UpdateStaffInput = z.infer<typeof updateStaffBody>;
export type StaffMember = z.infer<typeof staffMember>;
