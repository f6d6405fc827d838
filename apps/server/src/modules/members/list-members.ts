import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { invalidField } from "../../platform/errors.js";
import { empty, join, raw, type Sql, sql } from "../../platform/sql.js";
import { customFieldFilter } from "../custom-fields/custom-fields.service.js";
import { type ListBalanceRow, listBalanceSql, toListBalance } from "../ledger/balances.js";
import { MEMBER_COLUMNS, MEMBER_SELECT, type MemberRow, REFERRER_JOIN, toMember } from "./member-rows.js";
import type { Member, MemberListItem } from "./members.schemas.js";
import { escapeLike, foldForSearch, prefixEnd } from "./members.search.js";
import { getMember } from "./members.service.js";
import { normalizePhone, phoneSearchPrefixes } from "./phone.js";

/** One kind of prefix match in a member search: the indexed column (text_pattern_ops) and the prefix. */
interface Prefix {
  column: Sql;
  /** The column its partial index requires to be set. */
  notNull?: Sql;
  prefix: string;
  /** Behind OFFSET 0 (see branch in listMembers). */
  fence?: boolean;
}

/** How many entries of one prefix's index range a card or phone search reads before it plans for the values instead. */
export const RANGE_READ_BOUND = 200;
// A constant of the statement's text, not a parameter: the planner sizes the range reads by it.
const BOUND = raw(String(RANGE_READ_BOUND));

const CARD_NUMBER = raw("m.card_number");
const EMAIL = raw("m.email");
const LOWER_EMAIL = raw("lower(m.email)");
const PHONE = raw("m.phone");

export interface MemberPage {
  data: Member[];
  nextCursor: string | null;
}

export interface MemberListPage {
  data: MemberListItem[];
  nextCursor: string | null;
}

export interface ListMembersOptions {
  db: Db;
  actor: Actor;
  /** The moment the balances are read at. */
  now: Date;
  limit: number;
  cursor?: string;
  q?: string;
  status?: Member["status"];
  tag?: string;
  referrerId?: string;
  joinLocationId?: string;
  /** Custom field key -> value (from `field.<key>=<value>`). */
  fields?: Record<string, string>;
  /** The program whose balance and tier each member shows (default: the company's oldest active program). */
  programId?: string;
  /**
   * With each member's balance (the admin's list). Off by default: the counter, pickers and
   * integrators search for a member and would pay a lateral read per row for nothing (the quick
   * bench's search throughput halves with it).
   */
  withBalance?: boolean;
}

/**
 * Members newest first, or with `q` by relevance: exact card number / phone / e-mail first, then
 * prefixes and name fragments, then fuzzy (trigram word similarity) name matches. With `q` the
 * cursor is "<rank>:<id>".
 */
