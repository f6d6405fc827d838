import { randomBytes, randomFillSync } from "node:crypto";
import { encodeTime, ulid } from "ulid";

/** Type-prefixed, time-sortable public ids (loc_01j…): readable in logs, sortable for cursors. */
export type IdPrefix =
  | "cmp"
  | "stf"
  | "inv"
  | "loc"
  | "key"
  | "aud"
  | "evt"
  | "med"
  | "req"
  | "ses"
  | "mbr"
  | "cfd"
  | "cns"
  | "cnl"
  | "prg"
  | "tir"
  | "rul"
  | "led"
  | "pur"
  | "ret"
  | "tch"
  | "rwd"
  | "stm"
  | "vpl"
  | "rdm"
  | "msg"
  | "cmpg"
  | "tpl"
  | "mse"
  | "msu"
  | "mac"
  | "maa"
  | "pge"
  | "psb"
  | "prq"
  | "scn"
  | "arn"
  | "whe"
  | "whd"
  | "shp"
  | "shd";

/**
 * ulid's default generator asks the system for one random byte per character (16 calls an id, a
 * measurable share of a purchase); drawing the same bytes from a 4 KiB pool refilled from the
 * same source keeps them as random at a fraction of the cost.
 */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
function pooledRandom(): number {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return (pool[poolAt++] as number) / 256;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid(undefined, pooledRandom).toLowerCase()}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * The least id of this prefix made at or after `at`: "id >= idsFrom(…)" narrows a read of recent
 * rows to the primary key's range (company_id, id). The ids' time is the wall clock's, so callers
 * pass a moment early enough for the rows they want (a row's own time may precede its id's).
 */
export function idsFrom(prefix: IdPrefix, at: Date): string {
  return `${prefix}_${encodeTime(Math.max(0, at.getTime()), 10).toLowerCase()}`;
}

/**
 * Where to start idsFrom for rows whose own time is `from` or later and at most minutes ahead of
 * their id (purchases, ledger entries, messages), in a read of the last 30 days: 31 days before
 * the wall clock, or before `from` when an application clock runs behind it (tests, demos).
 */
export function recentIdsFloor(from: Date): Date {
  return new Date(Math.min(from.getTime(), Date.now() - 31 * 86_400_000) - 10 * 60_000);
}
