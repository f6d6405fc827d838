import { z } from "zod";

export const balance = z
  .object({
    programId: z.string(),
    programName: z.string(),
    available: z.number().int().describe("spendable now; negative only under the allow_negative policy"),
    pending: z.number().int().describe("earned but locked until the return window passes"),
    debt: z.number().int(),
    lifetimeEarned: z.number().int(),
    spent: z.number().int(),
    expired: z.number().int(),
    expiringSoon: z.number().int().describe("points expiring within 30 days"),
    nextExpiryAt: z.date().nullable(),
    tier: z.object({ id: z.string(), name: z.string(), discountBp: z.number().int(), color: z.string() }).nullable(),
    tierLocked: z.boolean(),
    joinedAt: z.date(),
  })
  .meta({ id: "Balance" });

export const ledgerEntry = z
  .object({
    id: z.string(),
    programId: z.string(),
    memberId: z.string(),
    kind: z.enum(["earn", "spend", "expire", "adjust", "reverse", "transfer_in", "transfer_out"]),
    points: z.number().int(),
    causeType: z.string(),
    causeId: z.string().nullable(),
    reason: z.string().nullable(),
    locationId: z.string().nullable(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string(),
    availableAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    reversesId: z.string().nullable(),
    reversedById: z.string().nullable(),
    moneyMinor: z.number().int(),
    occurredAt: z.date(),
  })
  .meta({ id: "LedgerEntry" });

export const ledgerPage = z.object({
  data: z.array(ledgerEntry),
  nextCursor: z.string().nullable(),
  sums: z.object({ credited: z.number().int(), debited: z.number().int(), net: z.number().int() }),
});

export const enrollBody = z.strictObject({ programId: z.string().min(1, "is required").max(100) });

export const adjustmentBody = z.strictObject({
  programId: z.string().min(1, "is required").max(100),
  points: z
    .number()
    .int("must be a whole number")
    .refine((n) => n !== 0, "must not be 0")
    .refine((n) => Math.abs(n) <= 10_000_000, "must be at most 10000000 either way"),
  reason: z.string().trim().min(3, "is required (at least 3 characters)").max(500),
});

export const reverseBody = z.strictObject({ reason: z.string().trim().min(3, "is required (at least 3 characters)").max(500) });

export const memberProgramQuery = z.object({ programId: z.string().max(100).optional() });
export const ledgerQuery = z.object({
  programId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
