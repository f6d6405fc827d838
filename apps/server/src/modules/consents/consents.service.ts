import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidFields, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { raw, type Sql, sql } from "../../platform/sql.js";
import { DEFAULT_CONSENTS } from "./consents.defaults.js";
import type {
  Consent,
  ConsentChange,
  ConsentChannel,
  ConsentInput,
  ConsentPatch,
  ConsentPurpose,
  ConsentSource,
  MemberConsents,
} from "./consents.schemas.js";

interface ConsentRow {
  id: string;
  key: string;
  name: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  active: boolean;
  current_version: number;
  versions: { version: number; text: string; createdAt: string }[];
  created_at: Date;
  updated_at: Date;
}

const CONSENT_SELECT = sql`
  select d.*, coalesce((select json_agg(json_build_object('version', v.version, 'text', v.text, 'createdAt', v.created_at)
                                         order by v.version desc)
                          from consent_versions v where v.company_id = d.company_id and v.consent_id = d.id), '[]') as versions
    from consent_definitions d`;

function toConsent(r: ConsentRow): Consent {
  const versions = r.versions.map((v) => ({ version: v.version, text: v.text, createdAt: new Date(v.createdAt) }));
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    purpose: r.purpose,
    channel: r.channel,
    active: r.active,
    currentVersion: r.current_version,
    text: versions.find((v) => v.version === r.current_version)?.text ?? "",
    versions,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listConsents(opts: { db: Queryable; companyId: string; active?: boolean }): Promise<Consent[]> {
  const active = opts.active ?? null;
  const rows = await opts.db.query<ConsentRow>(
    sql`${CONSENT_SELECT} where d.company_id = ${opts.companyId} and (${active}::boolean is null or d.active = ${active})
        order by d.created_at, d.id`,
  );
  return rows.map(toConsent);
}

async function getConsent(db: Queryable, companyId: string, id: string): Promise<Consent> {
  const [row] = await db.query<ConsentRow>(sql`${CONSENT_SELECT} where d.company_id = ${companyId} and d.id = ${id}`);
  if (!row) throw notFound("Consent");
  return toConsent(row);
}

async function insertConsent(
  tx: Queryable,
  companyId: string,
  input: ConsentInput,
  createdBy: string | null,
  id = newId("cns"),
): Promise<string> {
  try {
    await tx.query(
      sql`insert into consent_definitions (company_id, id, key, name, purpose, channel, active, current_version)
          values (${companyId}, ${id}, ${input.key}, ${input.name}, ${input.purpose}, ${input.channel}, ${input.active}, 1)`,
    );
  } catch (err) {
    if (isUniqueViolation(err, "consent_definitions_key_key"))
      throw new AppError("already_exists", `key: a consent "${input.key}" exists`, [detail("key", "taken")]);
    throw err;
  }
  await tx.query(
    sql`insert into consent_versions (company_id, consent_id, version, text, created_by)
        values (${companyId}, ${id}, 1, ${input.text}, ${createdBy})`,
  );
  return id;
}

/** Called by insertCompany: the five default consents, named and worded in the company's language. */
export async function createDefaultConsents(tx: Queryable, companyId: string, language: string): Promise<void> {
  const lang = language === "en" ? "en" : "pl";
  // One transaction gives them one created_at, and ids made in one millisecond do not sort in the
  // order they were made: sorted ids keep the list ("by created_at, id") in this order.
  const ids = DEFAULT_CONSENTS.map(() => newId("cns")).sort();
  for (const [i, d] of DEFAULT_CONSENTS.entries()) {
    await insertConsent(
      tx,
      companyId,
      { key: d.key, name: d.name[lang], purpose: d.purpose, channel: d.channel, text: d.text[lang], active: true },
      null,
      ids[i],
    );
  }
}

export async function createConsent(opts: { db: Db; actor: Actor; input: ConsentInput }): Promise<Consent> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    const id = await insertConsent(tx, actor.companyId, input, actor.id);
    const created = await getConsent(tx, actor.companyId, id);
    await recordAudit(tx, actor, {
      action: "consent.created",
      entityType: "consent",
      entityId: id,
      changes: { key: created.key, name: created.name, purpose: created.purpose, channel: created.channel, text: created.text },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "consent.created", entityType: "consent", entityId: id });
    return created;
  });
}

