import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { type Db, openPglite, openPostgres } from "../src/platform/db.js";
import { createScratchDatabase, onPostgres } from "./harness.js";
import { api, freshInstallation, runCli, type Session, seedLoyalty, setupInstallation, startProcess } from "./process-fixtures.js";
import { reportReliability } from "./reliability.js";

/**
 * Backups restored and compared: `regulars backup`/`restore` for the embedded database (the backup
 * taken while the server runs), and the README's pg_dump/pg_restore commands for PostgreSQL.
 */
let env: Record<string, string>;
let drop: (() => Promise<void>) | undefined;
const scratchDrops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const installation = await freshInstallation("backup");
  env = installation.env;
  drop = installation.drop;
});
afterAll(async () => {
  for (const d of scratchDrops) await d();
  await drop?.();
});

/** Members, purchases and redemptions through the API. */
async function writeSomeHistory(owner: Session): Promise<void> {
  const { programId, rewardId, memberIds } = await seedLoyalty(owner, 5);
  for (const [i, memberId] of memberIds.entries()) {
    for (let p = 0; p < 3; p++) {
      const res = await api(owner, "POST", "/api/v1/purchases", {
        programId,
        memberId,
        receiptNumber: `R-${i}-${p}`,
        amount: { amount: 1_234 * (p + 1), currency: "PLN" },
      });
      expect(res.status).toBe(201);
    }
    const redeemed = await api(owner, "POST", "/api/v1/redemptions", { memberId, rewardId });
    expect(redeemed.status).toBe(201);
  }
}

/** What a restore must bring back: every member, ledger entry and balance. */
async function inventory(db: Db) {
  const [counts] = await db.query<Record<string, string>>(
    `select (select count(*) from members)::text as members,
            (select count(*) from ledger_entries)::text as ledger_entries,
            (select coalesce(sum(points), 0) from ledger_entries)::text as ledger_points,
            (select count(*) from purchases)::text as purchases,
            (select count(*) from redemptions)::text as redemptions`,
  );
  const balances = await db.query<{ member_id: string; earned: string; spent: string }>(
    "select member_id, lifetime_earned::text as earned, spent::text as spent from enrollments order by member_id",
  );
  return { counts, balances };
}

if (!onPostgres)
  describe("regulars backup / restore (embedded database)", () => {
    it("backs up while the server runs, refuses to restore over it or from a non-backup, restores into a fresh data directory", async () => {
      const server = await startProcess("serve", env);
      const owner = await setupInstallation(server.base);
      await writeSomeHistory(owner);
      const dir = mkdtempSync(path.join(tmpdir(), "regulars-backups-"));
      const file = path.join(dir, "live.backup");

      const backup = await runCli(["backup", file], env);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain("taken by the running server");

      const overRunning = await runCli(["restore", file, "--force"], env);
      expect(overRunning.code).toBe(2);
      expect(overRunning.stderr).toContain("is running");
      const notABackup = path.join(dir, "notes.txt");
      writeFileSync(notABackup, "hello\n");
      const refused = await runCli(["restore", notABackup], { ...env, DATA_DIR: mkdtempSync(path.join(tmpdir(), "regulars-restore-")) });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("is not a Regulars backup");

      server.child.kill("SIGTERM");
      expect((await server.exited).code).toBe(0);

      const target = { ...env, DATA_DIR: mkdtempSync(path.join(tmpdir(), "regulars-restore-")) };
      const restored = await runCli(["restore", file], target);
      expect(restored.code, restored.stderr).toBe(0);
      const overExisting = await runCli(["restore", file], target);
      expect(overExisting.code).toBe(2);
      expect(overExisting.stderr).toContain("--force");

      const source = await openPglite(path.join(env.DATA_DIR as string, "db"));
      const copy = await openPglite(path.join(target.DATA_DIR, "db"));
      try {
        const before = await inventory(source);
        const after = await inventory(copy);
        expect(after).toEqual(before);
        expect(Number(before.counts?.members)).toBe(5);
        expect(await verifyBalances(copy)).toEqual([]);
        reportReliability("backup", { ...after.counts, balancesCompared: after.balances.length, verifyBalancesDifferences: 0 }, "pglite");
      } finally {
        await source.close();
        await copy.close();
      }

      // No server running: the CLI opens the data directory itself.
      const offline = await runCli(["backup", path.join(dir, "offline.backup")], env);
      expect(offline.code, offline.stderr).toBe(0);
      expect(offline.stdout).toContain("from the data directory");
    }, 420_000);
  });

if (onPostgres)
  describe("pg_dump / pg_restore as README.md documents them", () => {
    it("restores a dump of a running installation into a new database with every member, entry and balance", async () => {
      expect(await runCli(["backup", "x.backup"], env)).toMatchObject({ code: 2, stderr: expect.stringContaining("pg_dump") });
      const server = await startProcess("serve", env);
      const owner = await setupInstallation(server.base);
      await writeSomeHistory(owner);
      const dump = path.join(mkdtempSync(path.join(tmpdir(), "regulars-pgdump-")), "regulars.dump");
      // The README's commands, with the scratch databases' URLs.
      execFileSync("pg_dump", ["--format=custom", `--file=${dump}`, env.DATABASE_URL as string]);
      server.child.kill("SIGTERM");
      expect((await server.exited).code).toBe(0);
      const target = await createScratchDatabase({ unmigrated: true });
      scratchDrops.push(target.drop);
      execFileSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${target.url}`, dump]);

      const source = await openPostgres(env.DATABASE_URL as string, 1);
      const copy = await openPostgres(target.url, 1);
      try {
        const before = await inventory(source);
        const after = await inventory(copy);
        expect(after).toEqual(before);
        expect(await verifyBalances(copy)).toEqual([]);
        reportReliability("backup", { ...after.counts, balancesCompared: after.balances.length, verifyBalancesDifferences: 0 }, "postgres");
      } finally {
        await source.close();
        await copy.close();
      }
      // The restored database serves: the app starts on it and the owner signs in.
      const restored = await startProcess("serve", { ...env, DATABASE_URL: target.url });
      const login = await fetch(`${restored.base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "owner@example.com", password: "process-test-password" }),
      });
      expect(login.status).toBe(200);
      restored.child.kill("SIGTERM");
      await restored.exited;
    }, 420_000);
  });
