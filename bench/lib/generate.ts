import type { Db } from "../../apps/server/src/platform/db.js";

/**
 * The benchmark data set, generated inside the database with set-based SQL (INSERT … SELECT over
 * generate_series), so a million members take seconds to minutes rather than hours.
 *
 * Deterministic: every "random" choice is hashint8extended(row number, seed), so the same seed
 * gives the same members, purchases and amounts (times are anchored on the UTC day of the run).
 * Ids are computable ('mbr_' + 10 digits, 'pur_'/'led_' + 12 digits) so pgbench scripts and load
 * generators can address any row without reading the database.
 *
 * Purchases come in time order over the last 400 days, as a live installation receives them: row j
 * is later than row j-1, so the heap order of purchases, entries and lots is their time order (and
 * lots due on one day lie together, as the expiry job finds them in production). Generator 1 drew
 * each purchase's time at random, which scattered a day's lots over the whole table.
 *
 * Consistent with the ledger invariants (npm run regulars -- verify-balances passes): each purchase
 * has one `earn` entry carrying its money, one lot of the same id (remaining = points, nothing spent
 * yet), and the enrollment's lifetime_earned is the sum of its earn entries. About 9 % of the lots
 * are past their expiry (purchases older than 365 days) and still unexpired: the backlog the expiry
 * job benchmark works through. Tiers are set from the last 365 days, so the calendar-year tier job
 * finds a realistic mix of members to keep, upgrade and downgrade.
 */

export interface GenerateOptions {
  companyId: string;
  programId: string;
  currency: string;
  /** Tier ids with thresholds, lowest first. */
  tiers: { id: string; threshold: number }[];
  members: number;
  purchases: number;
  seed: number;
  anchor: Date;
  log?: (msg: string) => void;
}

/** Part of the kept data set's database name: a data set from another generator is not reused. */
export const GENERATOR_VERSION = 2;

export const memberId = (i: number) => `mbr_${String(i).padStart(10, "0")}`;
export const cardNumber = (i: number) => `RB${String(i).padStart(9, "0")}`;
/** Unique per member for i < 10^8: 7919 is coprime with 10^8. */
export const phoneOf = (i: number) => `+485${String((i * 7919) % 100_000_000).padStart(8, "0")}`;

const FIRST = [
  "Anna",
  "Maria",
  "Katarzyna",
  "Małgorzata",
  "Agnieszka",
  "Barbara",
  "Ewa",
  "Krystyna",
  "Elżbieta",
  "Zofia",
  "Joanna",
  "Magdalena",
  "Monika",
  "Teresa",
  "Danuta",
  "Natalia",
  "Karolina",
  "Aleksandra",
  "Marta",
  "Beata",
  "Piotr",
  "Krzysztof",
  "Andrzej",
  "Tomasz",
  "Paweł",
  "Jan",
  "Michał",
  "Marcin",
  "Stanisław",
  "Jakub",
  "Adam",
  "Marek",
  "Łukasz",
  "Grzegorz",
  "Mateusz",
  "Wojciech",
  "Mariusz",
  "Dariusz",
  "Zbigniew",
  "Jerzy",
];
const STEM = [
  "Kowal",
  "Nowak",
  "Wiśniew",
  "Wójc",
  "Kamiń",
  "Lewandow",
  "Zieliń",
  "Szymań",
  "Woźniak",
  "Dąbrow",
  "Kozłow",
  "Jankow",
  "Mazur",
  "Krawczyk",
  "Piotrow",
  "Grabow",
  "Pawłow",
  "Michal",
  "Zając",
  "Król",
  "Wieczor",
  "Jabłoń",
  "Wróbel",
  "Majew",
  "Olszew",
  "Stępień",
  "Malinow",
  "Jaworski",
  "Adam",
  "Dudek",
  "Nowic",
  "Pawlak",
  "Górski",
  "Witkow",
  "Walcz",
  "Sikor",
  "Baran",
  "Rutkow",
  "Michalak",
  "Szewczyk",
];
const SUFFIX = ["ski", "ska", "czyk", "ak", "ek", "owski", "owska", "ewicz", "iak", "uk", "ny", "a"];

const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]`;
/** 0..n-1 from the seeded hash of a row number. */
const pick = (expr: string, salt: number, n: number) => `(abs(hashint8extended((${expr})::bigint, $SEED + ${salt})) % ${n})`;

const TABLES = ["members", "enrollments", "purchases", "ledger_entries", "point_lots"];

/** Secondary indexes of the bulk-loaded tables, dropped while loading and rebuilt at the end (much faster). */
async function dropIndexes(db: Db): Promise<string[]> {
  const rows = await db.query<{ name: string; def: string }>(
    `select c.relname as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
      where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    [TABLES],
  );
  for (const r of rows) await db.exec(`drop index if exists ${r.name}`);
  return rows.map((r) => r.def);
}

