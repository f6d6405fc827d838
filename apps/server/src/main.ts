#!/usr/bin/env node
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildApp } from "./app.js";
import { backgroundWork } from "./background.js";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./database.js";
import { DEMO_MEMBER_EMAIL, DEMO_PASSWORD, DEMO_SLUG, seedDemo } from "./demo.js";
import { verifyBalances } from "./modules/ledger/verify-balances.js";
import { createStaffAccountCli } from "./modules/staff/staff.cli.js";
import { adminSocketAnswers, DataDirInUseError, requestSnapshot, startAdminSocket } from "./platform/admin-socket.js";
import { BackupError, embeddedDbDir, readBackupFile, restoreDataDir, snapshotDataDir, writeBackupFile } from "./platform/backup.js";
import type { PgliteDb } from "./platform/db.js";
import { ROLES, type Role } from "./platform/permissions.js";
import { exitGracefullyOnSignals } from "./platform/shutdown.js";
import { startWorker } from "./platform/worker.js";
import { rotateSecretKey } from "./rotate-secret-key.js";

const HELP = `Usage: regulars <command> [options]

Commands:
  serve [--no-worker]   Run the web server (admin panel, API); also the background worker unless --no-worker
  worker                Run only the background worker (PostgreSQL only; many may run at once)
  migrate               Apply database migrations and exit
  seed-demo             Create a demo company with locations and staff (safe to run twice)
  create-staff          Create a staff account: --email --name --password [--company <slug> --role <role>] [--operator]
  backup <file>         Write a backup of the embedded database to <file>, also while the server runs (PostgreSQL: pg_dump, see README.md)
  restore <file> [--force]
                        Load a backup into DATA_DIR (server stopped); --force replaces an existing database, kept beside it
  rotate-secret-key     Re-encrypt stored secrets under a new SECRET_KEY (NEW_SECRET_KEY, or generated for the embedded database); stop every process first
  verify-balances       Recompute every member's balance from the ledger; exit 1 and list differences if any
  openapi               Print the OpenAPI document
  help                  Show this help

Configuration comes from environment variables; see README.md.`;

/** The embedded database's door for `regulars backup` (a second process must not open the database). */
async function openAdminSocket(dataDir: string, db: PgliteDb): Promise<{ close(): Promise<void> } | null> {
  try {
    return await startAdminSocket(dataDir, { snapshot: async () => Buffer.from(await (await db.snapshot()).arrayBuffer()) });
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new ConfigError(err.message);
    console.error(
      `No admin socket in ${dataDir} (${err instanceof Error ? err.message : err}): \`regulars backup\` cannot reach this server; stop it to back up.`,
    );
    return null;
  }
}

