import type { FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import { type PortalCompany, portalCompanyById } from "../portal-settings/portal-company.js";
import type { WidgetSettingsRow } from "./widget-settings.service.js";

/** The company a widget request is for, found by the snippet's public key, with its widget settings. */
export interface WidgetCompany {
  company: PortalCompany;
  settings: WidgetSettingsRow;
}

async function findWidgetCompany(db: Queryable, key: string): Promise<WidgetCompany | null> {
  const [settings] = await db.query<WidgetSettingsRow>(sql`select * from widget_settings where public_key = ${key} and enabled`);
  return settings ? { company: await portalCompanyById(db, settings.company_id), settings } : null;
}

// The origin check, the session check and the handler each need the company: one read per request.
const perRequest = new WeakMap<FastifyRequest, Promise<WidgetCompany | null>>();

const widgetKeyOf = (req: FastifyRequest) => (req.params as { key?: string }).key ?? "";

/** The widget of the request's `:key`; an unknown key and a switched-off widget answer alike (404). */
export async function widgetCompanyOf(req: FastifyRequest, db: Queryable): Promise<WidgetCompany> {
  let found = perRequest.get(req);
  if (!found) {
    found = findWidgetCompany(db, widgetKeyOf(req));
    perRequest.set(req, found);
  }
  const widget = await found;
  if (!widget) throw new AppError("not_found", "No website widget with this key, or it is switched off");
  return widget;
}

/** The installation's own pages may call the widget's API too (nothing to allow there). */
export const ownOrigin = (config: Config) => new URL(config.publicUrl).origin;