/** A changed text becomes a new version (the old ones stay, members' decisions point at them). */
export async function updateConsent(opts: { db: Db; actor: Actor; id: string; patch: ConsentPatch }): Promise<Consent> {
  const { actor, id, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const [locked] = await tx.query(
      sql`select id from consent_definitions where company_id = ${actor.companyId} and id = ${id} for update`,
    );
    if (!locked) throw notFound("Consent");
    const before = await getConsent(tx, actor.companyId, id);
    let version = before.currentVersion;
    if (patch.text !== undefined && patch.text !== before.text) {
      version = before.currentVersion + 1;
      await tx.query(
        sql`insert into consent_versions (company_id, consent_id, version, text, created_by)
            values (${actor.companyId}, ${id}, ${version}, ${patch.text}, ${actor.id})`,
      );
    }
    await tx.query(
      sql`update consent_definitions
             set name = coalesce(${patch.name ?? null}, name), active = coalesce(${patch.active ?? null}, active),
                 current_version = ${version}, updated_at = now()
           where company_id = ${actor.companyId} and id = ${id}`,
    );
    const after = await getConsent(tx, actor.companyId, id);
    const changes = diff(
      { name: before.name, active: before.active, currentVersion: before.currentVersion, text: before.text },
      { name: after.name, active: after.active, currentVersion: after.currentVersion, text: after.text },
    );
    await recordAudit(tx, actor, { action: "consent.updated", entityType: "consent", entityId: id, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "consent.updated",
      entityType: "consent",
      entityId: id,
      payload: { fields: Object.keys(changes), currentVersion: after.currentVersion },
    });
    return after;
  });
}

// ---- members' decisions ------------------------------------------------------------------------

interface StateRow {
  consent_id: string;
  key: string;
  name: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  active: boolean;
  current_version: number;
  granted: boolean | null;
  version: number | null;
  occurred_at: Date | null;
  source: ConsentSource | null;
}

/** The latest decision per consent of the company (never asked = not granted, version null). */
async function consentStates(db: Queryable, companyId: string, memberId: string): Promise<StateRow[]> {
  return db.query<StateRow>(
    sql`select d.id as consent_id, d.key, d.name, d.purpose, d.channel, d.active, d.current_version,
            e.granted, e.version, e.occurred_at, e.source
       from consent_definitions d
       left join lateral (select granted, version, occurred_at, source from member_consent_events e
                           where e.company_id = d.company_id and e.member_id = ${memberId} and e.consent_id = d.id
                           order by e.seq desc limit 1) e on true
      where d.company_id = ${companyId}
      order by d.created_at, d.id`,
  );
}

export async function memberConsents(db: Queryable, companyId: string, memberId: string): Promise<MemberConsents> {
  const states = await consentStates(db, companyId, memberId);
  const history = await db.query<{
    id: string;
    consent_id: string;
    key: string;
    version: number;
    granted: boolean;
    source: ConsentSource;
    actor_type: string;
    actor_id: string | null;
    actor_name: string;
    ip: string | null;
    occurred_at: Date;
  }>(
    sql`select e.*, d.key from member_consent_events e
          join consent_definitions d on d.company_id = e.company_id and d.id = e.consent_id
         where e.company_id = ${companyId} and e.member_id = ${memberId}
         order by e.seq desc`,
  );
  return {
    current: states
      .filter((s) => s.active || s.granted !== null)
      .map((s) => ({
        consentId: s.consent_id,
        key: s.key,
        name: s.name,
        purpose: s.purpose,
        channel: s.channel,
        active: s.active,
        currentVersion: s.current_version,
        granted: s.granted ?? false,
        version: s.version,
        changedAt: s.occurred_at,
        source: s.source,
      })),
    history: history.map((h) => ({
      id: h.id,
      consentId: h.consent_id,
      key: h.key,
      version: h.version,
      granted: h.granted,
      source: h.source,
      actorType: h.actor_type,
      actorId: h.actor_id,
      actorName: h.actor_name,
      ip: h.ip,
      occurredAt: h.occurred_at,
    })),
  };
}

/** A decision with the text version the person was shown (the portal sends it; staff and API calls need not). */
export type VersionedConsentChange = ConsentChange & { version?: number };

/** Who records a decision: a staff member or API key, or (unsubscribe links) the member. */
export type ConsentActor = Pick<Actor, "companyId" | "id" | "name" | "ip"> & { type: Actor["type"] | "member" };

