import { z } from "zod";

const tierFields = {
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  threshold: z.number().int().min(0, "must be 0 or more").max(1_000_000_000_000),
  discountBp: z.number().int().min(0, "must be between 0 and 10000 (0–100%)").max(10_000, "must be between 0 and 10000 (0–100%)"),
  multiplierBp: z.number().int().min(0).max(100_000, "must be at most 100000 (×10)"),
  converterPoints: z.number().int().min(0).max(1_000_000).nullable(),
  converterAmountMinor: z.number().int().min(1).max(100_000_000).nullable(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #f59f00"),
};

function converterPair(t: { converterPoints?: number | null; converterAmountMinor?: number | null }, ctx: z.RefinementCtx) {
  if (
    t.converterPoints !== undefined &&
    t.converterAmountMinor !== undefined &&
    (t.converterPoints === null) !== (t.converterAmountMinor === null)
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["converterAmountMinor"],
      message: "set both converterPoints and converterAmountMinor, or neither",
    });
  }
}

export const tierInput = z
  .strictObject({
    name: tierFields.name,
    threshold: tierFields.threshold,
    discountBp: tierFields.discountBp.default(0),
    multiplierBp: tierFields.multiplierBp.default(10_000),
    converterPoints: tierFields.converterPoints.default(null),
    converterAmountMinor: tierFields.converterAmountMinor.default(null),
    color: tierFields.color.default("#868e96"),
  })
  .superRefine(converterPair);

export const tierPatch = z.object(tierFields).partial().strict().superRefine(converterPair);

export const tier = z
  .object({
    id: z.string(),
    programId: z.string(),
    name: z.string(),
    threshold: z.number().int(),
    discountBp: z.number().int(),
    multiplierBp: z.number().int(),
    converterPoints: z.number().int().nullable(),
    converterAmountMinor: z.number().int().nullable(),
    color: z.string(),
  })
  .meta({
    id: "Tier",
    description: "threshold: points or spend (minor units) within the program's tier period, per the program's tierBasis",
  });

export const tierAssignment = z.strictObject({
  tierId: z.string().max(100).nullable().describe("null = no tier"),
  locked: z.boolean().describe("locked = automatic evaluation leaves this member's tier alone"),
});

export const tierChange = z
  .object({
    id: z.string(),
    programId: z.string(),
    fromTierId: z.string().nullable(),
    fromTierName: z.string().nullable().describe("null when there was no tier, or the tier has since been deleted"),
    toTierId: z.string().nullable(),
    toTierName: z.string().nullable(),
    reason: z.enum(["purchase", "return", "schedule", "manual"]),
    actorName: z.string(),
    occurredAt: z.date(),
  })
  .meta({ id: "TierChange" });

export const programTierParams = z.object({ programId: z.string().max(100), tierId: z.string().max(100) });

export type TierInput = z.infer<typeof tierInput>;
export type TierPatch = z.infer<typeof tierPatch>;
export type Tier = z.infer<typeof tier>;
