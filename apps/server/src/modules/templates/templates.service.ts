import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidField, invalidFields, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { findMember } from "../members/members.service.js";
import { brandedEmail } from "../messaging/email-layout.js";
import type { SendReport } from "../messaging/messaging.schemas.js";
import { sendMessageNow } from "../messaging/outbox.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { getStaffMember } from "../staff/staff.service.js";
import { buildMessageContext, htmlToPlainText, PLACEHOLDERS, renderContent, sampleMessageContext, smsSegments } from "./render.js";
import {
  contentProblems,
  type MessageTemplate,
  type PreviewBody,
  type TemplateInput,
  type TemplatePatch,
  type TestSendBody,
} from "./templates.schemas.js";

interface TemplateRow {
  id: string;
  name: string;
  channel: MessageTemplate["channel"];
  subject: string;
  html: string;
  text: string;
  text_mode: MessageTemplate["textMode"];
  url: string;
  created_at: Date;
  updated_at: Date;
}

function toTemplate(r: TemplateRow): MessageTemplate {
  return {
    id: r.id,
    name: r.name,
    channel: r.channel,
    subject: r.subject,
    html: r.html,
    text: r.text,
    textMode: r.text_mode,
    url: r.url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function failIf(details: ErrorDetail[]): void {
  if (details.length > 0) throw invalidFields(details);
}

/**
 * What is stored: an SMS keeps only its text; an e-mail in auto mode stores the plain text generated
 * from its HTML (so the editor can show it), and is generated again from the rendered HTML on sending.
 */
function normalized(t: Omit<TemplateInput, "name">): Omit<TemplateInput, "name"> {
  if (t.channel === "sms") return { ...t, subject: "", html: "", textMode: "custom", url: "" };
  if (t.channel === "push") return { ...t, html: "", textMode: "custom" };
  const email = { ...t, url: "" };
  return email.textMode === "auto" ? { ...email, text: htmlToPlainText(email.html) } : email;
}

export async function getTemplate(db: Queryable, companyId: string, id: string): Promise<MessageTemplate> {
  const [row] = await db.query<TemplateRow>(sql`select * from message_templates where company_id = ${companyId} and id = ${id}`);
  if (!row) throw notFound("Message template");
  return toTemplate(row);
}

export async function listTemplates(opts: {
  db: Queryable;
  companyId: string;
  channel?: MessageTemplate["channel"];
  q?: string;
  limit: number;
  cursor?: string;
}): Promise<MessageTemplate[]> {
  const channel = opts.channel ?? null;
  const q = opts.q || null;
  const cursor = opts.cursor ?? null;
  const rows = await opts.db.query<TemplateRow>(
    sql`select * from message_templates
         where company_id = ${opts.companyId} and (${channel}::text is null or channel = ${channel})
           and (${q}::text is null or name ilike '%' || ${q}::text || '%' or subject ilike '%' || ${q}::text || '%')
           and (${cursor}::text is null or id < ${cursor})
         order by id desc limit ${opts.limit + 1}`,
  );
  return rows.map(toTemplate);
}

export async function createTemplate(opts: { db: Db; actor: Actor; input: TemplateInput }): Promise<MessageTemplate> {
  const { actor } = opts;
  const t = normalized(opts.input);
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<TemplateRow>(
      sql`insert into message_templates (company_id, id, name, channel, subject, html, text, text_mode, url)
          values (${actor.companyId}, ${newId("tpl")}, ${opts.input.name}, ${t.channel}, ${t.subject}, ${t.html}, ${t.text}, ${t.textMode},
            ${t.url})
          returning *`,
    );
    const created = toTemplate(row as TemplateRow);
    await recordAudit(tx, actor, {
      action: "message_template.created",
      entityType: "message_template",
      entityId: created.id,
      changes: { name: created.name, channel: created.channel, subject: created.subject },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "message_template.created",
      entityType: "message_template",
      entityId: created.id,
    });
    return created;
  });
}

