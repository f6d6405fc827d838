import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./db.js";
import { sql } from "./sql.js";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

// An arbitrary constant naming our migration lock among other advisory locks.
const MIGRATION_LOCK_KEY = 724_611_001;

function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

/** Applies pending forward-only migrations in one transaction; safe when run by several processes. */
export async function migrate(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.query(
      sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set((await tx.query<{ name: string }>(sql`select name from schema_migrations`)).map((r) => r.name));
    const applied: string[] = [];
    for (const file of migrationFiles()) {
      if (done.has(file)) continue;
      await tx.exec(readFileSync(path.join(MIGRATIONS_DIR, file), "utf8"));
      await tx.query(sql`insert into schema_migrations (name) values (${file})`);
      applied.push(file);
    }
    return applied;
  });
}

/** Names of migrations present on disk but not applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const rows = await db.query<{ name: string }>(sql`select name from schema_migrations`).catch(() => [] as { name: string }[]);
  const done = new Set(rows.map((r) => r.name));
  return migrationFiles().filter((f) => !done.has(f));
}
