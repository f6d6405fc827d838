import { z } from "zod";
import { API_KEY_SCOPES } from "../../platform/permissions.js";

export const scope = z.enum(API_KEY_SCOPES as [string, ...string[]]);

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: "ApiKey" });

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  scopes: z.array(scope).min(1, "choose at least one scope"),
});

export const createdApiKey = z.object({ apiKey, secret: z.string().describe("Shown once; send as `Authorization: Bearer <secret>`") });
