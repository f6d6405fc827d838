/**
 * B_sql: the SQL each benchmarked operation needs, run directly against the database. The same
 * text is written out as a pgbench custom script (PostgreSQL) and bound to $n parameters for the
 * direct loop (PGlite). `:name` is a variable: `\set` ones are random integers per transaction,
 * the rest (cid, pid, rid, tag) are fixed per run (pgbench -D).
 */

import { openLotSumsSql, openLotsOf } from "../../apps/server/src/modules/ledger/open-lot-sums.js";
import { QUALIFYING_ENTRY, QUALIFYING_SUMS } from "../../apps/server/src/modules/ledger/qualifying.js";
import { raw } from "../../apps/server/src/platform/sql.js";

export type SqlOp = "purchase" | "balance" | "redeem" | "searchCard" | "searchPhone" | "searchName";

interface OpDef {
  /** Random integers per transaction: name -> [min, max]; max may name a fixed variable. */
  sets: Record<string, [number, number | string]>;
  statements: string[];
  transaction: boolean;
  vars: (fixed: Record<string, string | number>, client: number, seq: number) => Record<string, string | number>;
}

const MID = "'mbr_' || lpad(:m::text, 10, '0')";

function randomVars(sets: OpDef["sets"]) {
  return (fixed: Record<string, string | number>, client: number, seq: number) => {
    const out: Record<string, string | number> = { client_id: client, seq };
    for (const [name, [min, max]] of Object.entries(sets)) {
      const hi = typeof max === "string" ? Number(fixed[max]) : max;
      out[name] = min + Math.floor(Math.random() * (hi - min + 1));
    }
    return out;
  };
}

function op(def: Omit<OpDef, "vars">): OpDef {
  return { ...def, vars: randomVars(def.sets) };
}

/** Name fragments the load generators search for (stems of the generated surnames, folded). */
export const NAME_FRAGMENTS = ["kowal", "nowak", "wisniew", "kamin", "zielin", "mazur", "krawczyk", "wrobel", "dudek", "sikor"];
const NAMES_SQL = `(array[${NAME_FRAGMENTS.map((n) => `'${n}'`).join(",")}])`;

