import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openPglite, type PgliteDb } from "./db.js";
import { migrate } from "./migrations.js";

/**
 * Backups of the embedded database: one file holding a header line (what it is, when, from which
 * engine) and the data directory as a gzip tar (PGlite's own dump format). The header lets restore
 * refuse any other file before touching anything. PostgreSQL installations use pg_dump/pg_restore
 * (README, Operations).
 */
const MAGIC = "REGULARS-BACKUP";
const FORMAT_VERSION = 1;

export class BackupError extends Error {}

interface BackupHeader {
  format: number;
  engine: "pglite";
  createdAt: string;
}

export function writeBackupFile(file: string, snapshot: Buffer, createdAt = new Date()): void {
  const header: BackupHeader = { format: FORMAT_VERSION, engine: "pglite", createdAt: createdAt.toISOString() };
  writeFileSync(file, Buffer.concat([Buffer.from(`${MAGIC} ${JSON.stringify(header)}\n`), snapshot]), { mode: 0o600 });
}

/** The data directory tarball of a backup file; a BackupError for anything that is not one. */
export function readBackupFile(file: string): { header: BackupHeader; snapshot: Buffer } {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(0x0a);
  const first = bytes.subarray(0, newline > 0 && newline < 1024 ? newline : 0).toString("utf8");
  if (!first.startsWith(`${MAGIC} `)) throw new BackupError(`${file} is not a Regulars backup (made by \`regulars backup\`).`);
  let header: BackupHeader;
  try {
    header = JSON.parse(first.slice(MAGIC.length + 1)) as BackupHeader;
  } catch {
    throw new BackupError(`${file} is not a Regulars backup: its header is damaged.`);
  }
  if (header.format !== FORMAT_VERSION || header.engine !== "pglite")
    throw new BackupError(
      `${file} is a backup in format ${header.format} (${header.engine}); this version reads format ${FORMAT_VERSION}.`,
    );
  return { header, snapshot: bytes.subarray(newline + 1) };
}

/** A snapshot of an embedded database that no server has open (the CLI opens it itself). */
export async function snapshotDataDir(dbDir: string): Promise<Buffer> {
  if (!existsSync(dbDir)) throw new BackupError(`There is no embedded database in ${dbDir}.`);
  const db = await openPglite(dbDir);
  try {
    return Buffer.from(await (await db.snapshot()).arrayBuffer());
  } finally {
    await db.close();
  }
}

/**
 * Loads a backup into dbDir, which must be empty or absent unless `replace` is set; then the
 * previous directory is kept beside it (renamed, never deleted). Migrations run, so a backup from
 * an older version opens in this one.
 */
export async function restoreDataDir(dbDir: string, snapshot: Buffer, opts: { replace: boolean }): Promise<{ kept?: string }> {
  let kept: string | undefined;
  if (existsSync(dbDir) && readdirSync(dbDir).length > 0) {
    if (!opts.replace)
      throw new BackupError(`${dbDir} already holds a database; pass --force to replace it (the current one is kept beside it).`);
    kept = `${dbDir}.before-restore-${new Date().toISOString().replaceAll(":", "-")}`;
    renameSync(dbDir, kept);
  }
  let db: PgliteDb | undefined;
  try {
    db = await openPglite(dbDir, { loadDataDir: new Blob([new Uint8Array(snapshot)]) });
    await migrate(db);
  } catch (err) {
    throw new BackupError(`The backup could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await db?.close();
  }
  return { kept };
}

export const embeddedDbDir = (dataDir: string) => path.join(dataDir, "db");
