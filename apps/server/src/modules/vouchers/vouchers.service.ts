import { randomInt } from "node:crypto";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { empty, sql } from "../../platform/sql.js";

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_PATTERN = /^[A-Za-z0-9_-]{4,64}$/;

export interface CodeRow {
  code: string;
  pool_id: string;
  status: "available" | "issued" | "used" | "expired" | "void";
  expires_at: Date | null;
  member_id: string | null;
  redemption_id: string | null;
  issued_at: Date | null;
  used_at: Date | null;
  used_location_id: string | null;
}

/** An issued code past its expiry reads as expired, whether or not a job has marked it yet. */
export function effectiveStatus(r: CodeRow, now: Date): CodeRow["status"] {
  if ((r.status === "available" || r.status === "issued") && r.expires_at && r.expires_at <= now) return "expired";
  return r.status;
}

export const toCode = (r: CodeRow, now: Date) => ({
  code: r.code,
  poolId: r.pool_id,
  status: effectiveStatus(r, now),
  expiresAt: r.expires_at,
  memberId: r.member_id,
  redemptionId: r.redemption_id,
  issuedAt: r.issued_at,
  usedAt: r.used_at,
  usedLocationId: r.used_location_id,
});

export async function describePool(db: Queryable, companyId: string, poolId: string, now: Date) {
  const [p] = await db.query<{ id: string; name: string; low_threshold: number; created_at: Date }>(
    sql`select * from voucher_pools where company_id = ${companyId} and id = ${poolId}`,
  );
  if (!p) throw notFound("Code pool");
  const rows = await db.query<{ status: string; n: number }>(
    sql`select case when status in ('available', 'issued') and expires_at <= ${now} then 'expired' else status end as status,
            count(*)::int as n
       from voucher_codes where company_id = ${companyId} and pool_id = ${poolId} group by 1`,
  );
  const counts = { available: 0, issued: 0, used: 0, expired: 0, void: 0 };
  for (const r of rows) counts[r.status as keyof typeof counts] += r.n;
  return {
    id: p.id,
    name: p.name,
    lowThreshold: p.low_threshold,
    counts,
    low: counts.available <= p.low_threshold,
    createdAt: p.created_at,
  };
}

export async function listPools(db: Db, actor: Actor, now: Date) {
  const pools = await db.query<{ id: string }>(
    sql`select id from voucher_pools where company_id = ${actor.companyId} order by created_at, id`,
  );
  return Promise.all(pools.map((p) => describePool(db, actor.companyId, p.id, now)));
}

export async function createPool(opts: { db: Db; actor: Actor; name: string; lowThreshold: number; now: Date }) {
  const { actor } = opts;
  const id = newId("vpl");
  await opts.db.transaction(async (tx) => {
    await tx.query(
      sql`insert into voucher_pools (company_id, id, name, low_threshold)
        values (${actor.companyId}, ${id}, ${opts.name}, ${opts.lowThreshold})`,
    );
    await recordAudit(tx, actor, {
      action: "voucher_pool.created",
      entityType: "voucher_pool",
      entityId: id,
      changes: { name: opts.name },
    });
  });
  return describePool(opts.db, actor.companyId, id, opts.now);
}

/** A line of an import that added no code, and why. */
export interface SkippedLine {
  line: number;
  reason: "header" | "blank" | "duplicate_in_file" | "already_in_pool";
}

/**
 * A header names the columns exactly (`code` or `code,expires_at`, any case): a first line merely
 * starting with "code" may be a code (CODE-0001) and must be imported, not dropped.
 */
function isHeader(line: string): boolean {
  const cells = line.split(",").map((c) => c.trim().toLowerCase());
  return cells[0] === "code" && (cells.length === 1 || (cells.length === 2 && cells[1] === "expires_at"));
}

/**
 * Imports codes from CSV text (code[,expires_at] per line). The file is checked whole first: any
 * invalid line refuses the import naming the lines, and nothing is written. Codes the pool already
 * has are skipped, so importing the same file twice changes nothing; a code that another pool of
 * the company holds is refused (a code identifies one voucher).
 * Every line that adds no code (header, blank, duplicate, already in the pool) is reported in
 * `skipped` with its number, so nothing is dropped silently.
 * Written by hand: two columns without quoting need no CSV library.
 */