export async function updateTemplate(opts: { db: Db; actor: Actor; id: string; patch: TemplatePatch }): Promise<MessageTemplate> {
  const { actor, id, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const [locked] = await tx.query<TemplateRow>(
      sql`select * from message_templates where company_id = ${actor.companyId} and id = ${id} for update`,
    );
    if (!locked) throw notFound("Message template");
    const before = toTemplate(locked);
    const merged = {
      channel: before.channel,
      subject: patch.subject ?? before.subject,
      html: patch.html ?? before.html,
      text: patch.text ?? before.text,
      textMode: patch.textMode ?? before.textMode,
      url: patch.url ?? before.url,
    };
    failIf(contentProblems(merged));
    const t = normalized(merged);
    const [row] = await tx.query<TemplateRow>(
      sql`update message_templates
             set name = ${patch.name ?? before.name}, subject = ${t.subject}, html = ${t.html}, text = ${t.text}, text_mode = ${t.textMode},
                 url = ${t.url}, updated_at = now()
           where company_id = ${actor.companyId} and id = ${id} returning *`,
    );
    const after = toTemplate(row as TemplateRow);
    const changes = diff(
      { name: before.name, subject: before.subject, html: before.html, text: before.text, textMode: before.textMode },
      { name: after.name, subject: after.subject, html: after.html, text: after.text, textMode: after.textMode },
    );
    await recordAudit(tx, actor, { action: "message_template.updated", entityType: "message_template", entityId: id, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "message_template.updated",
      entityType: "message_template",
      entityId: id,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}

export async function deleteTemplate(opts: { db: Db; actor: Actor; id: string }): Promise<void> {
  const { actor, id } = opts;
  await opts.db.transaction(async (tx) => {
    const [row] = await tx.query<TemplateRow>(
      sql`delete from message_templates where company_id = ${actor.companyId} and id = ${id} returning *`,
    );
    if (!row) throw notFound("Message template");
    await recordAudit(tx, actor, {
      action: "message_template.deleted",
      entityType: "message_template",
      entityId: id,
      changes: { name: row.name, channel: row.channel },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "message_template.deleted", entityType: "message_template", entityId: id });
  });
}

// ---- placeholders, preview, test send ----------------------------------------------------------

export async function listPlaceholders(opts: { db: Queryable; config: Config; companyId: string }) {
  const company = await getCompany(opts.db, opts.companyId);
  const sample = sampleMessageContext({
    language: company.language,
    companyName: company.name,
    companySlug: company.slug,
    config: opts.config,
  });
  return PLACEHOLDERS.map((name) => ({ name, example: sample[name] }));
}

/** The personal fields of the chosen member, or example values (with the company's real name and links). */
async function previewContext(db: Queryable, config: Config, actor: Actor, body: PreviewBody, now: Date) {
  const { companyId } = actor;
  // messages.read alone must not open the member card: a preview with a member shows its data.
  if (body.memberId && !actor.permissions.has("members.read"))
    throw new AppError("forbidden", "Missing permission members.read to use a member's data", [detail("memberId", "needs_members_read")]);
  if (body.programId) {
    await getProgramRow(db, companyId, body.programId).catch(() => {
      throw invalidField("programId", "not_company_program");
    });
  }
  if (body.memberId) {
    if (!(await findMember(db, companyId, body.memberId))) throw invalidField("memberId", "not_company_member");
    return buildMessageContext(db, { companyId, memberId: body.memberId, programId: body.programId ?? null, config, now });
  }
  const company = await getCompany(db, companyId);
  const programName = body.programId ? (await getProgramRow(db, companyId, body.programId)).name : null;
  return sampleMessageContext({ language: company.language, companyName: company.name, companySlug: company.slug, programName, config });
}

/**
 * Renders content as it would go out: personal fields filled, an e-mail wrapped in the company's
 * branded layout with the unsubscribe footer (an example link: a preview must not carry a working
 * one), an SMS with its length and parts. Unknown fields stay as written (saving refuses them).
 */
export async function previewMessage(opts: { db: Db; config: Config; actor: Actor; body: PreviewBody; now: Date }) {
  const { db, config, actor, body } = opts;
  const ctx = await previewContext(db, config, actor, body, opts.now);
  const rendered = renderContent(body, ctx, body.channel);
  if (body.channel === "sms") return { subject: "", html: "", text: rendered.text, sms: smsSegments(rendered.text), push: null };
  if (body.channel === "push")
    return {
      subject: rendered.subject,
      html: "",
      text: rendered.text,
      sms: null,
      push: { title: rendered.subject, body: rendered.text, url: rendered.url || `${ctx.portal_link ?? ""}/` },
    };
  const email = await brandedEmail(db, {
    config,
    companyId: actor.companyId,
    programId: body.programId ?? null,
    memberId: null,
    purpose: "commercial_information",
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    sampleUnsubscribe: true,
  });
  return { subject: rendered.subject, html: email.html, text: email.text, sms: null, push: null };
}

/**
 * Sends content to the staff member (by default their own e-mail address) with the chosen member's
 * fields, right away, and reports the provider's answer. Never to the member: `to` is always explicit.
 */
export async function sendTestMessage(opts: { db: Db; config: Config; actor: Actor; body: TestSendBody; now: Date }): Promise<SendReport> {
  const { db, config, actor, body } = opts;
  if (body.channel === "push") return sendPushTest(opts);
  let to = body.to;
  if (!to && body.channel === "email" && actor.type === "staff") to = (await getStaffMember(db, actor.companyId, actor.id)).email;
  if (!to) throw invalidField("to", body.channel === "sms" ? "test_to_required_sms" : "test_to_required_api_key");
  if (body.channel === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) throw invalidField("to", "email");
  const ctx = await previewContext(db, config, actor, body, opts.now);
  const rendered = renderContent(body, ctx, body.channel);
  if (body.channel === "email" && !rendered.subject) throw invalidField("subject", "required_email");
  if (!rendered.text && !rendered.html) throw invalidField(body.channel === "sms" ? "text" : "html", "required");
  return sendMessageNow({
    db,
    config,
    actor,
    message: {
      companyId: actor.companyId,
      memberId: null,
      channel: body.channel,
      kind: "test",
      to,
      subject: body.channel === "email" ? rendered.subject : undefined,
      html: body.channel === "email" ? rendered.html : undefined,
      text: rendered.text,
      programId: body.programId ?? null,
    },
  });
}

/**
 * A push test goes to the chosen member's devices (a staff member has none of their own): the
 * owner subscribes on their phone as a member of their own program and tests on it.
 */
async function sendPushTest(opts: { db: Db; config: Config; actor: Actor; body: TestSendBody; now: Date }): Promise<SendReport> {
  const { db, config, actor, body } = opts;
  if (!body.memberId) throw invalidField("memberId", "required_push");
  const ctx = await previewContext(db, config, actor, body, opts.now);
  const rendered = renderContent(body, ctx, "push");
  if (!rendered.subject) throw invalidField("subject", "required_push");
  if (!rendered.text) throw invalidField("text", "required_push");
  return sendMessageNow({
    db,
    config,
    actor,
    message: {
      companyId: actor.companyId,
      memberId: body.memberId,
      channel: "push",
      kind: "test",
      subject: rendered.subject,
      text: rendered.text,
      url: rendered.url,
      programId: body.programId ?? null,
    },
  });
}