async function main(): Promise<void> {
  const [command = "help", ...rest] = process.argv.slice(2);
  if (command === "help" || command === "--help") {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  const log = {
    info: (obj: unknown, msg?: string) => console.log(msg ?? "", typeof obj === "string" ? obj : JSON.stringify(obj)),
    error: (obj: unknown, msg?: string) => console.error(msg ?? "", obj),
  };
  const shutdownLog = { info: (msg: string) => console.log(msg), error: (msg: string, err?: unknown) => console.error(msg, err ?? "") };

  switch (command) {
    case "serve": {
      const { values } = parseArgs({ args: rest, options: { "no-worker": { type: "boolean", default: false } } });
      // Checked before opening: a second process on an open embedded database would corrupt it.
      if (!config.databaseUrl && (await adminSocketAnswers(config.dataDir)))
        throw new ConfigError(`Another Regulars server already runs on ${config.dataDir}.`);
      const db = await openDatabase(config);
      const app = await buildApp({ config, db });
      const worker = values["no-worker"]
        ? null
        : await startWorker({
            db,
            databaseUrl: config.databaseUrl,
            ...backgroundWork(config),
            pollMs: config.workerPollMs,
            log: app.log,
          });
      // The embedded database's door for `regulars backup` (a second process must not open it).
      const adminSocket = db.kind === "pglite" ? await openAdminSocket(config.dataDir, db as PgliteDb) : null;
      exitGracefullyOnSignals({
        timeoutMs: config.shutdownTimeoutMs,
        log: shutdownLog,
        steps: [
          // Fastify stops listening, answers 503 to requests on kept-alive connections, and waits for those in flight.
          { name: "web server", run: () => app.close() },
          { name: "worker", run: async () => worker?.stop() },
          { name: "admin socket", run: async () => adminSocket?.close() },
          { name: "database", run: () => db.close() },
        ],
      });
      await app.listen({ port: config.port, host: config.host });
      const where = config.databaseUrl ? "PostgreSQL" : `embedded database in ${config.dataDir}`;
      console.log(
        `\nRegulars is running on ${where}.\n  Admin panel: ${config.publicUrl}/admin/\n  API docs:    ${config.publicUrl}/api/docs\n`,
      );
      return;
    }
    case "worker": {
      if (!config.databaseUrl)
        throw new ConfigError("The worker runs as its own process only with DATABASE_URL; with the embedded database, `serve` runs it.");
      const db = await openDatabase(config);
      const starting = startWorker({
        db,
        databaseUrl: config.databaseUrl,
        ...backgroundWork(config),
        pollMs: config.workerPollMs,
        log,
      });
      // The handlers are in place before the worker says it started: a SIGTERM right after that
      // line (a supervisor's quick restart) is a graceful stop, not the signal's default kill.
      exitGracefullyOnSignals({
        timeoutMs: config.shutdownTimeoutMs,
        log: shutdownLog,
        steps: [
          { name: "worker", run: async () => (await starting).stop() },
          { name: "database", run: () => db.close() },
        ],
      });
      await starting;
      return;
    }
    case "migrate": {
      const db = await openDatabase(config);
      console.log("Database is up to date.");
      await db.close();
      return;
    }
    case "seed-demo": {
      const db = await openDatabase(config);
      const { created, logins } = await seedDemo(db);
      await db.close();
      console.log(created ? "Demo company created." : "Demo company already exists.");
      for (const l of logins) console.log(`  ${l.role.padEnd(15)} ${l.email}  password: ${DEMO_PASSWORD}`);
      console.log(`  member portal   ${config.publicUrl}/p/${DEMO_SLUG}/  ${DEMO_MEMBER_EMAIL}  password: ${DEMO_PASSWORD}`);
      return;
    }
    case "create-staff": {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: "string" },
          name: { type: "string" },
          password: { type: "string" },
          company: { type: "string" },
          role: { type: "string", default: "owner" },
          operator: { type: "boolean", default: false },
        },
      });
      if (values.role && !ROLES.includes(values.role as Role)) throw new ConfigError(`--role must be one of ${ROLES.join(", ")}`);
      const db = await openDatabase(config);
      try {
        console.log(
          await createStaffAccountCli({
            db,
            email: values.email,
            name: values.name,
            password: values.password,
            companySlug: values.company,
            role: values.role as Role,
            operator: values.operator ?? false,
          }),
        );
      } finally {
        await db.close();
      }
      return;
    }
    case "backup": {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new ConfigError("Usage: regulars backup <file>");
      if (config.databaseUrl)
        throw new ConfigError("With PostgreSQL (DATABASE_URL), back up with pg_dump; README.md, Operations, gives the commands.");
      if (existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name.`);
      const fromServer = await adminSocketAnswers(config.dataDir);
      const snapshot = fromServer ? await requestSnapshot(config.dataDir) : await snapshotDataDir(embeddedDbDir(config.dataDir));
      writeBackupFile(file, snapshot);
      console.log(
        `Backup written to ${file} (${snapshot.length} bytes, ${fromServer ? "taken by the running server" : "from the data directory"}).`,
      );
      return;
    }
    case "restore": {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { force: { type: "boolean", default: false } },
      });
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new ConfigError("Usage: regulars restore <file> [--force]");
      if (config.databaseUrl)
        throw new ConfigError("With PostgreSQL (DATABASE_URL), restore with pg_restore; README.md, Operations, gives the commands.");
      const { header, snapshot } = readBackupFile(file);
      if (await adminSocketAnswers(config.dataDir))
        throw new BackupError(`A Regulars server is running on ${config.dataDir}; stop it before restoring.`);
      const { kept } = await restoreDataDir(embeddedDbDir(config.dataDir), snapshot, { replace: values.force ?? false });
      console.log(`Restored the backup of ${header.createdAt} into ${config.dataDir}.`);
      if (kept) console.log(`The database it replaced is kept in ${kept}.`);
      return;
    }
    case "rotate-secret-key": {
      if (!config.databaseUrl && (await adminSocketAnswers(config.dataDir)))
        throw new BackupError(`A Regulars server is running on ${config.dataDir}; stop it before rotating the key.`);
      const db = await openDatabase(config);
      try {
        const result = await rotateSecretKey({ db, config });
        console.log(`Re-encrypted ${result.reencrypted} stored secret(s) under the new key.`);
        console.log(
          result.keyFile
            ? `The new key is in ${result.keyFile}. Start the server again.`
            : "Now set SECRET_KEY to the value of NEW_SECRET_KEY for every process, remove NEW_SECRET_KEY, and start them again.",
        );
        console.log("Unsubscribe links in e-mails sent before now no longer work (see README, Rotating SECRET_KEY).");
      } finally {
        await db.close();
      }
      return;
    }
    case "verify-balances": {
      const db = await openDatabase(config);
      const mismatches = await verifyBalances(db);
      await db.close();
      if (mismatches.length === 0) {
        console.log("Every balance matches the ledger.");
        return;
      }
      for (const m of mismatches)
        console.log(`${m.companyId} ${m.programId} ${m.memberId} ${m.field}: stored ${m.stored}, ledger ${m.fromLedger}`);
      process.exitCode = 1;
      return;
    }
    case "openapi": {
      const db = await (await import("./platform/db.js")).openPglite();
      const app = await buildApp({ config, db }, { logger: false });
      await app.ready();
      process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
      await app.close();
      await db.close();
      return;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      process.exitCode = 2;
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof BackupError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