export async function importCodes(opts: { db: Db; actor: Actor; poolId: string; csv: string; now: Date }) {
  const { actor } = opts;
  const lines = opts.csv.split(/\r?\n/).map((l) => l.trim());
  const parsed: { code: string; expiresAt: Date | null; line: number }[] = [];
  const problems: ErrorDetail[] = [];
  const skipped: SkippedLine[] = [];
  lines.forEach((line, i) => {
    // The line break that ends the file leaves an empty last "line": not one the user wrote.
    if (!line) {
      if (i < lines.length - 1) skipped.push({ line: i + 1, reason: "blank" });
      return;
    }
    if (i === 0 && isHeader(line)) {
      skipped.push({ line: 1, reason: "header" });
      return;
    }
    const [code = "", expiry, ...rest] = line.split(",").map((s) => s.trim());
    if (rest.length > 0 || !CODE_PATTERN.test(code)) {
      problems.push(detail(`csv.line ${i + 1}`, "csv_bad_line", { text: line.slice(0, 80) }));
      return;
    }
    const expiresAt = expiry ? new Date(expiry) : null;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) {
      problems.push(detail(`csv.line ${i + 1}`, "csv_bad_date", { value: expiry ?? "" }));
      return;
    }
    parsed.push({ code: code.toUpperCase(), expiresAt, line: i + 1 });
  });
  if (problems.length > 0)
    throw new AppError(
      "validation_failed",
      `The file has ${problems.length} invalid line(s); nothing was imported`,
      problems.slice(0, 100),
    );
  if (parsed.length === 0) throw new AppError("validation_failed", "csv: the file has no codes", [detail("csv", "csv_no_codes")]);
  const seen = new Set<string>();
  const duplicatesInFile = new Set<string>();
  const unique = parsed.filter((p) => {
    if (seen.has(p.code)) {
      duplicatesInFile.add(p.code);
      skipped.push({ line: p.line, reason: "duplicate_in_file" });
      return false;
    }
    seen.add(p.code);
    return true;
  });
  return opts.db.transaction(async (tx) => {
    const [pool] = await tx.query(
      sql`select id from voucher_pools where company_id = ${actor.companyId} and id = ${opts.poolId} for update`,
    );
    if (!pool) throw notFound("Code pool");
    const existing = await tx.query<{ code: string; pool_id: string }>(
      sql`select code, pool_id from voucher_codes where company_id = ${actor.companyId} and code = any(${unique.map((u) => u.code)})`,
    );
    const elsewhere = existing.filter((e) => e.pool_id !== opts.poolId);
    if (elsewhere.length > 0) {
      throw new AppError(
        "conflict",
        `${elsewhere.length} code(s) already belong to another pool; nothing was imported`,
        elsewhere.slice(0, 100).map((e) => detail("csv", "csv_other_pool", { code: e.code })),
      );
    }
    const present = new Set(existing.map((e) => e.code));
    const fresh = unique.filter((u) => !present.has(u.code));
    for (let i = 0; i < fresh.length; i += 1000) {
      const chunk = fresh.slice(i, i + 1000);
      await tx.query(
        sql`insert into voucher_codes (company_id, pool_id, code, expires_at)
         select ${actor.companyId}, ${opts.poolId}, c, e
           from unnest(${chunk.map((c) => c.code)}::text[], ${chunk.map((c) => c.expiresAt)}::timestamptz[]) as t(c, e)`,
      );
    }
    await rearmLowPool(tx, actor.companyId, opts.poolId, opts.now);
    await recordAudit(tx, actor, {
      action: "voucher_pool.imported",
      entityType: "voucher_pool",
      entityId: opts.poolId,
      changes: { imported: fresh.length, alreadyInPool: present.size },
    });
    for (const u of unique) if (present.has(u.code)) skipped.push({ line: u.line, reason: "already_in_pool" });
    skipped.sort((x, y) => x.line - y.line);
    return { imported: fresh.length, alreadyInPool: present.size, duplicatesInFile: [...duplicatesInFile], skipped };
  });
}

