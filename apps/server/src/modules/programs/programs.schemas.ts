import { z } from "zod";

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #2f9e44");
const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

export const programStatus = z.enum(["draft", "active", "ended"]);
export const expiryPolicy = z.enum(["never", "days", "months", "end_of_month", "end_of_quarter", "end_of_year"]);

const programFields = {
  name: z.string().trim().min(1, "is required").max(120, "must be at most 120 characters"),
  slogan: z.string().trim().max(200, "must be at most 200 characters"),
  description: z.string().trim().max(5000, "must be at most 5000 characters"),
  status: programStatus,
  startsAt: isoDateTime.nullable(),
  endsAt: isoDateTime.nullable(),
  primaryColor: hexColor,
  photoMediaId: z.string().max(100).nullable(),
  iconMediaId: z.string().max(100).nullable(),
  budgetBp: z.number().int().min(0, "must be between 0 and 10000 (0–100%)").max(10_000, "must be between 0 and 10000 (0–100%)"),
  pointValueMinor: z.number().int().min(0).max(1_000_000),
  pointValuePoints: z.number().int().min(1, "must be at least 1").max(1_000_000),
  converterPoints: z.number().int().min(0).max(1_000_000),
  converterAmountMinor: z.number().int().min(1, "must be at least 1").max(100_000_000),
  rounding: z.enum(["down", "half_up"]),
  minPurchaseMinor: z.number().int().min(0).max(1_000_000_000),
  welcomePoints: z.number().int().min(0).max(1_000_000),
  pendingDays: z.number().int().min(0).max(365, "must be at most 365"),
  expiryPolicy,
  expiryValue: z.number().int().min(1).max(3650).nullable(),
  negativePolicy: z.enum(["allow_negative", "record_debt"]),
  tierBasis: z.enum(["points", "spend"]),
  tierPeriod: z.enum(["rolling_days", "calendar_year", "lifetime"]),
  tierPeriodDays: z.number().int().min(1).max(3650).nullable(),
  tierDowngrade: z.boolean(),
};

function checkConsistency(p: Partial<Record<keyof typeof programFields, unknown>>, ctx: z.RefinementCtx): void {
  if (p.startsAt instanceof Date && p.endsAt instanceof Date && p.endsAt <= p.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
  }
  if ((p.expiryPolicy === "days" || p.expiryPolicy === "months") && p.expiryValue == null) {
    ctx.addIssue({ code: "custom", path: ["expiryValue"], message: "is required for this expiry policy" });
  }
  if (p.tierPeriod === "rolling_days" && p.tierPeriodDays == null) {
    ctx.addIssue({ code: "custom", path: ["tierPeriodDays"], message: "is required for a rolling period" });
  }
}

export const programInput = z
  .strictObject({
    name: programFields.name,
    slogan: programFields.slogan.default(""),
    description: programFields.description.default(""),
    status: programFields.status.default("draft"),
    startsAt: programFields.startsAt.default(null),
    endsAt: programFields.endsAt.default(null),
    primaryColor: programFields.primaryColor.default("#2f9e44"),
    photoMediaId: programFields.photoMediaId.default(null),
    iconMediaId: programFields.iconMediaId.default(null),
    budgetBp: programFields.budgetBp.default(0),
    pointValueMinor: programFields.pointValueMinor.default(1),
    pointValuePoints: programFields.pointValuePoints.default(1),
    converterPoints: programFields.converterPoints.default(1),
    converterAmountMinor: programFields.converterAmountMinor.default(100),
    rounding: programFields.rounding.default("down"),
    minPurchaseMinor: programFields.minPurchaseMinor.default(0),
    welcomePoints: programFields.welcomePoints.default(0),
    pendingDays: programFields.pendingDays.default(0),
    expiryPolicy: programFields.expiryPolicy.default("never"),
    expiryValue: programFields.expiryValue.default(null),
    negativePolicy: programFields.negativePolicy.default("allow_negative"),
    tierBasis: programFields.tierBasis.default("points"),
    tierPeriod: programFields.tierPeriod.default("calendar_year"),
    tierPeriodDays: programFields.tierPeriodDays.default(null),
    tierDowngrade: programFields.tierDowngrade.default(true),
  })
  .superRefine(checkConsistency);

export const programPatch = z.object(programFields).partial().strict();

export const program = z
  .object({
    id: z.string(),
    name: z.string(),
    slogan: z.string(),
    description: z.string(),
    status: programStatus,
    startsAt: z.date().nullable(),
    endsAt: z.date().nullable(),
    primaryColor: z.string(),
    photoMediaId: z.string().nullable(),
    photoUrl: z.string().nullable(),
    iconMediaId: z.string().nullable(),
    iconUrl: z.string().nullable(),
    budgetBp: z.number().int(),
    pointValueMinor: z.number().int(),
    pointValuePoints: z.number().int(),
    converterPoints: z.number().int(),
    converterAmountMinor: z.number().int(),
    rounding: z.enum(["down", "half_up"]),
    minPurchaseMinor: z.number().int(),
    welcomePoints: z.number().int(),
    pendingDays: z.number().int(),
    expiryPolicy,
    expiryValue: z.number().int().nullable(),
    negativePolicy: z.enum(["allow_negative", "record_debt"]),
    tierBasis: z.enum(["points", "spend"]),
    tierPeriod: z.enum(["rolling_days", "calendar_year", "lifetime"]),
    tierPeriodDays: z.number().int().nullable(),
    tierDowngrade: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Program" });

export const costAnalysis = z
  .object({
    budgetBp: z.number().int(),
    baseCostBp: z.number(),
    maxCostBp: z.number(),
    overBudget: z.boolean(),
    fixedCosts: z
      .object({
        perPurchaseMinor: z.number().int().meta({ description: "Fixed bonus rules one purchase can collect, in money (minor units)" }),
        perMemberMinor: z
          .number()
          .int()
          .meta({ description: "Welcome points and every event rule once (birthday: once a year), in money (minor units)" }),
        referencePurchaseMinor: z.number().int().meta({
          description: "The purchase at which maxCostBp counts the fixed bonuses: the program's minimum purchase, else 10 000",
        }),
      })
      .meta({ description: "Costs that are no share of the price; the bonuses per purchase are in maxCostBp at the reference purchase" }),
    suggestedConverter: z.object({ points: z.number().int(), amountMinor: z.number().int() }).nullable(),
  })
  .meta({
    id: "ProgramCostAnalysis",
    description: "What points cost as a share of the purchase price, in basis points, against the budget",
  });

export const programQuery = z.object({ status: programStatus.optional() });

export type ProgramInput = z.infer<typeof programInput>;
export type ProgramPatch = z.infer<typeof programPatch>;
export type Program = z.infer<typeof program>;
