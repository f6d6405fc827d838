import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidField, invalidFields, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { empty, join, type Sql, sql } from "../../platform/sql.js";
import type { WorkerTask } from "../../platform/worker.js";
import type { ConsentPurpose } from "../consents/consents.schemas.js";
import { grantsAllConsentsSql, grantsConsentSql, listConsents } from "../consents/consents.service.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import type { Channel } from "../messaging/messaging.schemas.js";
import { campaignDeliveryCounts, cancelQueuedMessages, queueMessage } from "../messaging/outbox.service.js";
import { channelConfigured, getSettingsRow } from "../messaging/settings.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { hasPushDeviceSql } from "../push/subscriptions.service.js";
import { buildMessageContext, renderContent } from "../templates/render.js";
import { contentProblems } from "../templates/templates.schemas.js";
import { tiersOf } from "../tiers/tiers.service.js";
import type { Audience, AudienceCount, Campaign, CampaignInput, CampaignPatch, CampaignStatus } from "./campaigns.schemas.js";

interface CampaignRow {
  company_id: string;
  id: string;
  name: string;
  channel: Channel;
  purpose: ConsentPurpose;
  subject: string;
  html: string;
  text: string;
  url: string;
  audience: Audience;
  throttle_per_minute: number | null;
  status: CampaignStatus;
  scheduled_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  materialized_after: string | null;
  materialized: boolean;
  queued_count: number;
  created_at: Date;
  updated_at: Date;
}

const EMPTY_AUDIENCE: Audience = { programId: null, tierIds: [], tags: [], locationIds: [], consentIds: [] };

