import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { defaultConsentSource, recordConsentChanges } from "../consents/consents.service.js";
import { customFieldFilter, validateCustomFieldValues } from "../custom-fields/custom-fields.service.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { checkGivenCardNumber, generateCardNumber, generateReferralCode } from "./card-numbers.js";
import { cardNumberPattern, getMemberSettings } from "./member-settings.service.js";
import type { Member, MemberInput, MemberPatch } from "./members.schemas.js";
import { escapeLike, foldForSearch, prefixEnd } from "./members.search.js";
import { normalizePhone, phoneSearchPrefixes } from "./phone.js";

interface MemberRow {
  id: string;
  card_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  street: string;
  postal_code: string;
  city: string;
  country: string;
  gender: Member["gender"];
  tags: string[];
  notes: string;
  status: Member["status"];
  blocked_reason: string | null;
  join_location_id: string | null;
  referrer_id: string | null;
  referral_code: string;
  custom_fields: Record<string, unknown>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  referrer_card_number: string | null;
  referrer_first_name: string | null;
  referrer_last_name: string | null;
}

/** Birthday as text: a pg `date` would become a local-midnight Date and shift across time zones. */
const MEMBER_COLUMNS = `
  m.id, m.card_number, m.first_name, m.last_name, m.email, m.phone, to_char(m.birthday, 'YYYY-MM-DD') as birthday,
  m.street, m.postal_code, m.city, m.country, m.gender, m.tags, m.notes, m.status, m.blocked_reason,
  m.join_location_id, m.referrer_id, m.referral_code, m.custom_fields, m.created_by, m.created_at, m.updated_at,
  r.card_number as referrer_card_number, r.first_name as referrer_first_name, r.last_name as referrer_last_name`;
const REFERRER_JOIN = "left join members r on r.company_id = m.company_id and r.id = m.referrer_id";
const MEMBER_SELECT = `select ${MEMBER_COLUMNS} from members m ${REFERRER_JOIN}`;

function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    cardNumber: r.card_number,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    birthday: r.birthday,
    address: { street: r.street, postalCode: r.postal_code, city: r.city, country: r.country },
    gender: r.gender,
    tags: r.tags,
    notes: r.notes,
    status: r.status,
    blockedReason: r.blocked_reason,
    joinLocationId: r.join_location_id,
    referrerId: r.referrer_id,
    referrer:
      r.referrer_id && r.referrer_card_number !== null
        ? {
            id: r.referrer_id,
            cardNumber: r.referrer_card_number,
            firstName: r.referrer_first_name ?? "",
            lastName: r.referrer_last_name ?? "",
          }
        : null,
    referralCode: r.referral_code,
    customFields: r.custom_fields,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function selectMember(db: Queryable, companyId: string, id: string): Promise<Member | null> {
  const [row] = await db.query<MemberRow>(`${MEMBER_SELECT} where m.company_id = $1 and m.id = $2`, [companyId, id]);
  return row ? toMember(row) : null;
}

/** Every staff member with members.read sees every member: a customer may shop in any branch. */
export async function getMember(db: Queryable, actor: Actor, id: string): Promise<Member> {
  const found = await selectMember(db, actor.companyId, id);
  if (!found) throw notFound("Member");
  return found;
}

/** For messaging (templates, notifications), which reads a member for a company without a staff actor. */
export async function findMember(db: Queryable, companyId: string, id: string): Promise<Member | null> {
  return selectMember(db, companyId, id);
}

/** Card numbers as stored: cards are matched whatever the case and surrounding spaces typed. */
export const normalizeCardNumber = (cardNumber: string) => cardNumber.trim().toUpperCase();

/** Member ids of the company's cards among `cardNumbers`, by normalised card number (one query for a whole batch). */
export async function memberIdsByCardNumber(db: Queryable, companyId: string, cardNumbers: string[]): Promise<Map<string, string>> {
  if (cardNumbers.length === 0) return new Map();
  const rows = await db.query<{ id: string; card_number: string }>(
    "select id, card_number from members where company_id = $1 and card_number = any($2::text[])",
    [companyId, [...new Set(cardNumbers.map(normalizeCardNumber))]],
  );
  return new Map(rows.map((r) => [r.card_number, r.id]));
}

