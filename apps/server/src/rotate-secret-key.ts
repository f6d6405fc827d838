import { randomBytes } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { type Config, ConfigError, secretKeyFile } from "./config.js";
import { reencryptShopSecrets } from "./modules/connectors/shops.service.js";
import { reencryptMessagingSecrets } from "./modules/messaging/settings.service.js";
import { reencryptPushSecrets } from "./modules/push/vapid-keys.js";
import { reencryptWebhookSecrets } from "./modules/webhooks/endpoints.service.js";
import { reencryptWidgetSecrets } from "./modules/widget/widget-settings.service.js";
import type { Db } from "./platform/db.js";

/**
 * `regulars rotate-secret-key`: every value encrypted under SECRET_KEY (the messaging
 * module's SMTP passwords and SMS tokens, the push module's stored VAPID private key, the widget
 * module's token secrets, the webhook endpoints' and e-shop connections' signing secrets) is re-encrypted under a new key in one transaction, so
 * a failure on any value leaves every value as it was. What SECRET_KEY signs rather than encrypts
 * is not stored and cannot be re-signed: unsubscribe links in e-mails already sent stop working
 * (README, "Rotating SECRET_KEY"). Sessions and API keys are stored as plain hashes, not keyed:
 * they keep working.
 *
 * Run it with every process stopped: a running process keeps the old key and fails to decrypt.
 */
export interface RotationResult {
  newKey: string;
  reencrypted: number;
  /** The embedded installation's key file, now holding the new key; null when SECRET_KEY comes from the environment. */
  keyFile: string | null;
}

export async function rotateSecretKey(opts: { db: Db; config: Config }): Promise<RotationResult> {
  const { db, config } = opts;
  if (config.secretKeySource === "env" && !config.newSecretKey)
    throw new ConfigError(
      "SECRET_KEY is set in the environment: give the new key in NEW_SECRET_KEY (at least 32 characters), then set SECRET_KEY to it",
    );
  const newKey = config.newSecretKey ?? randomBytes(32).toString("base64url");
  if (newKey === config.secretKey) throw new ConfigError("NEW_SECRET_KEY is the current SECRET_KEY");

  // The new key is on disk before the database uses it: a crash after the commit leaves it in
  // secret-key.new, never lost (README says to move it over secret-key then).
  const file = config.secretKeySource === "file" ? secretKeyFile(config.dataDir) : null;
  const pending = file ? `${file}.new` : null;
  if (pending) writeFileSync(pending, `${newKey}\n`, { mode: 0o600 });
  let reencrypted: number;
  try {
    reencrypted = await db.transaction(
      async (tx) =>
        (await reencryptMessagingSecrets(tx, config.secretKey, newKey)) +
        (await reencryptPushSecrets(tx, config.secretKey, newKey)) +
        (await reencryptWidgetSecrets(tx, config.secretKey, newKey)) +
        (await reencryptWebhookSecrets(tx, config.secretKey, newKey)) +
        (await reencryptShopSecrets(tx, config.secretKey, newKey)),
    );
  } catch (err) {
    if (pending && existsSync(pending)) rmSync(pending);
    throw err;
  }
  if (file && pending) renameSync(pending, file);
  return { newKey, reencrypted, keyFile: file };
}
