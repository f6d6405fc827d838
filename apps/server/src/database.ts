import path from "node:path";
import type { Config } from "./config.js";
import { type Db, openPglite, openPostgres } from "./platform/db.js";
import { migrate } from "./platform/migrations.js";

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded database in DATA_DIR/db. */
export async function openDatabase(config: Config): Promise<Db> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(path.join(config.dataDir, "db"));
  await migrate(db);
  return db;
}