/**
 * Appends one log entry per real change: a grant when the consent is not granted or was granted
 * against an older text (recorded against the current version), a withdrawal when it is granted.
 * The caller holds the member row locked (so two requests cannot both append the same change) and
 * writes audit and event. Returns the appended changes. Unknown consent ids and grants of retired
 * consents are validation errors at `<path>.<i>.consentId`.
 */
export async function recordConsentChanges(
  tx: Queryable,
  actor: ConsentActor,
  opts: { memberId: string; changes: readonly VersionedConsentChange[]; source: ConsentSource; path: string },
): Promise<{ consentId: string; key: string; granted: boolean; version: number }[]> {
  if (opts.changes.length === 0) return [];
  const states = new Map((await consentStates(tx, actor.companyId, opts.memberId)).map((s) => [s.consent_id, s]));
  const details: ErrorDetail[] = [];
  const stale: ErrorDetail[] = [];
  opts.changes.forEach((c, i) => {
    const s = states.get(c.consentId);
    if (!s) details.push(detail(`${opts.path}.${i}.consentId`, "not_company_consent"));
    else if (c.granted && !s.active) details.push(detail(`${opts.path}.${i}.consentId`, "consent_inactive"));
    else if (c.version !== undefined && c.version !== s.current_version)
      stale.push(detail(`${opts.path}.${i}.version`, "consent_version_stale", { version: s.current_version }));
  });
  if (details.length > 0) throw invalidFields(details);
  // The member decided on a text that is no longer the current one: nothing is recorded.
  if (stale.length > 0) throw new AppError("conflict", "A consent's text changed since it was shown", stale);
  const appended: { consentId: string; key: string; granted: boolean; version: number }[] = [];
  for (const c of opts.changes) {
    const s = states.get(c.consentId) as StateRow;
    const isGranted = s.granted === true;
    const noChange = c.granted ? isGranted && s.version === s.current_version : !isGranted;
    if (noChange) continue;
    await tx.query(
      sql`insert into member_consent_events
            (company_id, id, member_id, consent_id, version, granted, source, actor_type, actor_id, actor_name, ip)
          values (${actor.companyId}, ${newId("cnl")}, ${opts.memberId}, ${c.consentId}, ${s.current_version}, ${c.granted}, ${opts.source},
                  ${actor.type}, ${actor.id}, ${actor.name}, ${actor.ip})`,
    );
    appended.push({ consentId: c.consentId, key: s.key, granted: c.granted, version: s.current_version });
  }
  return appended;
}

export function defaultConsentSource(actor: Actor): ConsentSource {
  return actor.type === "api_key" ? "api" : actor.type === "member" ? "portal" : "admin";
}

/**
 * Records a member's grants and withdrawals with their audit entry and event; the state after.
 * The caller (the members module, which owns the row) holds the member row locked.
 */
export async function changeConsentsOfLockedMember(
  tx: Queryable,
  opts: { actor: Actor; memberId: string; changes: VersionedConsentChange[]; source?: ConsentSource },
): Promise<MemberConsents> {
  const { actor, memberId } = opts;
  const appended = await recordConsentChanges(tx, actor, {
    memberId,
    changes: opts.changes,
    source: opts.source ?? defaultConsentSource(actor),
    path: "changes",
  });
  if (appended.length > 0) {
    await recordAudit(tx, actor, {
      action: "member.consents_changed",
      entityType: "member",
      entityId: memberId,
      changes: Object.fromEntries(appended.map((a) => [a.key, { granted: a.granted, version: a.version }])),
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "member.consents_changed",
      entityType: "member",
      entityId: memberId,
      payload: { changes: appended },
    });
  }
  return memberConsents(tx, actor.companyId, memberId);
}

/**
 * For messaging: does the member currently grant an active consent with this purpose and/or
 * channel? A consent on channel "any" covers every channel. A grant made against an older text
 * version still counts.
 */
export async function hasConsent(
  db: Queryable,
  companyId: string,
  memberId: string,
  opts: { purpose?: ConsentPurpose; channel?: ConsentChannel },
): Promise<boolean> {
  const purpose = opts.purpose ?? null;
  const channel = opts.channel ?? null;
  const [row] = await db.query<{ ok: boolean }>(
    sql`select exists (
          select 1 from consent_definitions d
           where d.company_id = ${companyId} and d.active
             and (${purpose}::text is null or d.purpose = ${purpose})
             and (${channel}::text is null or d.channel = ${channel} or d.channel = 'any')
             and (select granted from member_consent_events e
                   where e.company_id = d.company_id and e.member_id = ${memberId} and e.consent_id = d.id
                   order by e.seq desc limit 1)
        ) as ok`,
  );
  return row?.ok ?? false;
}

