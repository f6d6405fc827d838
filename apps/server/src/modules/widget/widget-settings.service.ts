import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { detail, type ErrorDetail, invalidFields } from "../../platform/errors.js";
import { randomToken } from "../../platform/ids.js";
import { decryptSecret, encryptSecret } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { portalLink } from "../templates/render.js";
import { widgetDisplay } from "./widget-display.js";
import type { WidgetAppearance, WidgetSecrets, WidgetSettings, WidgetSettingsInput } from "./widget-settings.schemas.js";

/** How long the previous secret keeps verifying after a rotation: time to deploy the new one on the site. */
const PREVIOUS_SECRET_DAYS = 7;

export interface WidgetSettingsRow {
  company_id: string;
  enabled: boolean;
  public_key: string;
  allowed_origins: string[];
  accent_color: string;
  position: WidgetAppearance["position"];
  texts: Partial<WidgetAppearance["texts"]>;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_valid_until: Date | null;
  secret_rotated_at: Date | null;
  updated_at: Date;
}

const EMPTY_TEXTS = { launcher: "", title: "", intro: "" };
const newSecret = () => `wsk_${randomToken(32)}`;

/** The row, made on first use with a public key and a secret (concurrent first reads make one). */
export async function widgetSettingsRow(db: Queryable, config: Config, companyId: string): Promise<WidgetSettingsRow> {
  const [existing] = await db.query<WidgetSettingsRow>(sql`select * from widget_settings where company_id = ${companyId}`);
  if (existing) return existing;
  await db.query(
    sql`insert into widget_settings (company_id, public_key, secret_enc)
        values (${companyId}, ${`wpk_${randomToken(16)}`}, ${encryptSecret(config.secretKey, newSecret())})
        on conflict (company_id) do nothing`,
  );
  const [row] = await db.query<WidgetSettingsRow>(sql`select * from widget_settings where company_id = ${companyId}`);
  return row as WidgetSettingsRow;
}

export function appearanceOf(row: WidgetSettingsRow): WidgetAppearance {
  return {
    accentColor: row.accent_color,
    position: row.position,
    texts: { pl: { ...EMPTY_TEXTS, ...row.texts.pl }, en: { ...EMPTY_TEXTS, ...row.texts.en } },
  };
}

const scriptUrlOf = (config: Config) => `${config.publicUrl}/widget.js`;

async function toSettings(db: Queryable, row: WidgetSettingsRow, config: Config): Promise<WidgetSettings> {
  const scriptUrl = scriptUrlOf(config);
  const { slug } = await getCompany(db, row.company_id);
  return {
    enabled: row.enabled,
    publicKey: row.public_key,
    allowedOrigins: row.allowed_origins,
    appearance: appearanceOf(row),
    display: await widgetDisplay(db, config, row.company_id),
    secret: { rotatedAt: row.secret_rotated_at, previousValidUntil: row.previous_valid_until },
    scriptUrl,
    snippet: `<script src="${scriptUrl}" data-company="${row.public_key}" async></script>`,
    portalUrl: portalLink(config, slug),
    updatedAt: row.updated_at,
  };
}

export async function getWidgetSettings(opts: { db: Queryable; config: Config; companyId: string }): Promise<WidgetSettings> {
  return toSettings(opts.db, await widgetSettingsRow(opts.db, opts.config, opts.companyId), opts.config);
}

const ORIGIN_EXAMPLE = "https://shop.example.com";

/** "https://Shop.example.com:443" → "https://shop.example.com"; null when it is not a bare web origin. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  // A path, query, fragment or credentials mean the admin pasted a page, not a site: say so.
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/" || value.includes("?")) return null;
  return url.origin;
}

function checkOrigins(origins: string[]): string[] {
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  const out: string[] = [];
  origins.forEach((value, i) => {
    const origin = normalizeOrigin(value);
    if (!origin) problems.push(detail(`allowedOrigins.${i}`, "web_origin", { example: ORIGIN_EXAMPLE }));
    else if (seen.has(origin)) problems.push(detail(`allowedOrigins.${i}`, "listed_twice"));
    else {
      seen.add(origin);
      out.push(origin);
    }
  });
  if (problems.length) throw invalidFields(problems);
  return out;
}

export async function updateWidgetSettings(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  input: WidgetSettingsInput;
}): Promise<WidgetSettings> {
  const { db, config, actor, input } = opts;
  const companyId = actor.companyId;
  const origins = checkOrigins(input.allowedOrigins);
  return db.transaction(async (tx) => {
    const before = await widgetSettingsRow(tx, config, companyId);
    const { accentColor, position, texts } = input.appearance;
    const [row] = await tx.query<WidgetSettingsRow>(
      sql`update widget_settings
             set enabled = ${input.enabled}, allowed_origins = ${origins}, accent_color = ${accentColor.toLowerCase()},
                 position = ${position}, texts = ${JSON.stringify(texts)}::jsonb, updated_at = now()
           where company_id = ${companyId}
       returning *`,
    );
    const after = row as WidgetSettingsRow;
    const changes = diff(
      { enabled: before.enabled, allowedOrigins: before.allowed_origins, appearance: appearanceOf(before) },
      { enabled: after.enabled, allowedOrigins: after.allowed_origins, appearance: appearanceOf(after) },
    );
    await recordAudit(tx, actor, { action: "widget.settings_updated", entityType: "widget_settings", entityId: companyId, changes });
    return toSettings(tx, after, config);
  });
}

/** The secrets that verify a host's token now: the current one, and the previous one during a rotation. */
export function verifyingSecrets(row: WidgetSettingsRow, config: Config, now: Date): string[] {
  const secrets = [decryptSecret(config.secretKey, row.secret_enc)];
  if (row.previous_secret_enc && row.previous_valid_until && row.previous_valid_until > now)
    secrets.push(decryptSecret(config.secretKey, row.previous_secret_enc));
  return secrets;
}

