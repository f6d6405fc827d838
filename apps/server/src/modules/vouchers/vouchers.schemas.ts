import { z } from "zod";

export const codeStatus = z.enum(["available", "issued", "used", "expired", "void"]);
const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

export const poolInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(120),
  lowThreshold: z.number().int().min(0).max(1_000_000).default(10),
});

export const pool = z
  .object({
    id: z.string(),
    name: z.string(),
    lowThreshold: z.number().int(),
    counts: z.object({
      available: z.number().int(),
      issued: z.number().int(),
      used: z.number().int(),
      expired: z.number().int(),
      void: z.number().int(),
    }),
    low: z.boolean(),
    createdAt: z.date(),
  })
  .meta({ id: "VoucherPool" });

export const importBody = z.strictObject({
  csv: z
    .string()
    .min(1, "is required")
    .max(5_000_000, "at most 5 MB; split larger files")
    .describe("one code per line, optionally followed by a comma and an ISO expiry date; a header line `code,expires_at` is allowed"),
});

export const importResult = z.object({
  imported: z.number().int(),
  alreadyInPool: z.number().int().describe("codes this pool already had: re-importing a file changes nothing"),
  duplicatesInFile: z.array(z.string()),
  skipped: z
    .array(z.object({ line: z.number().int(), reason: z.enum(["header", "blank", "duplicate_in_file", "already_in_pool"]) }))
    .describe("every line that added no code, with its number (from 1) and why"),
});

export const generateBody = z.strictObject({
  count: z.number().int().min(1, "must be at least 1").max(100_000, "at most 100000 at a time"),
  prefix: z
    .string()
    .regex(/^[A-Z0-9]{0,10}$/, "0–10 capital letters or digits")
    .default(""),
  length: z.number().int().min(6, "at least 6 random characters").max(20).default(10),
  expiresAt: isoDateTime.nullable().default(null),
});

export const voucherCode = z
  .object({
    code: z.string(),
    poolId: z.string(),
    status: codeStatus,
    expiresAt: z.date().nullable(),
    memberId: z.string().nullable(),
    redemptionId: z.string().nullable(),
    issuedAt: z.date().nullable(),
    usedAt: z.date().nullable(),
    usedLocationId: z.string().nullable(),
  })
  .meta({ id: "VoucherCode" });

export const codeCheck = voucherCode.extend({
  valid: z.boolean().describe("true when the code was issued to a member and is neither used, void nor expired"),
  reward: z.object({ id: z.string(), namePl: z.string(), nameEn: z.string() }).nullable(),
});

export const codesQuery = z.object({
  status: codeStatus.optional(),
  q: z.string().max(100).optional().describe("part of the code, any case"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(100).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const useBody = z.strictObject({ locationId: z.string().max(100).nullable().default(null) });
export const codeParams = z.object({ code: z.string().min(1).max(100) });
