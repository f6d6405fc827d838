import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { portalBranding } from "../portal-settings/portal-config.js";

/** The widget runs on another site: every address it gets must name this installation. */
export const absolute = (config: Config, url: string) => new URL(url, `${config.publicUrl}/`).toString();

/** The names and logo the widget shows: the member portal's, so both look the same. */
export async function widgetDisplay(db: Queryable, config: Config, companyId: string) {
  const { companyName, programName, logoUrl } = await portalBranding(db, companyId);
  return { companyName, programName, logoUrl: logoUrl ? absolute(config, logoUrl) : null };
}