/**
 * For messaging's unsubscribe links: withdraws every consent the member currently grants that
 * covers this purpose on this channel (a consent on channel "any" included, as hasConsent counts
 * it), recorded with source "unsubscribe" and the member as the actor. Nothing granted = no change.
 * There is no staff actor, so no audit entry: the append-only consent history is the record.
 * The caller (the members module) holds the member row locked.
 */
export async function withdrawCoveredConsentsOfLockedMember(
  tx: Queryable,
  opts: { companyId: string; memberId: string; purpose: ConsentPurpose; channel: ConsentChannel; ip: string },
): Promise<{ consentId: string; key: string; granted: boolean; version: number }[]> {
  const { companyId, memberId } = opts;
  const covered = (await consentStates(tx, companyId, memberId)).filter(
    (s) => s.granted === true && s.purpose === opts.purpose && (s.channel === opts.channel || s.channel === "any"),
  );
  const actor: ConsentActor = { type: "member", id: memberId, name: "unsubscribe link", companyId, ip: opts.ip };
  const appended = await recordConsentChanges(tx, actor, {
    memberId,
    changes: covered.map((s) => ({ consentId: s.consent_id, granted: false })),
    source: "unsubscribe",
    path: "changes",
  });
  if (appended.length > 0)
    await emitEvent(tx, {
      companyId,
      type: "member.consents_changed",
      entityType: "member",
      entityId: memberId,
      payload: { changes: appended, source: "unsubscribe" },
    });
  return appended;
}

/**
 * For set-based audiences (campaigns' counts and recipient lists): an SQL condition that the member
 * row `alias` grants an active consent with this purpose on this channel (or "any") — the same rule
 * as hasConsent, kept next to it.
 */
export function grantsConsentSql(alias: string, purpose: ConsentPurpose, channel: ConsentChannel): Sql {
  const m = raw(alias);
  return sql`exists (
    select 1 from consent_definitions d
     where d.company_id = ${m}.company_id and d.active and d.purpose = ${purpose}
       and (d.channel = ${channel} or d.channel = 'any')
       and (select granted from member_consent_events e
             where e.company_id = d.company_id and e.member_id = ${m}.id and e.consent_id = d.id
             order by e.seq desc limit 1))`;
}

/** SQL condition: the member row `alias` currently grants every one of these consent ids. */
export function grantsAllConsentsSql(alias: string, consentIds: readonly string[]): Sql {
  const m = raw(alias);
  return sql`not exists (
    select 1 from unnest(${consentIds}::text[]) as wanted(consent_id)
     where coalesce((select granted from member_consent_events e
                      where e.company_id = ${m}.company_id and e.member_id = ${m}.id and e.consent_id = wanted.consent_id
                      order by e.seq desc limit 1), false) = false)`;
}

/** Whether the company has made the consents its own: edited a default one or added one (the start page's first steps). */
export async function consentsReviewed(db: Queryable, companyId: string): Promise<boolean> {
  const [row] = await db.query<{ reviewed: boolean }>(
    sql`select exists (select from consent_definitions where company_id = ${companyId} and updated_at > created_at)
            or exists (select from consent_versions where company_id = ${companyId} and created_by is not null) as reviewed`,
  );
  return row?.reviewed ?? false;
}

/** For automation's conditions: the consents each member grants now (latest decision granted). */
export async function grantedConsentIds(db: Queryable, companyId: string, memberIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (memberIds.length === 0) return out;
  const rows = await db.query<{ member_id: string; consent_id: string; granted: boolean }>(
    sql`select distinct on (e.member_id, e.consent_id) e.member_id, e.consent_id, e.granted
          from member_consent_events e
         where e.company_id = ${companyId} and e.member_id = any(${memberIds}::text[])
         order by e.member_id, e.consent_id, e.seq desc`,
  );
  for (const r of rows) {
    if (!r.granted) continue;
    const s = out.get(r.member_id) ?? new Set<string>();
    s.add(r.consent_id);
    out.set(r.member_id, s);
  }
  return out;
}