export const SQL_OPS: Record<SqlOp, OpDef> = {
  // The purchase transaction's irreducible SQL: lock the member (with the company's configuration
  // version: program, company, tiers and rules are the process's, finding 39), lock the enrollment,
  // write purchase + ledger entry + lot, update the cached totals, sum the open lots (the balance
  // the response carries), read the tier total, audit and outbox rows.
  purchase: op({
    transaction: true,
    sets: { m: [1, "members"], amt: [500, 50000], r: [1, 1_000_000_000_000] },
    statements: [
      `select id, status, tags, (select config_version from companies where id = :cid) from members where company_id = :cid and id = ${MID} for update`,
      `select * from enrollments where company_id = :cid and program_id = :pid and member_id = ${MID} for update`,
      `insert into purchases (company_id, id, program_id, member_id, receipt_number, amount_minor, currency, items, occurred_at, points, breakdown, fingerprint)
       values (:cid, 'pur_b' || :tag || :client_id || '_' || :r, :pid, ${MID}, 'B' || :tag || :client_id || '_' || :r, :amt::bigint, 'PLN', '[]', now(), :amt::bigint / 100, '{}', 'x')`,
      `insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, actor_type, actor_name, available_at, expires_at, money_minor, occurred_at)
       values (:cid, 'led_b' || :tag || :client_id || '_' || :r, :pid, ${MID}, 'earn', :amt::bigint / 100, 'purchase', 'pur_b' || :tag || :client_id || '_' || :r, 'api_key', 'bench', now(), now() + interval '365 days', :amt::bigint, now())`,
      `insert into point_lots (company_id, id, program_id, member_id, points, remaining, available_at, expires_at)
       values (:cid, 'led_b' || :tag || :client_id || '_' || :r, :pid, ${MID}, :amt::bigint / 100, :amt::bigint / 100, now(), now() + interval '365 days')`,
      `update enrollments set lifetime_earned = lifetime_earned + :amt::bigint / 100
        where company_id = :cid and program_id = :pid and member_id = ${MID}`,
      openLotSumsSql(openLotsOf(raw(":cid"), raw(":pid"), raw(MID), raw("now()")), raw("now()")).text,
      `select coalesce(sum(points), 0) from ledger_entries where company_id = :cid and member_id = ${MID} and program_id = :pid and occurred_at >= date_trunc('year', now())`,
      `insert into audit_log (company_id, id, actor_type, actor_name, action, entity_type, entity_id, changes)
       values (:cid, 'aud_b' || :tag || :client_id || '_' || :r, 'api_key', 'bench', 'purchase.recorded', 'purchase', 'pur_b' || :r, '{}')`,
      `insert into events (id, company_id, type, entity_type, entity_id, payload) values ('evt_b' || :tag || :client_id || '_' || :r, :cid, 'purchase.recorded', 'purchase', 'pur_b' || :r, '{}')`,
    ],
  }),
  balance: op({
    transaction: false,
    sets: { m: [1, "members"] },
    statements: [
      `select lifetime_earned, spent, expired, debt, tier_id from enrollments where company_id = :cid and program_id = :pid and member_id = ${MID}`,
    ],
  }),
  // The redemption's irreducible SQL (the bench reward: 10 points, global stock): lock the member
  // (with the configuration version), read the reward, lock the enrollment and its available lots,
  // then one statement for the debit (entry, the points taken from the soonest-expiring lot, its
  // allocation, the enrollment's spent total) with the redemption, audit and outbox rows and the
  // open-lot sums, and last the stock taken with its movement row. A member with no available lot
  // of 10 points gets no debit (the app refuses them): the ledger stays consistent for verify-balances.
  redeem: op({
    transaction: true,
    sets: { m: [1, "members"], r: [1, 1_000_000_000_000] },
    statements: [
      `select id, status, tags, (select config_version from companies where id = :cid) from members where company_id = :cid and id = ${MID} for update`,
      "select * from rewards where company_id = :cid and id = :rid",
      `select * from enrollments where company_id = :cid and program_id = :pid and member_id = ${MID} for update`,
      `select id, remaining from point_lots where company_id = :cid and program_id = :pid and member_id = ${MID} and remaining > 0
         and (expires_at is null or expires_at > now()) and available_at <= now() order by expires_at nulls last, available_at, id for update`,
      `with lot as (
         select id from point_lots where company_id = :cid and program_id = :pid and member_id = ${MID} and remaining >= 10
            and (expires_at is null or expires_at > now()) and available_at <= now() order by expires_at nulls last, available_at, id limit 1),
       entry as (
         insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, actor_type, actor_name, occurred_at)
         select :cid, 'led_r' || :tag || :client_id || '_' || :r, :pid, ${MID}, 'spend', -10, 'redemption', 'rdm_b' || :tag || :client_id || '_' || :r, 'api_key', 'bench', now()
           from lot
         returning id),
       taken as (update point_lots l set remaining = l.remaining - 10 from lot where l.company_id = :cid and l.id = lot.id),
       allocated as (insert into lot_allocations (company_id, entry_id, lot_id, points) select :cid, entry.id, lot.id, 10 from entry, lot),
       totals as (
         update enrollments set spent = spent + 10
          where company_id = :cid and program_id = :pid and member_id = ${MID} and exists (select 1 from lot)),
       recorded as (
         insert into redemptions (company_id, id, program_id, member_id, reward_id, quantity, points, location_id, ledger_entry_id, created_by, created_at)
         select :cid, 'rdm_b' || :tag || :client_id || '_' || :r, :pid, ${MID}, :rid, 1, 10, null, entry.id, null, now() from entry),
       audited as (
         insert into audit_log (company_id, id, actor_type, actor_name, action, entity_type, entity_id, changes)
         values (:cid, 'aud_r' || :tag || :client_id || '_' || :r, 'api_key', 'bench', 'reward.redeemed', 'redemption', 'rdm_b' || :r, '{}')),
       evented as (
         insert into events (id, company_id, type, entity_type, entity_id, payload)
         values ('evt_r' || :tag || :client_id || '_' || :r, :cid, 'reward.redeemed', 'redemption', 'rdm_b' || :r, '{}'),
                ('evt_s' || :tag || :client_id || '_' || :r, :cid, 'points.deducted', 'member', ${MID}, '{}'))
       ${openLotSumsSql(openLotsOf(raw(":cid"), raw(":pid"), raw(MID), raw("now()")), raw("now()")).text}`,
      `with changed as (update rewards set stock = stock - 1 where company_id = :cid and id = :rid and stock - 1 >= 0 returning stock)
       insert into reward_stock_movements (company_id, id, reward_id, location_id, kind, quantity, stock_after, reason, redemption_id, actor_name)
       select :cid, 'stm_b' || :tag || :client_id || '_' || :r, :rid, null, 'redemption', -1, stock, null, 'rdm_b' || :tag || :client_id || '_' || :r, 'bench' from changed`,
    ],
  }),
  searchCard: op({
    transaction: false,
    sets: { m: [1, "members"] },
    statements: [
      "select * from members where company_id = :cid and card_number like 'RB' || lpad(:m::text, 9, '0') || '%' order by id desc limit 21",
    ],
  }),
  searchPhone: op({
    transaction: false,
    sets: { m: [1, "members"] },
    statements: [
      "select * from members where company_id = :cid and phone like left('+485' || lpad(((:m::bigint * 7919) % 100000000)::text, 8, '0'), 9) || '%' order by id desc limit 21",
    ],
  }),
  searchName: op({
    transaction: false,
    sets: { k: [1, NAME_FRAGMENTS.length] },
    statements: [
      `select * from members where company_id = :cid and search_name like '%' || ${NAMES_SQL}[:k] || '%' order by id desc limit 21`,
    ],
  }),
};