export interface LockedMember {
  id: string;
  cardNumber: string;
  status: Member["status"];
  tags: string[];
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  referrerId: string | null;
  /** The company's configuration version as this statement saw it (for programConfig). */
  configVersion: number;
}

/** For other modules' transactions (purchases, points): locks the member row until commit. */
export async function getMemberForUpdate(tx: Queryable, companyId: string, memberId: string): Promise<LockedMember> {
  const [r] = await tx.query<MemberRow & { config_version: number }>(
    `select id, card_number, status, tags, first_name, last_name, email, phone, to_char(birthday, 'YYYY-MM-DD') as birthday, referrer_id,
            (select config_version from companies where id = $1) as config_version
       from members where company_id = $1 and id = $2 for update`,
    [companyId, memberId],
  );
  if (!r) throw notFound("Member");
  return {
    id: r.id,
    cardNumber: r.card_number,
    status: r.status,
    tags: r.tags,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    birthday: r.birthday,
    referrerId: r.referrer_id,
    configVersion: r.config_version,
  };
}

// ---- list and search ---------------------------------------------------------------------------

/** One kind of prefix match in a member search: the indexed column (text_pattern_ops) and the prefix. */
interface Prefix {
  column: string;
  /** The column its partial index requires to be set. */
  notNull?: string;
  prefix: string;
  /** Behind OFFSET 0 (see branch in listMembers). */
  fence?: boolean;
}

/** How many entries of one prefix's index range a card or phone search reads before it plans for the values instead. */
export const RANGE_READ_BOUND = 200;

export interface MemberPage {
  data: Member[];
  nextCursor: string | null;
}

/**
 * Members newest first, or with `q` by relevance: exact card number / phone / e-mail first, then
 * prefixes and name fragments, then fuzzy (trigram word similarity) name matches. With `q` the
 * cursor is "<rank>:<id>".
 */