export async function listMembers(opts: ListMembersOptions): Promise<MemberListPage> {
  const { db, actor, limit } = opts;
  const { companyId } = actor;
  // The page's members with their balance in one program, in the statement that reads them: one
  // lateral read per member of the page, after its limit (the enrollment by its key, its open lots
  // through their index).
  type Row = MemberRow & ListBalanceRow & { rank: number };
  const balanceOf = (memberId: Sql) =>
    opts.withBalance ? sql`left join lateral (${listBalanceSql(companyId, opts.programId ?? null, memberId, opts.now)}) lb on true` : empty;
  const balanceColumns = opts.withBalance ? raw(", lb.*") : empty;
  const custom = await customFieldFilter(db, companyId, opts.fields ?? {});

  const q = opts.q?.trim() || null;
  const upper = q?.toUpperCase() ?? null;
  const lower = q?.toLowerCase() ?? null;
  const folded = q ? foldForSearch(q) : null;
  const exactPhone = q ? normalizePhone(q) : null;
  // A card number as printed or read out ("5900 1234 0001 7", "CARD 1001"): also its compact form
  // and the one with dashes, the characters a card number may hold.
  const cards = q ? cardNumberForms(q) : [];

  let cursorRank: number | null = null;
  let cursorId: string | null = null;
  if (opts.cursor) {
    const m = q ? /^([0-2]):(.+)$/.exec(opts.cursor) : null;
    if (q && !m) throw invalidField("query.cursor", "cursor_not_of_search");
    cursorRank = m ? Number(m[1]) : null;
    cursorId = m ? (m[2] as string) : opts.cursor;
  }

  // One branch per kind of match, each able to use its own index (card and phone prefixes:
  // text_pattern_ops; e-mail: lower(email); name: trigrams), instead of one OR that the planner can
  // only answer by scanning the company's members. A member is in the branch of its best rank only
  // (the lower ranks' conditions are excluded), so pages never repeat a member. A query with a digit
  // is a card number or a phone, never a name: the name branches (which scan) are left out then.
  const status = opts.status ?? null;
  const tag = opts.tag ?? null;
  const referrerId = opts.referrerId ?? null;
  const joinLocationId = opts.joinLocationId ?? null;
  const customJson = custom ? JSON.stringify(custom) : null;
  const take = limit + 1;
  const filters = sql`m.company_id = ${companyId} and (${status}::text is null or m.status = ${status})
    and (${tag}::text is null or m.tags @> array[${tag}::text])
    and (${referrerId}::text is null or m.referrer_id = ${referrerId})
    and (${joinLocationId}::text is null or m.join_location_id = ${joinLocationId})
    and (${customJson}::jsonb is null or m.custom_fields @> ${customJson}::jsonb)`;
  const run = (branches: Sql[]) =>
    db.query<Row>(
      sql`with found as (select id, min(rank) as rank from (${join(branches, " union all ")}) b group by id)
       select pg.*${balanceColumns} from (select f.rank, ${MEMBER_COLUMNS}
         from found f join members m on m.company_id = ${companyId} and m.id = f.id ${REFERRER_JOIN}
        order by f.rank, m.id desc
        limit ${take}) pg ${balanceOf(raw("pg.id"))} order by pg.rank, pg.id desc`,
    );
  let rows: Row[];
  if (!q) {
    rows = await run([
      sql`select m.id, 0 as rank from members m where ${filters} and (${cursorId}::text is null or m.id < ${cursorId})
          order by m.id desc limit ${take}`,
    ]);
  } else {
    const page = (rank: Sql) =>
      sql`(${cursorRank}::int is null or ${rank} > ${cursorRank} or (${rank} = ${cursorRank} and m.id < ${cursorId}))`;
    // fence: the planner has no statistics on lower(email) (its indexes are partial) and guesses
    // thousands of matches, so it would walk the id index backwards through every member; behind
    // OFFSET 0 it fetches the few matches through the e-mail index and sorts them.
    const branch = (rankNumber: number, cond: Sql, exclude: Sql | null, fence = false) => {
      const rank = raw(String(rankNumber));
      const where = sql`${filters} and ${cond}${exclude ? sql` and not coalesce(${exclude}, false)` : empty} and ${page(rank)}`;
      return fence
        ? sql`(select id, ${rank} as rank from (select m.id from members m where ${where} offset 0) f order by id desc limit ${take})`
        : sql`(select m.id, ${rank} as rank from members m where ${where} order by m.id desc limit ${take})`;
    };
    const nameLike = !/[0-9]/.test(folded as string);
    const exactCard = cards.length > 0 ? sql`m.card_number = any(${cards}::text[])` : sql`m.card_number = ${upper}`;
    const exactAny = sql`${exactCard} or lower(m.email) = ${lower}${exactPhone ? sql` or m.phone = ${exactPhone}` : empty}`;
    const exact = [
      branch(0, exactCard, null),
      branch(0, sql`m.email is not null and lower(m.email) = ${lower}`, null, true),
      ...(exactPhone ? [branch(0, sql`m.phone = ${exactPhone}`, null)] : []),
    ];
    const prefixes: Prefix[] = [
      ...(cards.length > 0 ? cards.map((prefix) => ({ column: CARD_NUMBER, prefix })) : [{ column: CARD_NUMBER, prefix: upper as string }]),
      { column: LOWER_EMAIL, notNull: EMAIL, prefix: lower as string, fence: true },
      ...phoneSearchPrefixes(q).map((prefix) => ({ column: PHONE, notNull: PHONE, prefix })),
    ];
    const inPartialIndex = (x: Prefix, cond: Sql) => (x.notNull ? sql`${x.notNull} is not null and ${cond}` : cond);
    // The prefixes as LIKE patterns (and a name as a fragment), planned for their values.
    const patterns = () => {
      const conds: { cond: Sql; fence?: boolean }[] = prefixes.map((x) => ({
        cond: inPartialIndex(x, sql`${x.column} like ${`${escapeLike(x.prefix)}%`}`),
        fence: x.fence,
      }));
      if (nameLike) conds.push({ cond: sql`m.search_name like ${`%${escapeLike(folded as string)}%`}` });
      return conds;
    };
    const byPatterns = (conds: ReturnType<typeof patterns>) => run([...exact, ...conds.map((c) => branch(1, c.cond, exactAny, c.fence))]);
    if (!nameLike && cursorRank !== 2 && prefixes.every((x) => prefixEnd(x.prefix) !== null)) {
      // A card number or a phone: one statement planned once (a generic plan), which reads at most
      // RANGE_READ_BOUND entries of each prefix's index range; planning the search afresh on every
      // call took most of its time (bench finding 28). When a range holds more (a cashier's first
      // keystrokes), the page is found by the statement planned for its values instead, which walks
      // the id index backwards: a generic plan would read and sort the whole range.
      const ranges = prefixes.map((x) => inPartialIndex(x, sql`${x.column} ~>=~ ${x.prefix} and ${x.column} ~<~ ${prefixEnd(x.prefix)}`));
      // Counted first from the indexes alone, so a range too large for this plan costs a few
      // hundred index entries, not as many member rows (the later reads have a one-time filter).
      const overflow = ranges.map(
        (range) =>
          sql`(select count(*) from (select from members m where m.company_id = ${companyId} and ${range} limit ${BOUND}) c)
              >= ${BOUND}`,
      );
      const reads = prefixes.map(
        (x, i) =>
          sql`${raw(`r${i}`)} as (select m.id, m.company_id, m.status, m.tags, m.referrer_id, m.join_location_id, m.custom_fields,
                            m.card_number, m.email, m.phone
                       from members m
                      where not (select overflow from ranges) and m.company_id = ${companyId} and ${ranges[i]}
                      order by ${x.column} using ~<~ limit ${BOUND})`,
      );
      const inRanges = prefixes.map(
        (_, i) =>
          sql`(select m.id, 1 as rank from ${raw(`r${i}`)} m where ${filters} and not coalesce(${exactAny}, false) and ${page(raw("1"))}
               order by m.id desc limit ${take})`,
      );
      const found = await db.queryWithGenericPlan<Row & { overflow: boolean }>(
        sql`with ranges as (select ${join(overflow, " or ")} as overflow), ${join(reads, ", ")},
              found as (select id, min(rank) as rank from (${join([...exact, ...inRanges], " union all ")}) b group by id)
         select o.overflow, x.*${balanceColumns}
           from ranges o
           left join lateral (select f.rank, ${MEMBER_COLUMNS}
                                from found f join members m on m.company_id = ${companyId} and m.id = f.id ${REFERRER_JOIN}
                               order by f.rank, m.id desc limit ${take}) x on true ${balanceOf(raw("x.id"))}
          order by x.rank, x.id desc`,
      );
      rows = found[0]?.overflow ? await byPatterns(patterns()) : found.filter((r) => r.id !== null);
    } else {
      const conds = patterns();
      rows = cursorRank === 2 ? [] : await byPatterns(conds);
      // Fuzzy name matches (trigram word similarity) rank last: asked only when the better ranks do
      // not fill the page, through the trigram index (the OFFSET 0 fence keeps the planner from
      // walking the id index instead and testing every member).
      if (rows.length <= limit && nameLike && (folded as string).length >= 3) {
        const better = join(
          conds.map((c) => c.cond),
          " or ",
        );
        const fuzzy = await run([
          sql`(select id, 2 as rank from (select m.id from members m where ${filters} and ${folded} <% m.search_name
             and not coalesce(${exactAny} or ${better}, false) and ${page(raw("2"))} offset 0) f order by id desc limit ${take})`,
        ]);
        rows = [...rows, ...fuzzy];
      }
    }
  }
  const data = rows.slice(0, limit);
  const last = rows.length > limit ? data[data.length - 1] : undefined;
  return {
    data: data.map((r) => (opts.withBalance ? { ...toMember(r), balance: toListBalance(r) } : toMember(r))),
    nextCursor: last ? (q ? `${last.rank}:${last.id}` : last.id) : null,
  };
}