function toSecrets(row: WidgetSettingsRow, config: Config, now: Date): WidgetSecrets {
  const live = row.previous_secret_enc && row.previous_valid_until && row.previous_valid_until > now;
  return {
    current: decryptSecret(config.secretKey, row.secret_enc),
    previous: live ? decryptSecret(config.secretKey, row.previous_secret_enc as string) : null,
    previousValidUntil: live ? row.previous_valid_until : null,
  };
}

/** Shows the secrets to staff who may change the settings; each look is in the audit log. */
export async function revealWidgetSecrets(opts: { db: Db; config: Config; actor: Actor; now: Date }): Promise<WidgetSecrets> {
  const { db, config, actor, now } = opts;
  return db.transaction(async (tx) => {
    const row = await widgetSettingsRow(tx, config, actor.companyId);
    await recordAudit(tx, actor, { action: "widget.secret_revealed", entityType: "widget_settings", entityId: actor.companyId });
    return toSecrets(row, config, now);
  });
}

/**
 * A new current secret; the one it replaces keeps verifying for PREVIOUS_SECRET_DAYS, so the site
 * can switch without signed-in customers seeing an error. A rotation during a rotation drops the
 * oldest secret.
 */
export async function rotateWidgetSecret(opts: { db: Db; config: Config; actor: Actor; now: Date }): Promise<WidgetSecrets> {
  const { db, config, actor, now } = opts;
  return db.transaction(async (tx) => {
    const before = await widgetSettingsRow(tx, config, actor.companyId);
    const validUntil = new Date(now.getTime() + PREVIOUS_SECRET_DAYS * 86_400_000);
    const [row] = await tx.query<WidgetSettingsRow>(
      sql`update widget_settings
             set previous_secret_enc = secret_enc, previous_valid_until = ${validUntil},
                 secret_enc = ${encryptSecret(config.secretKey, newSecret())}, secret_rotated_at = ${now}, updated_at = now()
           where company_id = ${actor.companyId} and secret_enc = ${before.secret_enc}
       returning *`,
    );
    // Two rotations at once: the other one won; its secret is the current one.
    const after = row ?? (await widgetSettingsRow(tx, config, actor.companyId));
    await recordAudit(tx, actor, {
      action: "widget.secret_rotated",
      entityType: "widget_settings",
      entityId: actor.companyId,
      changes: { previousValidUntil: { from: before.previous_valid_until, to: validUntil } },
    });
    return toSecrets(after, config, now);
  });
}

/** Ends a rotation now (the site uses the new secret): tokens signed with the previous one are refused. */
export async function revokePreviousWidgetSecret(opts: { db: Db; config: Config; actor: Actor }): Promise<WidgetSettings> {
  const { db, config, actor } = opts;
  return db.transaction(async (tx) => {
    await widgetSettingsRow(tx, config, actor.companyId);
    const [row] = await tx.query<WidgetSettingsRow>(
      sql`update widget_settings set previous_secret_enc = null, previous_valid_until = null, updated_at = now()
           where company_id = ${actor.companyId} returning *`,
    );
    await recordAudit(tx, actor, { action: "widget.secret_previous_revoked", entityType: "widget_settings", entityId: actor.companyId });
    return toSettings(tx, row as WidgetSettingsRow, config);
  });
}

/** For `rotate-secret-key`: every company's widget secrets under the new key. */
export async function reencryptWidgetSecrets(tx: Queryable, from: string, to: string): Promise<number> {
  const rows = await tx.query<{ company_id: string; secret_enc: string; previous_secret_enc: string | null }>(
    sql`select company_id, secret_enc, previous_secret_enc from widget_settings for update`,
  );
  let count = 0;
  for (const r of rows) {
    const again = (stored: string) => encryptSecret(to, decryptSecret(from, stored));
    const previous = r.previous_secret_enc ? again(r.previous_secret_enc) : null;
    await tx.query(
      sql`update widget_settings set secret_enc = ${again(r.secret_enc)}, previous_secret_enc = ${previous}
           where company_id = ${r.company_id}`,
    );
    count += previous ? 2 : 1;
  }
  return count;
}