export async function listMembers(opts: {
  db: Db;
  actor: Actor;
  limit: number;
  cursor?: string;
  q?: string;
  status?: Member["status"];
  tag?: string;
  referrerId?: string;
  joinLocationId?: string;
  /** Custom field key -> value (from `field.<key>=<value>`). */
  fields?: Record<string, string>;
}): Promise<MemberPage> {
  const { db, actor, limit } = opts;
  const custom = await customFieldFilter(db, actor.companyId, opts.fields ?? {});

  const q = opts.q?.trim() || null;
  const upper = q?.toUpperCase() ?? null;
  const lower = q?.toLowerCase() ?? null;
  const folded = q ? foldForSearch(q) : null;
  const exactPhone = q ? normalizePhone(q) : null;

  let cursorRank: number | null = null;
  let cursorId: string | null = null;
  if (opts.cursor) {
    const m = q ? /^([0-2]):(.+)$/.exec(opts.cursor) : null;
    if (q && !m) throw invalidField("query.cursor", "is not a cursor of this search");
    cursorRank = m ? Number(m[1]) : null;
    cursorId = m ? (m[2] as string) : opts.cursor;
  }

  // One branch per kind of match, each able to use its own index (card and phone prefixes:
  // text_pattern_ops; e-mail: lower(email); name: trigrams), instead of one OR that the planner can
  // only answer by scanning the company's members. A member is in the branch of its best rank only
  // (the lower ranks' conditions are excluded), so pages never repeat a member. A query with a digit
  // is a card number or a phone, never a name: the name branches (which scan) are left out then.
  const params: unknown[] = [
    actor.companyId,
    opts.status ?? null,
    opts.tag ?? null,
    opts.referrerId ?? null,
    opts.joinLocationId ?? null,
    custom ? JSON.stringify(custom) : null,
    cursorId,
    limit + 1,
  ];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const filters = `m.company_id = $1 and ($2::text is null or m.status = $2) and ($3::text is null or m.tags @> array[$3::text])
    and ($4::text is null or m.referrer_id = $4) and ($5::text is null or m.join_location_id = $5)
    and ($6::jsonb is null or m.custom_fields @> $6::jsonb)`;
  const run = (branches: string[]) =>
    db.query<MemberRow & { rank: number }>(
      `with found as (select id, min(rank) as rank from (${branches.join(" union all ")}) b group by id)
       select f.rank, ${MEMBER_COLUMNS}
         from found f join members m on m.company_id = $1 and m.id = f.id ${REFERRER_JOIN}
        order by f.rank, m.id desc
        limit $8`,
      params,
    );
  let rows: (MemberRow & { rank: number })[];
  if (!q) {
    rows = await run([
      `select m.id, 0 as rank from members m where ${filters} and ($7::text is null or m.id < $7) order by m.id desc limit $8`,
    ]);
  } else {
    const after = p(cursorRank);
    const page = (rank: number) => `(${after}::int is null or ${rank} > ${after} or (${rank} = ${after} and m.id < $7))`;
    // fence: the planner has no statistics on lower(email) (its indexes are partial) and guesses
    // thousands of matches, so it would walk the id index backwards through every member; behind
    // OFFSET 0 it fetches the few matches through the e-mail index and sorts them.
    const branch = (rank: number, cond: string, exclude: string | null, fence = false) => {
      const where = `${filters} and ${cond}${exclude ? ` and not coalesce(${exclude}, false)` : ""} and ${page(rank)}`;
      return fence
        ? `(select id, ${rank} as rank from (select m.id from members m where ${where} offset 0) f order by id desc limit $8)`
        : `(select m.id, ${rank} as rank from members m where ${where} order by m.id desc limit $8)`;
    };
    const nameLike = !/[0-9]/.test(folded as string);
    const card = p(upper);
    const email = p(lower);
    const phone = exactPhone ? p(exactPhone) : null;
    const exactAny = `m.card_number = ${card} or lower(m.email) = ${email}${phone ? ` or m.phone = ${phone}` : ""}`;
    const exact = [
      branch(0, `m.card_number = ${card}`, null),
      branch(0, `m.email is not null and lower(m.email) = ${email}`, null, true),
      ...(phone ? [branch(0, `m.phone = ${phone}`, null)] : []),
    ];
    const prefixes: Prefix[] = [
      { column: "m.card_number", prefix: upper as string },
      { column: "lower(m.email)", notNull: "m.email", prefix: lower as string, fence: true },
      ...phoneSearchPrefixes(q).map((prefix) => ({ column: "m.phone", notNull: "m.phone", prefix })),
    ];
    const inPartialIndex = (x: Prefix, cond: string) => `${x.notNull ? `${x.notNull} is not null and ` : ""}${cond}`;
    // The prefixes as LIKE patterns (and a name as a fragment), planned for their values.
    const patterns = () => {
      const conds = prefixes.map((x) => ({ cond: inPartialIndex(x, `${x.column} like ${p(`${escapeLike(x.prefix)}%`)}`), fence: x.fence }));
      if (nameLike) conds.push({ cond: `m.search_name like ${p(`%${escapeLike(folded as string)}%`)}`, fence: undefined });
      return conds;
    };
    const byPatterns = (conds: ReturnType<typeof patterns>) => run([...exact, ...conds.map((c) => branch(1, c.cond, exactAny, c.fence))]);
    if (!nameLike && cursorRank !== 2 && prefixes.every((x) => prefixEnd(x.prefix) !== null)) {
      // A card number or a phone: one statement planned once (a generic plan), which reads at most
      // RANGE_READ_BOUND entries of each prefix's index range; planning the search afresh on every
      // call took most of its time (bench finding 28). When a range holds more (a cashier's first
      // keystrokes), the page is found by the statement planned for its values instead, which walks
      // the id index backwards: a generic plan would read and sort the whole range.
      const values = [...params];
      const v = (value: unknown) => {
        values.push(value);
        return `$${values.length}`;
      };
      const ranges = prefixes.map((x) =>
        inPartialIndex(x, `${x.column} ~>=~ ${v(x.prefix)} and ${x.column} ~<~ ${v(prefixEnd(x.prefix))}`),
      );
      // Counted first from the indexes alone, so a range too large for this plan costs a few
      // hundred index entries, not as many member rows (the later reads have a one-time filter).
      const overflow = ranges.map(
        (range) =>
          `(select count(*) from (select from members m where m.company_id = $1 and ${range} limit ${RANGE_READ_BOUND}) c) >= ${RANGE_READ_BOUND}`,
      );
      const reads = prefixes.map(
        (x, i) =>
          `r${i} as (select m.id, m.company_id, m.status, m.tags, m.referrer_id, m.join_location_id, m.custom_fields, m.card_number,
                            m.email, m.phone
                       from members m
                      where not (select overflow from ranges) and m.company_id = $1 and ${ranges[i]}
                      order by ${x.column} using ~<~ limit ${RANGE_READ_BOUND})`,
      );
      const inRanges = prefixes.map(
        (_, i) =>
          `(select m.id, 1 as rank from r${i} m where ${filters} and not coalesce(${exactAny}, false) and ${page(1)} order by m.id desc limit $8)`,
      );
      const found = await db.queryWithGenericPlan<MemberRow & { rank: number; overflow: boolean }>(
        `with ranges as (select ${overflow.join(" or ")} as overflow), ${reads.join(", ")},
              found as (select id, min(rank) as rank from (${[...exact, ...inRanges].join(" union all ")}) b group by id)
         select o.overflow, x.*
           from ranges o
           left join lateral (select f.rank, ${MEMBER_COLUMNS}
                                from found f join members m on m.company_id = $1 and m.id = f.id ${REFERRER_JOIN}
                               order by f.rank, m.id desc limit $8) x on true`,
        values,
      );
      rows = found[0]?.overflow ? await byPatterns(patterns()) : found.filter((r) => r.id !== null);
    } else {
      const conds = patterns();
      rows = cursorRank === 2 ? [] : await byPatterns(conds);
      // Fuzzy name matches (trigram word similarity) rank last: asked only when the better ranks do
      // not fill the page, through the trigram index (the OFFSET 0 fence keeps the planner from
      // walking the id index instead and testing every member).
      if (rows.length <= limit && nameLike && (folded as string).length >= 3) {
        const fuzzy = await run([
          `(select id, 2 as rank from (select m.id from members m where ${filters} and ${p(folded)} <% m.search_name
             and not coalesce(${exactAny} or ${conds.map((c) => c.cond).join(" or ")}, false) and ${page(2)} offset 0) f order by id desc limit $8)`,
        ]);
        rows = [...rows, ...fuzzy];
      }
    }
  }
  const data = rows.slice(0, limit);
  const last = rows.length > limit ? data[data.length - 1] : undefined;
  return {
    data: data.map(toMember),
    nextCursor: last ? (q ? `${last.rank}:${last.id}` : last.id) : null,
  };
}

