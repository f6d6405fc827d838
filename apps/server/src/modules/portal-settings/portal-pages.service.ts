import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { buildMessageContext, renderContent } from "../templates/render.js";
import { sanitizePageHtml } from "./page-html.js";
import type { PortalPage, PortalPageInput, PortalPagePatch } from "./portal-pages.schemas.js";

interface PageRow {
  id: string;
  title: string;
  body_html: string;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

function toPage(r: PageRow): PortalPage {
  return {
    id: r.id,
    title: r.title,
    bodyHtml: r.body_html,
    active: r.active,
    position: r.position,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A company has a handful of pages: the list is whole, in menu order. */
export async function listPortalPages(db: Queryable, companyId: string): Promise<PortalPage[]> {
  const rows = await db.query<PageRow>(sql`select * from portal_pages where company_id = ${companyId} order by position, id`);
  return rows.map(toPage);
}

/** The portal's menu: active pages in order, without their bodies. */
export async function portalMenu(db: Queryable, companyId: string): Promise<{ id: string; title: string; position: number }[]> {
  return db.query(sql`select id, title, position from portal_pages where company_id = ${companyId} and active order by position, id`);
}

async function pageRow(db: Queryable, companyId: string, id: string, lock = false): Promise<PageRow> {
  const [row] = await db.query<PageRow>(
    lock
      ? sql`select * from portal_pages where company_id = ${companyId} and id = ${id} for update`
      : sql`select * from portal_pages where company_id = ${companyId} and id = ${id}`,
  );
  if (!row) throw notFound("Page");
  return row;
}

export async function getPortalPage(db: Queryable, companyId: string, id: string): Promise<PortalPage> {
  return toPage(await pageRow(db, companyId, id));
}

export async function createPortalPage(opts: { db: Db; actor: Actor; input: PortalPageInput }): Promise<PortalPage> {
  const { actor, input } = opts;
  const id = newId("pge");
  const body = sanitizePageHtml(input.bodyHtml);
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<PageRow>(
      sql`insert into portal_pages (company_id, id, title, body_html, active, position)
          values (${actor.companyId}, ${id}, ${input.title}, ${body}, ${input.active},
            coalesce(${input.position ?? null}::integer,
              (select coalesce(max(position) + 1, 0) from portal_pages where company_id = ${actor.companyId})))
          returning *`,
    );
    const page = toPage(row as PageRow);
    await recordAudit(tx, actor, {
      action: "portal_page.created",
      entityType: "portal_page",
      entityId: id,
      changes: { title: page.title, active: page.active, position: page.position },
    });
    return page;
  });
}

export async function updatePortalPage(opts: { db: Db; actor: Actor; id: string; patch: PortalPagePatch }): Promise<PortalPage> {
  const { actor, patch } = opts;
  const body = patch.bodyHtml === undefined ? null : sanitizePageHtml(patch.bodyHtml);
  return opts.db.transaction(async (tx) => {
    const before = toPage(await pageRow(tx, actor.companyId, opts.id, true));
    const [row] = await tx.query<PageRow>(
      sql`update portal_pages set title = coalesce(${patch.title ?? null}, title), body_html = coalesce(${body}, body_html),
            active = coalesce(${patch.active ?? null}::boolean, active),
            position = coalesce(${patch.position ?? null}::integer, position), updated_at = now()
          where company_id = ${actor.companyId} and id = ${opts.id} returning *`,
    );
    const after = toPage(row as PageRow);
    const changes = diff(before, after);
    delete changes.updatedAt;
    // The body's text would bloat the audit log: that it changed is what matters.
    if (changes.bodyHtml) changes.bodyHtml = { from: "…", to: "…" };
    await recordAudit(tx, actor, { action: "portal_page.updated", entityType: "portal_page", entityId: opts.id, changes });
    return after;
  });
}

export async function deletePortalPage(opts: { db: Db; actor: Actor; id: string }): Promise<void> {
  const { actor } = opts;
  await opts.db.transaction(async (tx) => {
    const before = await pageRow(tx, actor.companyId, opts.id, true);
    await tx.query(sql`delete from portal_pages where company_id = ${actor.companyId} and id = ${opts.id}`);
    await recordAudit(tx, actor, {
      action: "portal_page.deleted",
      entityType: "portal_page",
      entityId: opts.id,
      changes: { title: before.title },
    });
  });
}

/**
 * An active page as a member reads it. With a member session the personal fields are that member's
 * (values HTML-escaped by renderContent); without one they render empty, except the company-wide
 * ones (company_name, portal_link), so a public page never shows another person's data or a sample
 * name. The filled HTML is sanitised again: a value inside an attribute (a link to `{first_name}`)
 * must not become a `javascript:` address.
 */
export async function renderPortalPage(
  db: Queryable,
  opts: { companyId: string; pageId: string; memberId: string | null; config: Config },
): Promise<{ id: string; title: string; html: string }> {
  const row = await pageRow(db, opts.companyId, opts.pageId);
  if (!row.active) throw notFound("Page");
  const ctx = await buildMessageContext(db, { companyId: opts.companyId, memberId: opts.memberId, programId: null, config: opts.config });
  const filled = renderContent({ html: row.body_html }, ctx, "email").html;
  const title = renderContent({ subject: row.title }, ctx, "email").subject;
  return { id: row.id, title, html: sanitizePageHtml(filled) };
}