/**
 * The forms a card number typed with spaces or dashes may be stored in (stored card numbers hold
 * letters, digits and dashes, no spaces): compact, and with each run of separators as one dash.
 * Empty when the text has no separator, no digit, or other characters (a name, an e-mail, a phone with +).
 */
export function cardNumberForms(q: string): string[] {
  const upper = q.trim().toUpperCase();
  if (!/^[A-Z0-9]+([\s-]+[A-Z0-9]+)+$/.test(upper) || !/[0-9]/.test(upper)) return [];
  return [...new Set([upper.replace(/[\s-]+/g, ""), upper.replace(/[\s-]+/g, "-")])];
}

/** Members this member referred, newest first. */
export async function listReferrals(opts: { db: Db; actor: Actor; id: string; limit: number; cursor?: string }): Promise<MemberPage> {
  const { db, actor } = opts;
  await getMember(db, actor, opts.id);
  const cursor = opts.cursor ?? null;
  const rows = await db.query<MemberRow>(
    sql`${MEMBER_SELECT} where m.company_id = ${actor.companyId} and m.referrer_id = ${opts.id}
        and (${cursor}::text is null or m.id < ${cursor}) order by m.id desc limit ${opts.limit + 1}`,
  );
  const data = rows.slice(0, opts.limit).map(toMember);
  return { data, nextCursor: rows.length > opts.limit ? (data[data.length - 1]?.id ?? null) : null };
}