/** Members this member referred, newest first. */
export async function listReferrals(opts: { db: Db; actor: Actor; id: string; limit: number; cursor?: string }): Promise<MemberPage> {
  const { db, actor } = opts;
  await getMember(db, actor, opts.id);
  const rows = await db.query<MemberRow>(
    `${MEMBER_SELECT} where m.company_id = $1 and m.referrer_id = $2 and ($3::text is null or m.id < $3) order by m.id desc limit $4`,
    [actor.companyId, opts.id, opts.cursor ?? null, opts.limit + 1],
  );
  const data = rows.slice(0, opts.limit).map(toMember);
  return { data, nextCursor: rows.length > opts.limit ? (data[data.length - 1]?.id ?? null) : null };
}

// ---- writes --------------------------------------------------------------------------------------

async function checkJoinLocation(tx: Queryable, actor: Actor, locationId: string | null): Promise<void> {
  if (locationId === null) return;
  await assertLocationsExist(tx, actor.companyId, [locationId], "joinLocationId");
  if (actor.locationIds !== null && !actor.locationIds.includes(locationId))
    throw invalidField("joinLocationId", "must be one of your locations");
}

async function checkReferrer(tx: Queryable, companyId: string, referrerId: string | null, memberId: string | null): Promise<void> {
  if (referrerId === null) return;
  if (referrerId === memberId) throw invalidField("referrerId", "a member cannot refer themselves");
  const [row] = await tx.query("select id from members where company_id = $1 and id = $2", [companyId, referrerId]);
  if (!row) throw invalidField("referrerId", "is not a member of this company");
}