async function toCampaigns(db: Queryable, companyId: string, rows: CampaignRow[]): Promise<Campaign[]> {
  const counts = await campaignDeliveryCounts(
    db,
    companyId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const c = counts.get(r.id);
    return {
      id: r.id,
      name: r.name,
      channel: r.channel,
      purpose: r.purpose,
      subject: r.subject,
      html: r.html,
      text: r.text,
      url: r.url,
      audience: { ...EMPTY_AUDIENCE, ...r.audience },
      throttlePerMinute: r.throttle_per_minute,
      status: r.status,
      scheduledAt: r.scheduled_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      results: {
        total: c?.total ?? 0,
        queued: c?.queued ?? 0,
        sent: c?.sent ?? 0,
        failed: c?.failed ?? 0,
        noConsent: c?.noConsent ?? 0,
        noAddress: c?.noAddress ?? 0,
        cancelled: c?.cancelled ?? 0,
      },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

async function toCampaign(db: Queryable, companyId: string, row: CampaignRow): Promise<Campaign> {
  return (await toCampaigns(db, companyId, [row]))[0] as Campaign;
}

const FOR_UPDATE = sql`for update`;

async function getCampaignRow(db: Queryable, companyId: string, id: string, lock = false): Promise<CampaignRow> {
  const [row] = await db.query<CampaignRow>(
    sql`select * from campaigns where company_id = ${companyId} and id = ${id} ${lock ? FOR_UPDATE : empty}`,
  );
  if (!row) throw notFound("Campaign");
  return row;
}

export async function getCampaign(db: Queryable, companyId: string, id: string): Promise<Campaign> {
  return toCampaign(db, companyId, await getCampaignRow(db, companyId, id));
}

export async function listCampaigns(opts: {
  db: Queryable;
  actor: Actor;
  status?: CampaignStatus;
  channel?: Channel;
  limit: number;
  cursor?: string;
}): Promise<{ data: Campaign[]; nextCursor: string | null }> {
  const status = opts.status ?? null;
  const channel = opts.channel ?? null;
  const cursor = opts.cursor ?? null;
  const rows = await opts.db.query<CampaignRow>(
    sql`select * from campaigns
         where company_id = ${opts.actor.companyId} and (${status}::text is null or status = ${status})
           and (${channel}::text is null or channel = ${channel}) and (${cursor}::text is null or id < ${cursor})
         order by id desc limit ${opts.limit + 1}`,
  );
  const page = rows.slice(0, opts.limit);
  return {
    data: await toCampaigns(opts.db, opts.actor.companyId, page),
    nextCursor: rows.length > opts.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

// ---- audience ---------------------------------------------------------------------------------

/** The audience's references must be this company's (and the tiers the program's). */
async function assertAudience(tx: Queryable, companyId: string, a: Audience): Promise<void> {
  if (a.programId) {
    await getProgramRow(tx, companyId, a.programId).catch(() => {
      throw invalidField("audience.programId", "not_company_program");
    });
  }
  if (a.tierIds.length > 0) {
    if (!a.programId) throw invalidField("audience.tierIds", "tiers_need_program");
    const tiers = new Set((await tiersOf(tx, companyId, a.programId)).map((t) => t.id));
    if (a.tierIds.some((id) => !tiers.has(id))) throw invalidField("audience.tierIds", "tier_not_of_program");
  }
  if (a.locationIds.length > 0) await assertLocationsExist(tx, companyId, a.locationIds, "audience.locationIds");
  if (a.consentIds.length > 0) {
    const known = new Set((await listConsents({ db: tx, companyId })).map((c) => c.id));
    if (a.consentIds.some((id) => !known.has(id))) throw invalidField("audience.consentIds", "consent_not_of_company");
  }
}

/**
 * The members an audience selects, as SQL over `members m` (active, not erased). Campaigns read
 * members, enrolments and consent decisions in one set-based query: checking them member by member
 * through the owning services would take a query per member just to count. Segments come later.
 */
function audienceWhere(companyId: string, a: Audience): Sql {
  const where = [sql`m.company_id = ${companyId}`, sql`m.status = 'active'`, sql`m.erased_at is null`];
  if (a.programId) {
    const tiers = a.tierIds.length > 0 ? sql` and en.tier_id = any(${a.tierIds}::text[])` : empty;
    where.push(
      sql`exists (select 1 from enrollments en
                   where en.company_id = m.company_id and en.member_id = m.id and en.program_id = ${a.programId}${tiers})`,
    );
  }
  if (a.tags.length > 0) where.push(sql`m.tags && ${a.tags}::text[]`);
  if (a.locationIds.length > 0) where.push(sql`m.join_location_id = any(${a.locationIds}::text[])`);
  if (a.consentIds.length > 0) where.push(grantsAllConsentsSql("m", a.consentIds));
  return join(where, " and ");
}

const HAS_ADDRESS: Record<Channel, Sql> = {
  email: sql`(m.email is not null and m.email <> '')`,
  sms: sql`(m.phone is not null and m.phone <> '')`,
  push: hasPushDeviceSql("m"),
};

export async function countAudience(opts: {
  db: Queryable;
  actor: Actor;
  channel: Channel;
  purpose: ConsentPurpose;
  audience: Audience;
}): Promise<AudienceCount> {
  await assertAudience(opts.db, opts.actor.companyId, opts.audience);
  const grants = grantsConsentSql("m", opts.purpose, opts.channel);
  const [row] = await opts.db.query<{ members: number; no_consent: number; no_address: number }>(
    sql`select count(*)::int as members,
               count(*) filter (where not ${grants})::int as no_consent,
               count(*) filter (where ${grants} and not ${HAS_ADDRESS[opts.channel]})::int as no_address
          from members m where ${audienceWhere(opts.actor.companyId, opts.audience)}`,
  );
  const members = row?.members ?? 0;
  const noConsent = row?.no_consent ?? 0;
  const noAddress = row?.no_address ?? 0;
  return { members, reachable: members - noConsent - noAddress, noConsent, noAddress };
}

/**
 * For automation's dry run: how many of these members a marketing message on the channel would
 * reach (the consent granted and an address, as the audience count decides it).
 */
export async function reachableAmong(db: Queryable, companyId: string, memberIds: readonly string[], channel: Channel): Promise<number> {
  if (memberIds.length === 0) return 0;
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from members m
         where m.company_id = ${companyId} and m.id = any(${memberIds}::text[])
           and ${grantsConsentSql("m", defaultPurpose(channel), channel)} and ${HAS_ADDRESS[channel]}`,
  );
  return row?.n ?? 0;
}

// ---- drafts -----------------------------------------------------------------------------------

/** The consent a marketing message on the channel needs (campaigns, automation's messages). */
export function defaultPurpose(channel: Channel): ConsentPurpose {
  if (channel === "push") return "push_notifications";
  return channel === "email" ? "newsletter" : "sms_marketing";
}

/** Subject and body for an e-mail, text for an SMS, and no unknown {fields}. */
function assertContent(c: { channel: Channel; subject: string; html: string; text: string; url: string }): void {
  const problems: ErrorDetail[] = contentProblems({ ...c, textMode: c.text.trim() ? "custom" : "auto" });
  if (problems.length > 0) throw invalidFields(problems);
}

export async function createCampaign(opts: { db: Db; actor: Actor; input: CampaignInput }): Promise<Campaign> {
  const { actor, input } = opts;
  assertContent(input);
  return opts.db.transaction(async (tx) => {
    await assertAudience(tx, actor.companyId, input.audience);
    const [row] = await tx.query<CampaignRow>(
      sql`insert into campaigns (company_id, id, name, channel, purpose, subject, html, text, url, audience, throttle_per_minute, created_by)
          values (${actor.companyId}, ${newId("cmpg")}, ${input.name}, ${input.channel},
                  ${input.purpose ?? defaultPurpose(input.channel)}, ${input.subject}, ${input.html}, ${input.text}, ${input.url},
                  ${JSON.stringify(input.audience)}, ${input.throttlePerMinute}, ${actor.id})
          returning *`,
    );
    const created = row as CampaignRow;
    await recordAudit(tx, actor, {
      action: "campaign.created",
      entityType: "campaign",
      entityId: created.id,
      changes: { name: created.name, channel: created.channel, purpose: created.purpose },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "campaign.created", entityType: "campaign", entityId: created.id });
    return toCampaign(tx, actor.companyId, created);
  });
}

function assertDraft(row: CampaignRow, doing: string): void {
  if (row.status !== "draft") throw new AppError("conflict", `Only a draft campaign can be ${doing}; this one is ${row.status}`);
}

export async function updateCampaign(opts: { db: Db; actor: Actor; campaignId: string; patch: CampaignPatch }): Promise<Campaign> {
  const { actor, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getCampaignRow(tx, actor.companyId, opts.campaignId, true);
    assertDraft(before, "changed");
    const merged = {
      name: patch.name ?? before.name,
      purpose: patch.purpose ?? before.purpose,
      subject: patch.subject ?? before.subject,
      html: patch.html ?? before.html,
      text: patch.text ?? before.text,
      url: patch.url ?? before.url,
      audience: patch.audience ?? { ...EMPTY_AUDIENCE, ...before.audience },
      throttlePerMinute: patch.throttlePerMinute !== undefined ? patch.throttlePerMinute : before.throttle_per_minute,
    };
    assertContent({ channel: before.channel, ...merged });
    if (patch.audience) await assertAudience(tx, actor.companyId, patch.audience);
    const [row] = await tx.query<CampaignRow>(
      sql`update campaigns set name = ${merged.name}, purpose = ${merged.purpose}, subject = ${merged.subject}, html = ${merged.html},
                 text = ${merged.text}, url = ${merged.url}, audience = ${JSON.stringify(merged.audience)}, throttle_per_minute = ${merged.throttlePerMinute},
                 updated_at = now()
           where company_id = ${actor.companyId} and id = ${before.id} returning *`,
    );
    const after = row as CampaignRow;
    const pick = (r: CampaignRow) => ({
      name: r.name,
      purpose: r.purpose,
      subject: r.subject,
      html: r.html,
      text: r.text,
      url: r.url,
      audience: r.audience,
      throttlePerMinute: r.throttle_per_minute,
    });
    const changes = diff(pick(before), pick(after));
    await recordAudit(tx, actor, { action: "campaign.updated", entityType: "campaign", entityId: before.id, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "campaign.updated",
      entityType: "campaign",
      entityId: before.id,
      payload: { fields: Object.keys(changes) },
    });
    return toCampaign(tx, actor.companyId, after);
  });
}

export async function deleteCampaign(opts: { db: Db; actor: Actor; campaignId: string }): Promise<void> {
  const { actor } = opts;
  await opts.db.transaction(async (tx) => {
    const row = await getCampaignRow(tx, actor.companyId, opts.campaignId, true);
    assertDraft(row, "deleted");
    await tx.query(sql`delete from campaigns where company_id = ${actor.companyId} and id = ${row.id}`);
    await recordAudit(tx, actor, { action: "campaign.deleted", entityType: "campaign", entityId: row.id, changes: { name: row.name } });
    await emitEvent(tx, { companyId: actor.companyId, type: "campaign.deleted", entityType: "campaign", entityId: row.id });
  });
}

// ---- sending ----------------------------------------------------------------------------------

/** Schedules a draft (now, or at `scheduledAt`); the worker then queues its messages. */
export async function sendCampaign(opts: { db: Db; actor: Actor; campaignId: string; scheduledAt?: Date; now: Date }): Promise<Campaign> {
  const { actor, now } = opts;
  if (opts.scheduledAt && opts.scheduledAt.getTime() < now.getTime() - 60_000) throw invalidField("scheduledAt", "not_in_past");
  return opts.db.transaction(async (tx) => {
    const row = await getCampaignRow(tx, actor.companyId, opts.campaignId, true);
    assertDraft(row, "sent");
    if (!channelConfigured(await getSettingsRow(tx, actor.companyId), row.channel)) {
      const what = row.channel === "email" ? "E-mail sending is not enabled" : "No SMS provider is chosen";
      throw new AppError("unprocessable", `${what} in the outbox settings`, [
        detail("channel", row.channel === "email" ? "email_sending_off" : "sms_provider_missing"),
      ]);
    }
    const at = opts.scheduledAt && opts.scheduledAt > now ? opts.scheduledAt : now;
    const [updated] = await tx.query<CampaignRow>(
      sql`update campaigns set status = 'scheduled', scheduled_at = ${at}, updated_at = now()
           where company_id = ${actor.companyId} and id = ${row.id} returning *`,
    );
    await recordAudit(tx, actor, {
      action: "campaign.scheduled",
      entityType: "campaign",
      entityId: row.id,
      changes: { scheduledAt: at.toISOString() },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "campaign.scheduled",
      entityType: "campaign",
      entityId: row.id,
      payload: { scheduledAt: at.toISOString() },
    });
    return toCampaign(tx, actor.companyId, updated as CampaignRow);
  });
}

/** Stops a scheduled or sending campaign: nothing more is queued, queued messages are skipped as cancelled. */
export async function cancelCampaign(opts: { db: Db; actor: Actor; campaignId: string; now: Date }): Promise<Campaign> {
  const { actor } = opts;
  return opts.db.transaction(async (tx) => {
    const row = await getCampaignRow(tx, actor.companyId, opts.campaignId, true);
    if (row.status !== "scheduled" && row.status !== "sending")
      throw new AppError("conflict", `Only a scheduled or sending campaign can be cancelled; this one is ${row.status}`);
    const [updated] = await tx.query<CampaignRow>(
      sql`update campaigns set status = 'cancelled', finished_at = ${opts.now}, updated_at = now()
           where company_id = ${actor.companyId} and id = ${row.id} returning *`,
    );
    const stopped = await cancelQueuedMessages(tx, actor.companyId, row.id);
    await recordAudit(tx, actor, { action: "campaign.cancelled", entityType: "campaign", entityId: row.id, changes: { stopped } });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "campaign.cancelled",
      entityType: "campaign",
      entityId: row.id,
      payload: { stopped },
    });
    return toCampaign(tx, actor.companyId, updated as CampaignRow);
  });
}

const CHUNK = 100;

/**
 * The worker's side: for each due campaign, walks its audience in member-id order, a chunk per
 * transaction (the campaign row locked with skip locked, so two workers never take the same
 * chunk), rendering each member's message and queueing it with the key campaign:<id>:<member>
 * (a repeated chunk queues nothing twice). Throttling spaces the messages' notBefore by the
 * campaign's rate. A campaign whose audience is exhausted and whose messages are all handled
 * becomes `sent`. Returns the number of recipients processed.
 */
export async function processDueCampaigns(opts: {
  db: Db;
  config: Config;
  now: Date;
  companyId?: string;
  maxChunks?: number;
}): Promise<number> {
  const { db, now } = opts;
  const companyId = opts.companyId ?? null;
  const due = await db.query<{ company_id: string; id: string }>(
    sql`select company_id, id from campaigns
         where status in ('scheduled', 'sending') and scheduled_at <= ${now} and (${companyId}::text is null or company_id = ${companyId})
         order by scheduled_at limit 20`,
  );
  let processed = 0;
  let budget = opts.maxChunks ?? 20;
  for (const c of due) {
    while (budget-- > 0) {
      const step = await processChunk(db, opts.config, c.company_id, c.id, now);
      processed += step.recipients;
      if (step.done) break;
    }
    if (budget <= 0) break;
  }
  return processed;
}

async function processChunk(
  db: Db,
  config: Config,
  companyId: string,
  campaignId: string,
  now: Date,
): Promise<{ recipients: number; done: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<CampaignRow>(
      sql`select * from campaigns where company_id = ${companyId} and id = ${campaignId} for update skip locked`,
    );
    if (!row || (row.status !== "scheduled" && row.status !== "sending")) return { recipients: 0, done: true };
    if (row.materialized) {
      const counts = (await campaignDeliveryCounts(tx, companyId, [row.id])).get(row.id);
      if ((counts?.queued ?? 0) === 0)
        await tx.query(
          sql`update campaigns set status = 'sent', finished_at = ${now}, updated_at = now()
               where company_id = ${companyId} and id = ${row.id}`,
        );
      return { recipients: 0, done: true };
    }
    const startedAt = row.started_at ?? now;
    const audience = { ...EMPTY_AUDIENCE, ...row.audience };
    const after = row.materialized_after;
    const members = await tx.query<{ id: string }>(
      sql`select m.id from members m where ${audienceWhere(companyId, audience)} and (${after}::text is null or m.id > ${after})
           order by m.id limit ${CHUNK}`,
    );
    let queued = row.queued_count;
    for (const m of members) {
      const ctx = await buildMessageContext(tx, { companyId, memberId: m.id, programId: audience.programId, config, now });
      const content = renderContent({ subject: row.subject, html: row.html, text: row.text, url: row.url }, ctx, row.channel);
      const notBefore = row.throttle_per_minute
        ? new Date(startedAt.getTime() + Math.floor(queued / row.throttle_per_minute) * 60_000)
        : undefined;
      const result = await queueMessage(
        tx,
        {
          companyId,
          memberId: m.id,
          channel: row.channel,
          kind: "campaign",
          purpose: row.purpose,
          subject: content.subject,
          html: content.html,
          text: content.text,
          url: content.url,
          programId: audience.programId,
          campaignId: row.id,
          dedupeKey: `campaign:${row.id}:${m.id}`,
          notBefore,
        },
        { now, config },
      );
      if (result.status === "queued") queued++;
    }
    const exhausted = members.length < CHUNK;
    await tx.query(
      sql`update campaigns set status = 'sending', started_at = ${startedAt}, materialized_after = ${members.at(-1)?.id ?? after},
                 materialized = ${exhausted}, queued_count = ${queued}, updated_at = now()
           where company_id = ${companyId} and id = ${row.id}`,
    );
    if (!row.started_at)
      await emitEvent(tx, { companyId, type: "campaign.started", entityType: "campaign", entityId: row.id, payload: {} });
    // An exhausted audience is checked for "sent" on the next step.
    return { recipients: members.length, done: false };
  });
}

/** The worker's polling task for campaigns (next to the message dispatcher). */
export function campaignSenderTask(config: Config): WorkerTask {
  return {
    name: "campaigns-send",
    run: (now, { db }) => processDueCampaigns({ db, config, now }),
  };
}