export async function generate(db: Db, o: GenerateOptions): Promise<{ ms: number; rows: number }> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const anchor = new Date(Math.floor(o.anchor.getTime() / 86_400_000) * 86_400_000);
  const sub = (sql: string) => sql.replaceAll("$SEED", String(o.seed));
  // FK triggers off while loading (superuser): every reference is correct by construction.
  const bulk = async (sql: string, params: unknown[]) =>
    db.transaction(async (tx) => {
      await tx.query("set local session_replication_role = replica");
      await tx.query("set local work_mem = '256MB'");
      await tx.query(sub(sql), params);
    });
  const indexes = await dropIndexes(db);
  log(`dropped ${indexes.length} secondary indexes for the load`);

  const chunk = 200_000;
  for (let from = 1; from <= o.members; from += chunk) {
    const to = Math.min(o.members, from + chunk - 1);
    await bulk(
      `insert into members (company_id, id, card_number, first_name, last_name, email, phone, referral_code, created_at, updated_at)
       select $1, 'mbr_' || lpad(i::text, 10, '0'), 'RB' || lpad(i::text, 9, '0'),
              (${sqlArray(FIRST)})[1 + ${pick("i", 1, FIRST.length)}],
              (${sqlArray(STEM)})[1 + ${pick("i", 2, STEM.length)}] || (${sqlArray(SUFFIX)})[1 + ${pick("i", 3, SUFFIX.length)}],
              case when i % 3 = 0 then null else 'm' || i || '@example.com' end,
              '+485' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'),
              'RF' || lpad(i::text, 10, '0'),
              $4::timestamptz - make_interval(secs => ${pick("i", 4, 800 * 86400)}), $4::timestamptz
         from generate_series($2::int, $3::int) i`,
      [o.companyId, from, to, anchor],
    );
    await bulk(
      `insert into enrollments (company_id, program_id, member_id, joined_at)
       select $1, $5, 'mbr_' || lpad(i::text, 10, '0'), $4::timestamptz - make_interval(secs => ${pick("i", 4, 800 * 86400)})
         from generate_series($2::int, $3::int) i`,
      [o.companyId, from, to, anchor, o.programId],
    );
    log(`members ${to}/${o.members}`);
  }

  const pchunk = 500_000;
  for (let from = 1; from <= o.purchases; from += pchunk) {
    const to = Math.min(o.purchases, from + pchunk - 1);
    const src = `select j, 'pur_' || lpad(j::text, 12, '0') as pid, 'led_' || lpad(j::text, 12, '0') as lid,
                        'mbr_' || lpad((1 + ${pick("j", 5, o.members)})::text, 10, '0') as mid,
                        500 + ${pick("j", 6, 49_500)} as amount,
                        $4::timestamptz - make_interval(secs => ((${o.purchases} - j)::bigint * ${400 * 86400} / ${o.purchases})::int) as at
                   from generate_series($2::int, $3::int) j`;
    await bulk(
      `insert into purchases (company_id, id, program_id, member_id, receipt_number, amount_minor, currency, items, occurred_at, points, breakdown, fingerprint, ledger_entry_id, created_at)
       select $1, pid, $5, mid, 'R' || j, amount, $6, '[]', at, amount / 100,
              jsonb_build_object('basePoints', amount / 100, 'ruleAwards', '[]'::jsonb, 'totalPoints', amount / 100, 'belowMinimum', false),
              'generated', lid, at
         from (${src}) s`,
      [o.companyId, from, to, anchor, o.programId, o.currency],
    );
    await bulk(
      `insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, reason, actor_type, actor_name, available_at, expires_at, money_minor, occurred_at, created_at)
       select $1, lid, $5, mid, 'earn', amount / 100, 'purchase', pid, 'Receipt R' || j, 'system', 'Generator', at, at + interval '365 days', amount, at, at
         from (${src}) s`,
      [o.companyId, from, to, anchor, o.programId],
    );
    await bulk(
      `insert into point_lots (company_id, id, program_id, member_id, points, remaining, available_at, expires_at, created_at)
       select $1, lid, $5, mid, amount / 100, amount / 100, at, at + interval '365 days', at
         from (${src}) s`,
      [o.companyId, from, to, anchor, o.programId],
    );
    log(`purchases ${to}/${o.purchases}`);
  }

  // Statistics first: without them the planner takes the freshly loaded tables for tiny ones and
  // joins the aggregate below by nested loop (hours at a million members).
  for (const t of TABLES) await db.exec(`analyze ${t}`);
  // Tiers from the last 365 days (the program counts the calendar year): some members move.
  const thresholds = o.tiers.map((t) => t.threshold);
  const ids = o.tiers.map((t) => t.id);
  await bulk(
    `update enrollments e set lifetime_earned = s.earned,
            tier_id = (select id from unnest($3::text[], $4::bigint[]) as t(id, threshold) where t.threshold <= s.recent order by t.threshold desc limit 1),
            tier_since = $5::timestamptz - interval '400 days'
       from (select member_id, sum(points) as earned, coalesce(sum(points) filter (where occurred_at > $5::timestamptz - interval '365 days'), 0) as recent
               from ledger_entries where company_id = $1 and program_id = $2 group by member_id) s
      where e.company_id = $1 and e.program_id = $2 and e.member_id = s.member_id`,
    [o.companyId, o.programId, ids, thresholds, anchor],
  );
  // Setting the totals above wrote a second version of every enrollment; rewritten, each page keeps
  // the free space (fillfactor) a live table keeps by pruning, so updates stay on their page.
  await db.exec("vacuum full enrollments");
  log("enrollment totals and tiers set; rebuilding indexes");
  for (const def of indexes) {
    const t = Date.now();
    await db.transaction(async (tx) => {
      await tx.query("set local maintenance_work_mem = '256MB'");
      await tx.query(def);
    });
    log(`  ${(Date.now() - t) / 1000} s: ${def.slice(0, 90)}`);
  }
  // A live installation's autovacuum marks settled pages all-visible; a freshly loaded table has
  // none, and every index-only scan (the tier sums) would still visit the heap for each row.
  for (const t of TABLES) await db.exec(`vacuum analyze ${t}`);
  const ms = Date.now() - started;
  return { ms, rows: o.members * 2 + o.purchases * 3 };
}