export async function generateCodes(opts: {
  db: Db;
  actor: Actor;
  poolId: string;
  count: number;
  prefix: string;
  length: number;
  expiresAt: Date | null;
  now: Date;
}) {
  const { actor } = opts;
  return opts.db.transaction(async (tx) => {
    const [pool] = await tx.query(
      sql`select id from voucher_pools where company_id = ${actor.companyId} and id = ${opts.poolId} for update`,
    );
    if (!pool) throw notFound("Code pool");
    let made = 0;
    // Random codes; a rare collision with an existing code is simply drawn again.
    for (let attempts = 0; made < opts.count && attempts < 10; attempts++) {
      const batch = Array.from(
        { length: Math.min(1000, opts.count - made) },
        () => opts.prefix + Array.from({ length: opts.length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(""),
      );
      const inserted = await tx.query(
        sql`insert into voucher_codes (company_id, pool_id, code, expires_at)
         select ${actor.companyId}, ${opts.poolId}, c, ${opts.expiresAt}::timestamptz from unnest(${batch}::text[]) as t(c)
         on conflict do nothing returning code`,
      );
      made += inserted.length;
      if (inserted.length > 0) attempts = 0;
    }
    await rearmLowPool(tx, actor.companyId, opts.poolId, opts.now);
    await recordAudit(tx, actor, {
      action: "voucher_pool.generated",
      entityType: "voucher_pool",
      entityId: opts.poolId,
      changes: { count: made, prefix: opts.prefix, length: opts.length },
    });
    return { generated: made };
  });
}

export async function listCodes(opts: {
  db: Db;
  actor: Actor;
  poolId: string;
  status?: CodeRow["status"];
  q?: string;
  limit: number;
  cursor?: string;
  now: Date;
}) {
  const { actor, now } = opts;
  await describePool(opts.db, actor.companyId, opts.poolId, now);
  const cursor = opts.cursor ?? null;
  const status = opts.status ?? null;
  const q = opts.q?.trim().toUpperCase() || null;
  const rows = await opts.db.query<CodeRow>(
    sql`select * from voucher_codes
      where company_id = ${actor.companyId} and pool_id = ${opts.poolId} and (${cursor}::text is null or code > ${cursor})
        and (${q}::text is null or strpos(upper(code), ${q}::text) > 0)
        and (${status}::text is null
             or (case when status in ('available', 'issued') and expires_at <= ${now} then 'expired' else status end) = ${status})
      order by code limit ${opts.limit + 1}`,
  );
  const data = rows.slice(0, opts.limit).map((r) => toCode(r, now));
  return { data, nextCursor: rows.length > opts.limit ? (data[data.length - 1]?.code ?? null) : null };
}

/** Codes of a pool that can still be issued: available and unexpired at `now`. */
const usableCodes = (companyId: string, poolId: string, now: Date) =>
  sql`company_id = ${companyId} and pool_id = ${poolId} and status = 'available' and (expires_at is null or expires_at > ${now})`;

/**
 * Claims `quantity` available, unexpired codes for a redemption; refuses when there are too few.
 * The claim also locks the pool's row, so redemptions of one pool decide the low-pool event one
 * after another: the count after the claim (a statement of its own, seeing every earlier commit)
 * is exact, and `low_notified` makes the event fire once per crossing of the threshold.
 */
export async function claimCodes(
  tx: Queryable,
  opts: { companyId: string; poolId: string; quantity: number; memberId: string; redemptionId: string; now: Date },
): Promise<string[]> {
  const rows = await tx.query<{ code: string }>(
    sql`with pool as (select id from voucher_pools where company_id = ${opts.companyId} and id = ${opts.poolId} for update)
      select c.code from voucher_codes c
      where ${usableCodes(opts.companyId, opts.poolId, opts.now)} and exists (select 1 from pool)
      order by c.created_at, c.code limit ${opts.quantity} for update of c skip locked`,
  );
  if (rows.length < opts.quantity)
    throw new AppError("out_of_codes", "No voucher codes left for this reward; no points were spent", [
      detail("rewardId", "code_pool_empty"),
    ]);
  const codes = rows.map((r) => r.code);
  // One statement: the claim and the usable codes left (its snapshot still sees the claimed codes
  // as available, hence minus quantity), with the pool's threshold and whether it has notified.
  const [left] = await tx.query<{ n: number; low_threshold: number; low_notified: boolean }>(
    sql`with claimed as (
        update voucher_codes
           set status = 'issued', member_id = ${opts.memberId}, redemption_id = ${opts.redemptionId}, issued_at = ${opts.now}
         where company_id = ${opts.companyId} and code = any(${codes})
      )
      select (select count(*)::int from voucher_codes where ${usableCodes(opts.companyId, opts.poolId, opts.now)}) - ${opts.quantity}::int as n,
             p.low_threshold, p.low_notified
        from voucher_pools p where p.company_id = ${opts.companyId} and p.id = ${opts.poolId}`,
  );
  if (left && left.n <= left.low_threshold && !left.low_notified) {
    await tx.query(sql`update voucher_pools set low_notified = true where company_id = ${opts.companyId} and id = ${opts.poolId}`);
    await emitEvent(tx, {
      companyId: opts.companyId,
      type: "voucher_pool.low",
      entityType: "voucher_pool",
      entityId: opts.poolId,
      payload: { available: left.n, threshold: left.low_threshold },
    });
  }
  return codes;
}

/**
 * After codes were added (the caller holds the pool's row lock): a pool back above its threshold
 * may notify again when it next falls to it.
 */
async function rearmLowPool(tx: Queryable, companyId: string, poolId: string, now: Date): Promise<void> {
  await tx.query(
    sql`update voucher_pools p set low_notified = false
      where p.company_id = ${companyId} and p.id = ${poolId} and p.low_notified
        and (select count(*) from voucher_codes where ${usableCodes(companyId, poolId, now)}) > p.low_threshold`,
  );
}

/** Cancelled redemptions void their codes: a code once shown may have been copied, so it is never reissued. */
export async function voidCodes(tx: Queryable, companyId: string, redemptionId: string): Promise<string[]> {
  const rows = await tx.query<{ code: string }>(
    sql`update voucher_codes set status = 'void'
      where company_id = ${companyId} and redemption_id = ${redemptionId} and status = 'issued' returning code`,
  );
  return rows.map((r) => r.code);
}

export async function codesOfRedemption(db: Queryable, companyId: string, redemptionId: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    sql`select code from voucher_codes where company_id = ${companyId} and redemption_id = ${redemptionId} order by code`,
  );
  return rows.map((r) => r.code);
}

const FOR_UPDATE = sql`for update`;

export async function loadCode(db: Queryable, companyId: string, code: string, lock = false): Promise<CodeRow> {
  const [row] = await db.query<CodeRow>(
    sql`select * from voucher_codes where company_id = ${companyId} and code = ${code.trim().toUpperCase()} ${lock ? FOR_UPDATE : empty}`,
  );
  if (!row) throw notFound("Voucher code");
  return row;
}

/** Marks an issued code used at a location (the redemptions module's useCode decides when). */
export async function markCodeUsed(tx: Queryable, companyId: string, code: string, locationId: string | null, now: Date): Promise<void> {
  await tx.query(
    sql`update voucher_codes set status = 'used', used_at = ${now}, used_location_id = ${locationId}
      where company_id = ${companyId} and code = ${code}`,
  );
}

export async function voucherPoolExists(db: Queryable, companyId: string, poolId: string): Promise<boolean> {
  const rows = await db.query(sql`select 1 from voucher_pools where company_id = ${companyId} and id = ${poolId}`);
  return rows.length > 0;
}

/** The codes a redemption could still claim now: available and not expired (an e-voucher's stock). */
export async function availableCodes(db: Queryable, companyId: string, poolId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from voucher_codes
      where company_id = ${companyId} and pool_id = ${poolId} and status = 'available' and (expires_at is null or expires_at > now())`,
  );
  return row?.n ?? 0;
}

/** The codes issued with each of these redemptions, with how long each is valid (the member's "My rewards"). */
export async function codesOfRedemptions(
  db: Queryable,
  companyId: string,
  redemptionIds: readonly string[],
): Promise<Map<string, { code: string; expiresAt: Date | null; status: CodeRow["status"] }[]>> {
  const out = new Map<string, { code: string; expiresAt: Date | null; status: CodeRow["status"] }[]>();
  if (redemptionIds.length === 0) return out;
  const rows = await db.query<{ redemption_id: string; code: string; expires_at: Date | null; status: CodeRow["status"] }>(
    sql`select redemption_id, code, expires_at, status from voucher_codes
      where company_id = ${companyId} and redemption_id = any(${[...new Set(redemptionIds)]}::text[]) order by code`,
  );
  for (const r of rows)
    out.set(r.redemption_id, [...(out.get(r.redemption_id) ?? []), { code: r.code, expiresAt: r.expires_at, status: r.status }]);
  return out;
}