/**
 * B_sql of the scheduled jobs: the work each job must do, as one statement over every member with
 * no chunks, no locks and no budget, on a copy of the data set with nothing else running. It is an
 * upper bound (the jobs run next to purchase intake and must keep their locks short), and it
 * tells whether a target is within this machine's reach at all. `$1` is the job's time.
 */
export const JOB_BASELINES = {
  // What expireDuePoints writes for every due lot: its `expire` entry and allocation, the lot
  // emptied, and the member's expired total (expireChunkSql without the chunk and its locks).
  expiry: `
with numbered as (
  select company_id, id, program_id, member_id, remaining, expires_at,
         $2::text || lpad((row_number() over ())::text, 10, '0') as entry_id
    from point_lots where remaining > 0 and expires_at is not null and expires_at <= $1
),
entries as (
  insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, actor_type, actor_id, actor_name, occurred_at)
  select company_id, entry_id, program_id, member_id, 'expire', -remaining, 'expiry', id, 'system', null, 'bench', expires_at from numbered
  returning 1
),
emptied as (update point_lots l set remaining = 0 from numbered n where l.company_id = n.company_id and l.id = n.id returning 1),
allocations as (insert into lot_allocations (company_id, entry_id, lot_id, points) select company_id, entry_id, id, remaining from numbered returning 1),
totals as (select company_id, program_id, member_id, sum(remaining) as total from numbered group by company_id, program_id, member_id),
updated as (
  update enrollments e set expired = e.expired + t.total from totals t
   where e.company_id = t.company_id and e.program_id = t.program_id and e.member_id = t.member_id returning 1
)
select (select count(*) from updated)::int as members, (select count(*) from entries)::int as lots,
       (select count(*) from emptied)::int + (select count(*) from allocations)::int as writes`,
  // What reevaluateAllTiers reads for every enrollment: its qualifying sums of the calendar year
  // (the bench program's period) in the company's time zone, from ledger_entries_qualifying_idx;
  // the sums are used, or PostgreSQL would drop the join (its key is unique) and read nothing.
  tiers: `
select count(*)::int as members, coalesce(sum(s.points), 0)::bigint as points
  from enrollments e
  left join (
    select l.member_id, ${QUALIFYING_SUMS.text}
      from ledger_entries l
     where l.company_id = $2 and l.program_id = $3 and ${QUALIFYING_ENTRY.text}
       and l.occurred_at >= (select (date_trunc('year', $1::timestamptz at time zone time_zone)) at time zone time_zone from companies where id = $2)
     group by l.member_id) s on s.member_id = e.member_id
 where e.company_id = $2 and e.program_id = $3`,
};

/** ":name" -> "$n" with the values in order (a "::type" cast is left alone). */
export function bindNamed(text: string, vars: Record<string, string | number>): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const index = new Map<string, number>();
  const out = text.replace(/(?<![:\w]):([a-zA-Z_][a-zA-Z0-9_]*)/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`no value for :${name}`);
    let i = index.get(name);
    if (i === undefined) {
      params.push(vars[name]);
      i = params.length;
      index.set(name, i);
    }
    return `$${i}`;
  });
  return { text: out, params };
}

/** The op as a pgbench custom script. */
export function pgbenchScript(name: SqlOp): string {
  const def = SQL_OPS[name];
  const lines = Object.entries(def.sets).map(
    ([v, [min, max]]) => `\\set ${v} random(${min}, ${typeof max === "string" ? `:${max}` : max})`,
  );
  const stmts = def.statements.map((s) => `${s.replace(/\s*\n\s*/g, " ")};`);
  return [...lines, ...(def.transaction ? ["BEGIN;", ...stmts, "END;"] : stmts), ""].join("\n");
}
