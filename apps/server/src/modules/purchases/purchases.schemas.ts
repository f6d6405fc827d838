import { z } from "zod";
import { errorDetail } from "../../platform/http.js";
import { balance } from "../points/points.schemas.js";

export const money = z
  .object({
    amount: z.number().int("must be a whole number of minor units (e.g. grosze)").min(0, "must not be negative").max(100_000_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code in capitals, e.g. PLN"),
  })
  .meta({ id: "Money", description: "amount in minor units (1234 = 12.34)" });

/** Money as a request sends it: unknown fields refused (the answers' Money may grow fields). */
const moneyInput = money.strict().describe("amount in minor units (1234 = 12.34)");

const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));
const label = z.string().trim().min(1).max(200);

export const purchaseLine = z.object({
  sku: label.nullable().optional(),
  name: label.nullable().optional(),
  category: label.nullable().optional(),
  producer: label.nullable().optional(),
  quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(100_000),
  unitPriceMinor: z.number().int("must be a whole number of minor units").min(0).max(10_000_000_000),
});

const memberRef = {
  memberId: z.string().max(100).optional(),
  cardNumber: z.string().trim().max(64).optional(),
};

function oneMember(p: { memberId?: string; cardNumber?: string }, ctx: z.RefinementCtx) {
  if (!p.memberId === !p.cardNumber) ctx.addIssue({ code: "custom", path: ["memberId"], message: "give either memberId or cardNumber" });
}

function linesMatchAmount(p: { items?: { quantity: number; unitPriceMinor: number }[]; amount: { amount: number } }, ctx: z.RefinementCtx) {
  if (p.items?.length) {
    const sum = p.items.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
    if (sum !== p.amount.amount)
      ctx.addIssue({ code: "custom", path: ["items"], message: `lines add up to ${sum}, not to amount ${p.amount.amount}` });
  }
}

const purchaseBase = z.strictObject({
  programId: z.string().min(1, "is required").max(100),
  ...memberRef,
  amount: moneyInput,
  items: z.array(purchaseLine.strict()).max(500).default([]),
  locationId: z.string().max(100).nullable().optional(),
  occurredAt: isoDateTime.optional(),
});

const receiptNumber = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const purchaseInput = purchaseBase.extend({ receiptNumber }).superRefine(oneMember).superRefine(linesMatchAmount);

/**
 * POST /purchases alone may leave the receipt number out when the request carries an
 * Idempotency-Key (a counter without a till): the number is then generated from the key.
 */
export const purchaseRequest = purchaseBase
  .extend({
    receiptNumber: receiptNumber
      .optional()
      .describe(
        "the till's receipt number: idempotency key of the purchase within its program. May be left out when the request sends an Idempotency-Key header; a receipt number is then generated from the key (AUTO-…)",
      ),
  })
  .superRefine(oneMember)
  .superRefine(linesMatchAmount);

export const purchaseHeaders = z.object({
  "idempotency-key": z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("makes a purchase without a receipt number safe to retry: the same key answers the original purchase, never pays twice"),
});

export const BATCH_MAX_PURCHASES = 100;

export const purchaseBatchInput = z.strictObject({
  purchases: z
    .array(purchaseInput)
    .min(1, "must hold at least one purchase")
    .max(BATCH_MAX_PURCHASES, `must hold at most ${BATCH_MAX_PURCHASES} purchases; send more in further requests`),
});

export const purchaseBatchResult = z
  .object({
    created: z.number().int(),
    replayed: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int().describe("position in the request's purchases"),
        receiptNumber: z.string(),
        status: z.enum(["created", "replayed", "failed"]),
        purchaseId: z.string().nullable(),
        memberId: z.string().nullable(),
        points: z.number().int().nullable(),
        error: z
          .object({
            code: z.string(),
            message: z.string(),
            details: z.array(errorDetail),
          })
          .nullable()
          .describe("why this purchase was refused (the same codes as POST /purchases); null when recorded"),
      }),
    ),
  })
  .meta({ id: "PurchaseBatchResult" });

export const previewInput = purchaseBase.superRefine(oneMember).superRefine(linesMatchAmount);

export const ruleAward = z.object({ ruleId: z.string(), name: z.string(), points: z.number().int(), uncapped: z.number().int() });

export const breakdown = z.object({
  basePoints: z.number().int(),
  ruleAwards: z.array(ruleAward),
  totalPoints: z.number().int(),
  belowMinimum: z.boolean(),
});

export const purchaseReturn = z
  .object({
    id: z.string(),
    returnNumber: z.string(),
    amount: money,
    lines: z.array(z.object({ index: z.number().int(), quantity: z.number().int() })),
    points: z.number().int(),
    pointsAsDebt: z.number().int(),
    /** Of `points`, those that had expired already: not taken from the balance again. */
    pointsExpired: z.number().int(),
    locationId: z.string().nullable(),
    occurredAt: z.date(),
  })
  .meta({ id: "PurchaseReturn" });

export const purchase = z
  .object({
    id: z.string(),
    programId: z.string(),
    memberId: z.string(),
    receiptNumber: z.string(),
    amount: money,
    items: z.array(purchaseLine),
    locationId: z.string().nullable(),
    staffId: z.string().nullable(),
    occurredAt: z.date(),
    points: z.number().int(),
    breakdown,
    refunded: money,
    pointsReturned: z.number().int(),
    availableAt: z.date().nullable().describe("when the purchase's points become spendable"),
    returns: z.array(purchaseReturn),
  })
  .meta({ id: "Purchase" });

export const purchaseResult = z.object({
  purchase,
  replayed: z.boolean().describe("true when this receipt was already recorded: nothing was written again"),
  balance: balance.nullable(),
});

export const previewResult = z.object({
  memberId: z.string(),
  breakdown,
  pendingDays: z.number().int(),
  balance: balance.nullable(),
  tier: z.object({ id: z.string(), name: z.string(), discountBp: z.number().int() }).nullable(),
});

export const returnInput = z
  .strictObject({
    returnNumber: z.string().trim().min(1, "is required").max(100),
    amount: moneyInput.optional(),
    lines: z
      .array(z.strictObject({ index: z.number().int().min(0), quantity: z.number().int().min(1, "must be at least 1") }))
      .max(500)
      .optional(),
    locationId: z.string().max(100).nullable().optional(),
    occurredAt: isoDateTime.optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.amount === !r.lines?.length) ctx.addIssue({ code: "custom", path: ["amount"], message: "give either amount or lines" });
    if (r.amount && r.amount.amount <= 0) ctx.addIssue({ code: "custom", path: ["amount", "amount"], message: "must be more than 0" });
  });

export const returnResult = z.object({ return: purchaseReturn, purchase, replayed: z.boolean(), balance: balance.nullable() });

export const purchaseQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  memberId: z.string().max(100).optional(),
  programId: z.string().max(100).optional(),
  locationId: z.string().max(100).optional(),
  receiptNumber: z.string().max(100).optional(),
});

export type PurchaseInput = z.infer<typeof purchaseInput>;
export type PurchaseRequest = z.infer<typeof purchaseRequest>;
export type PreviewInput = z.infer<typeof previewInput>;
export type ReturnInput = z.infer<typeof returnInput>;
export type Purchase = z.infer<typeof purchase>;
export type BatchItemResult = z.infer<typeof purchaseBatchResult>["results"][number];
