import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { type AdmittedPurchase, admitPurchase, idsByCardOf } from "./purchase-intake.js";
import type { BatchItemResult, PurchaseInput } from "./purchases.schemas.js";
import { type WrittenPurchase, writePurchase } from "./record-purchase.js";

/**
 * Purchases in one transaction per group of this many: one commit for many receipts, while a group
 * holds its members' row locks until it commits (a counter purchase of one of them waits that long:
 * ≈300 ms at full load on the benchmark machine), so groups stay small.
 */
export const BATCH_GROUP_SIZE = 25;

export interface RecordPurchaseBatchOptions {
  db: Db;
  actor: Actor;
  inputs: PurchaseInput[];
  now: Date;
}

/**
 * Many receipts in one request (a till or an e-shop sending what it sold). Each receipt stands
 * alone: the ones that are refused (unknown member, blocked, 409 …) come back with their error and
 * the others are recorded. Receipts are written in groups, one transaction each, ordered by member
 * so that concurrent batches lock members in the same order (no deadlocks); a member's receipts
 * keep their order. A group with a refused receipt is rolled back and redone one receipt per
 * transaction, so the refusal touches nothing else. Receipt numbers keep it idempotent: a batch
 * sent again after a failure replays what was recorded.
 */
export async function recordPurchaseBatch(opts: RecordPurchaseBatchOptions) {
  const { db, actor, now } = opts;
  const results: BatchItemResult[] = opts.inputs.map((input, index) => ({
    index,
    receiptNumber: input.receiptNumber,
    status: "failed",
    purchaseId: null,
    memberId: null,
    points: null,
    error: null,
  }));
  const refuse = (index: number, err: AppError) => {
    const result = results[index] as BatchItemResult;
    const details = err.details.length
      ? err.details.map((d) => ({ ...d, path: `purchases.${index}.${d.path}` }))
      : [detail(`purchases.${index}`, "purchase_refused", { reason: err.message })];
    result.error = { code: err.code, message: err.message, details };
  };
  const admitted: ({ index: number; input: PurchaseInput } & AdmittedPurchase)[] = [];
  const idByCard = await idsByCardOf(db, actor.companyId, opts.inputs);
  for (const [index, input] of opts.inputs.entries()) {
    try {
      admitted.push({ index, input, ...admitPurchase(input, now, idByCard) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refuse(index, err);
    }
  }
  admitted.sort((x, y) => (x.memberId < y.memberId ? -1 : x.memberId > y.memberId ? 1 : x.index - y.index));
  const record = (index: number, written: WrittenPurchase) => {
    Object.assign(results[index] as BatchItemResult, {
      status: written.replayed ? "replayed" : "created",
      purchaseId: written.purchase.id,
      memberId: written.purchase.memberId,
      points: written.purchase.points,
    });
  };
  const write = (tx: Queryable, item: (typeof admitted)[number]) => writePurchase(tx, { actor, now, ...item, withBalance: false });
  for (let start = 0; start < admitted.length; start += BATCH_GROUP_SIZE) {
    const group = admitted.slice(start, start + BATCH_GROUP_SIZE);
    const written = await db
      .transaction(async (tx) => {
        const out: WrittenPurchase[] = [];
        for (const item of group) out.push(await write(tx, item));
        return out;
      })
      .catch((err) => {
        if (err instanceof AppError) return null;
        throw err;
      });
    for (const [i, item] of group.entries()) {
      if (written) {
        record(item.index, written[i] as WrittenPurchase);
        continue;
      }
      try {
        record(item.index, await db.transaction((tx) => write(tx, item)));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refuse(item.index, err);
      }
    }
  }
  const count = (status: BatchItemResult["status"]) => results.filter((r) => r.status === status).length;
  return { created: count("created"), replayed: count("replayed"), failed: count("failed"), results };
}