function conflictOf(err: unknown): AppError | null {
  if (isUniqueViolation(err, "members_card_key"))
    return new AppError("already_exists", "cardNumber: another member has this card number", [
      { path: "cardNumber", message: "is already taken by another member" },
    ]);
  if (isUniqueViolation(err, "members_email_key"))
    return new AppError("already_exists", "email: another member has this e-mail address", [
      { path: "email", message: "is already taken by another member" },
    ]);
  return null;
}

const dropNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/** Values whose old and new contents are personal data are logged as changed, not copied. */
const PERSONAL = new Set(["firstName", "lastName", "email", "phone", "birthday", "address", "gender", "notes", "customFields"]);

function auditChanges(before: Member, after: Member): Record<string, unknown> {
  const changes: Record<string, unknown> = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  delete changes.updatedAt;
  delete changes.referrer;
  for (const key of Object.keys(changes)) if (PERSONAL.has(key)) changes[key] = "changed";
  return changes;
}

const MAX_GENERATION_ATTEMPTS = 10;

/**
 * Creates a member inside the caller's transaction and returns the API shape. Generated card
 * numbers and referral codes are retried on collision by the unique indexes (a savepoint per
 * attempt), never by reading first; a given card number or e-mail that is taken is a 409.
 */
export async function insertMember(tx: Queryable, actor: Actor, input: MemberInput): Promise<Member> {
  const { companyId } = actor;
  if (actor.locationIds !== null && input.joinLocationId === null)
    throw invalidField("joinLocationId", "is required: your account is limited to chosen locations");
  await checkJoinLocation(tx, actor, input.joinLocationId);
  await checkReferrer(tx, companyId, input.referrerId, null);
  if (input.status === "active" && input.blockedReason) throw invalidField("blockedReason", "only a blocked member has a reason");
  const customFields = dropNulls(
    await validateCustomFieldValues(tx, companyId, input.customFields, { requireAll: !input.skipRequiredFields }),
  );
  const pattern = cardNumberPattern(await getMemberSettings(tx, companyId));
  if (input.cardNumber) checkGivenCardNumber(pattern, input.cardNumber);

  const id = newId("mbr");
  let cardNumber = input.cardNumber ?? generateCardNumber(pattern);
  let referralCode = generateReferralCode();
  for (let attempt = 1; ; attempt++) {
    await tx.query("savepoint member_insert");
    try {
      await tx.query(
        `insert into members (company_id, id, card_number, first_name, last_name, email, phone, birthday, street, postal_code, city,
           country, gender, tags, notes, status, blocked_reason, join_location_id, referrer_id, referral_code, custom_fields, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
        [
          companyId,
          id,
          cardNumber,
          input.firstName,
          input.lastName,
          input.email,
          input.phone,
          input.birthday,
          input.address.street ?? "",
          input.address.postalCode ?? "",
          input.address.city ?? "",
          input.address.country ?? "PL",
          input.gender,
          input.tags,
          input.notes,
          input.status,
          input.status === "blocked" ? input.blockedReason : null,
          input.joinLocationId,
          input.referrerId,
          referralCode,
          JSON.stringify(customFields),
          actor.id,
        ],
      );
      await tx.query("release savepoint member_insert");
      break;
    } catch (err) {
      await tx.query("rollback to savepoint member_insert");
      const retry = attempt < MAX_GENERATION_ATTEMPTS;
      if (retry && !input.cardNumber && isUniqueViolation(err, "members_card_key")) cardNumber = generateCardNumber(pattern);
      else if (retry && isUniqueViolation(err, "members_referral_code_key")) referralCode = generateReferralCode();
      else throw conflictOf(err) ?? err;
    }
  }

  const consents = await recordConsentChanges(tx, actor, {
    memberId: id,
    changes: input.consents,
    source: defaultConsentSource(actor),
    path: "consents",
  });
  await recordAudit(tx, actor, {
    action: "member.created",
    entityType: "member",
    entityId: id,
    changes: {
      cardNumber,
      status: input.status,
      joinLocationId: input.joinLocationId,
      referrerId: input.referrerId,
      consents: consents.map((c) => ({ key: c.key, granted: c.granted, version: c.version })),
    },
  });
  await emitEvent(tx, {
    companyId,
    type: "member.created",
    entityType: "member",
    entityId: id,
    payload: { cardNumber, joinLocationId: input.joinLocationId, referrerId: input.referrerId },
  });
  return (await selectMember(tx, companyId, id)) as Member;
}

export async function createMember(opts: { db: Db; actor: Actor; input: MemberInput }): Promise<Member> {
  return opts.db.transaction((tx) => insertMember(tx, opts.actor, opts.input));
}

export async function updateMember(opts: { db: Db; actor: Actor; id: string; patch: MemberPatch }): Promise<Member> {
  const { actor, id, patch } = opts;
  const { companyId } = actor;
  return opts.db.transaction(async (tx) => {
    await getMemberForUpdate(tx, companyId, id);
    const before = (await selectMember(tx, companyId, id)) as Member;
    if (patch.joinLocationId !== undefined && patch.joinLocationId !== before.joinLocationId)
      await checkJoinLocation(tx, actor, patch.joinLocationId);
    if (patch.referrerId !== undefined && patch.referrerId !== before.referrerId) await checkReferrer(tx, companyId, patch.referrerId, id);
    if (patch.cardNumber !== undefined && patch.cardNumber !== before.cardNumber)
      checkGivenCardNumber(cardNumberPattern(await getMemberSettings(tx, companyId)), patch.cardNumber);

    const status = patch.status ?? before.status;
    if (status === "active" && patch.blockedReason) throw invalidField("blockedReason", "only a blocked member has a reason");
    const blockedReason = status === "active" ? null : patch.blockedReason !== undefined ? patch.blockedReason : before.blockedReason;

    let customFields = before.customFields;
    if (patch.customFields !== undefined) {
      const values = await validateCustomFieldValues(tx, companyId, patch.customFields, { requireAll: false });
      customFields = dropNulls({ ...before.customFields, ...values });
    }
    const address = { ...before.address, ...patch.address };

    try {
      await tx.query(
        `update members set card_number = $3, first_name = $4, last_name = $5, email = $6, phone = $7, birthday = $8, street = $9,
                postal_code = $10, city = $11, country = $12, gender = $13, tags = $14, notes = $15, status = $16, blocked_reason = $17,
                join_location_id = $18, referrer_id = $19, custom_fields = $20, updated_at = now()
          where company_id = $1 and id = $2`,
        [
          companyId,
          id,
          patch.cardNumber ?? before.cardNumber,
          patch.firstName ?? before.firstName,
          patch.lastName ?? before.lastName,
          patch.email !== undefined ? patch.email : before.email,
          patch.phone !== undefined ? patch.phone : before.phone,
          patch.birthday !== undefined ? patch.birthday : before.birthday,
          address.street,
          address.postalCode,
          address.city,
          address.country,
          patch.gender !== undefined ? patch.gender : before.gender,
          patch.tags ?? before.tags,
          patch.notes ?? before.notes,
          status,
          blockedReason,
          patch.joinLocationId !== undefined ? patch.joinLocationId : before.joinLocationId,
          patch.referrerId !== undefined ? patch.referrerId : before.referrerId,
          JSON.stringify(customFields),
        ],
      );
    } catch (err) {
      throw conflictOf(err) ?? err;
    }
    const after = (await selectMember(tx, companyId, id)) as Member;
    const changes = auditChanges(before, after);
    const statusChanged = before.status !== after.status;
    await recordAudit(tx, actor, {
      action: statusChanged ? (after.status === "blocked" ? "member.blocked" : "member.unblocked") : "member.updated",
      entityType: "member",
      entityId: id,
      changes,
    });
    if (statusChanged) {
      await emitEvent(tx, {
        companyId,
        type: after.status === "blocked" ? "member.blocked" : "member.unblocked",
        entityType: "member",
        entityId: id,
        payload: after.status === "blocked" ? { reason: after.blockedReason } : {},
      });
    }
    const otherFields = Object.keys(changes).filter((k) => k !== "status" && k !== "blockedReason");
    if (otherFields.length > 0 || !statusChanged) {
      await emitEvent(tx, {
        companyId,
        type: "member.updated",
        entityType: "member",
        entityId: id,
        payload: { fields: Object.keys(changes) },
      });
    }
    return after;
  });
}
