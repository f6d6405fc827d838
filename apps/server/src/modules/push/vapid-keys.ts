import webpush from "web-push";
import type { Config } from "../../config.js";
import type { Db, Queryable } from "../../platform/db.js";
import { decryptSecret, encryptSecret } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

// Read once per database handle: the pair never changes while the installation runs (a changed
// pair would orphan every subscription, so it is not editable).
const loaded = new WeakMap<object, Promise<VapidKeys>>();

/**
 * The installation's VAPID key pair: the configured one, or the pair generated on first use and
 * stored (`insert … on conflict do nothing` then read: two processes starting at once agree on
 * the first one written).
 */
export function vapidKeys(db: Db | Queryable, config: Config): Promise<VapidKeys> {
  if (config.vapid.keys) return Promise.resolve(config.vapid.keys);
  let keys = loaded.get(db);
  if (!keys) {
    keys = loadOrCreate(db, config);
    loaded.set(db, keys);
    keys.catch(() => loaded.delete(db));
  }
  return keys;
}

async function loadOrCreate(db: Queryable, config: Config): Promise<VapidKeys> {
  const fresh = webpush.generateVAPIDKeys();
  await db.query(
    sql`insert into push_vapid_keys (id, public_key, private_key_enc)
        values (1, ${fresh.publicKey}, ${encryptSecret(config.secretKey, fresh.privateKey)})
        on conflict (id) do nothing`,
  );
  const [row] = await db.query<{ public_key: string; private_key_enc: string }>(
    sql`select public_key, private_key_enc from push_vapid_keys where id = 1`,
  );
  if (!row) throw new Error("push_vapid_keys has no row after the insert");
  return { publicKey: row.public_key, privateKey: decryptSecret(config.secretKey, row.private_key_enc) };
}

/** For `rotate-secret-key`: the stored private key under the new key (0 or 1 values). */
export async function reencryptPushSecrets(tx: Queryable, from: string, to: string): Promise<number> {
  const rows = await tx.query<{ private_key_enc: string }>(sql`select private_key_enc from push_vapid_keys where id = 1 for update`);
  const row = rows[0];
  if (!row) return 0;
  let plain: string;
  try {
    plain = decryptSecret(from, row.private_key_enc);
  } catch (err) {
    throw new Error(`The stored VAPID private key does not decrypt with the current SECRET_KEY (${(err as Error).message})`);
  }
  await tx.query(sql`update push_vapid_keys set private_key_enc = ${encryptSecret(to, plain)} where id = 1`);
  return 1;
}
