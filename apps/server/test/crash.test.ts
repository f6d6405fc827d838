import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backgroundWork } from "../src/background.js";
import { loadConfig } from "../src/config.js";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { NOTIFICATION_EVENT_TYPES } from "../src/modules/notifications/notifications.consumer.js";
import { type Db, openPglite, openPostgres } from "../src/platform/db.js";
import { startWorker } from "../src/platform/worker.js";
import { onPostgres } from "./harness.js";
import { api, freshInstallation, runCli, type Session, seedLoyalty, setupInstallation, startProcess } from "./process-fixtures.js";
import { reportReliability } from "./reliability.js";

/**
 * SIGKILL of the real server process in the middle of concurrent purchases and redemptions, then
 * a restart: nothing acknowledged is lost, nothing half-written is left, and the background work
 * carries on. On PGlite the data directory is a temp dir; on PostgreSQL a scratch database.
 */
const CONCURRENCY = 16;
/** The kill comes after this many acknowledged writes, so that about CONCURRENCY are in flight. */
const KILL_AFTER_ACKNOWLEDGED = 150;
const MAX_ATTEMPTS = 400;
const MEMBERS = 8;

let env: Record<string, string>;
let dropScratch: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const installation = await freshInstallation("crash");
  env = installation.env;
  dropScratch = installation.drop;
});
afterAll(async () => {
  await dropScratch?.();
});

function openSame(): Promise<Db> {
  return onPostgres ? openPostgres(env.DATABASE_URL as string, 2) : openPglite(path.join(env.DATA_DIR as string, "db"));
}

interface Attempt {
  kind: "purchase" | "redemption";
  key: string;
  memberId: string;
  status: number | "no answer";
}

describe(`crash (${onPostgres ? "PostgreSQL" : "PGlite in DATA_DIR"})`, () => {
  it("SIGKILL during concurrent purchases and redemptions loses no acknowledged write and leaves nothing half-done", async () => {
    const first = await startProcess("serve", env);
    const owner = await setupInstallation(first.base);
    const { programId, rewardId, memberIds } = await seedLoyalty(owner, MEMBERS);

    const attempts: Attempt[] = [];
    let acknowledged = 0;
    let killed = false;
    const send = (s: Session, a: Attempt) =>
      a.kind === "purchase"
        ? api(s, "POST", "/api/v1/purchases", {
            programId,
            memberId: a.memberId,
            receiptNumber: a.key,
            amount: { amount: 2_500, currency: "PLN" },
          })
        : api(s, "POST", "/api/v1/redemptions", { memberId: a.memberId, rewardId }, { "idempotency-key": a.key });
    const client = async (n: number) => {
      for (let i = 0; !killed && attempts.length < MAX_ATTEMPTS; i++) {
        const a: Attempt = {
          kind: (n + i) % 3 === 0 ? "redemption" : "purchase",
          key: `c${n}-${i}`,
          memberId: memberIds[(n * 7 + i) % MEMBERS] as string,
          status: "no answer",
        };
        attempts.push(a);
        try {
          a.status = (await send(owner, a)).status;
        } catch {
          return; // the connection died with the process
        }
        if (a.status >= 200 && a.status < 300 && ++acknowledged >= KILL_AFTER_ACKNOWLEDGED && !killed) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => client(n)));
    if (!killed) first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    const unexpected = attempts.filter((a) => typeof a.status === "number" && (a.status < 200 || a.status >= 300));
    expect(unexpected).toEqual([]);

    // The restart runs the worker over whatever the crash left; a graceful stop then lets it finish its pass.
    const restartedAt = new Date();
    const second = await startProcess("serve", env);
    const after = await api({ ...owner, base: second.base }, "GET", `/api/v1/members/${memberIds[0]}/balances?programId=${programId}`);
    expect(after.status).toBe(200);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);

    const db = await openSame();
    try {
      const acked = attempts.filter((a) => a.status !== "no answer");
      const purchases = new Set(
        (await db.query<{ receipt_number: string }>("select receipt_number from purchases")).map((r) => r.receipt_number),
      );
      const redemptions = new Set(
        (await db.query<{ idempotency_key: string }>("select idempotency_key from redemptions where idempotency_key is not null")).map(
          (r) => r.idempotency_key,
        ),
      );
      const stored = (a: Attempt) => (a.kind === "purchase" ? purchases : redemptions).has(a.key);
      const missing = acked.filter((a) => !stored(a));
      const unanswered = attempts.filter((a) => a.status === "no answer");
      expect(missing).toEqual([]);

      const [orphans] = await db.query<{ purchase: number; redemption: number }>(
        `select count(*) filter (where l.cause_type = 'purchase' and p.id is null)::int as purchase,
                count(*) filter (where l.cause_type = 'redemption' and r.id is null)::int as redemption
           from ledger_entries l
           left join purchases p on l.cause_type = 'purchase' and p.company_id = l.company_id and p.id = l.cause_id
           left join redemptions r on l.cause_type = 'redemption' and r.company_id = l.company_id and r.id = l.cause_id
          where l.cause_type in ('purchase', 'redemption')`,
      );
      expect(orphans).toEqual({ purchase: 0, redemption: 0 });
      // And the other way: every stored purchase and redemption has its ledger entry.
      const [causesWithoutEntry] = await db.query<{ n: number }>(
        `select (select count(*) from purchases p where p.points > 0 and not exists
                   (select 1 from ledger_entries l where l.company_id = p.company_id and l.cause_type = 'purchase' and l.cause_id = p.id))
              + (select count(*) from redemptions r where not exists
                   (select 1 from ledger_entries l where l.company_id = r.company_id and l.cause_type = 'redemption' and l.cause_id = r.id))
              as n`,
      );
      expect(Number(causesWithoutEntry?.n)).toBe(0);

      const differences = await verifyBalances(db);
      expect(differences).toEqual([]);

      // Stuck: an event for the notifications consumer below its low-water mark and not consumed
      // (no pass would ever take it again), or one from before the crash that the worker's own
      // passes, run here until they find nothing, leave unconsumed; a queue job still 'active'
      // once every worker stopped (its process died with it), or one due before the restart that
      // the worker did not start.
      const [skippedBefore] = await db.query<{ n: number }>(
        `select count(*)::int as n from events e
          where e.type = any($1::text[])
            and e.seq <= coalesce((select low_seq from event_consumers where consumer = 'notifications'), 0)
            and not exists (select 1 from event_consumptions c where c.consumer = 'notifications' and c.event_seq = e.seq)`,
        [NOTIFICATION_EVENT_TYPES],
      );
      expect(skippedBefore?.n).toBe(0);
      const errors: unknown[] = [];
      const worker = await startWorker({
        db,
        databaseUrl: env.DATABASE_URL || undefined,
        ...backgroundWork(loadConfig(env)),
        pollMs: 60_000,
        log: { info: () => {}, error: (obj) => errors.push(obj) },
      });
      let passes = 0;
      try {
        while ((await worker.drainEvents()) > 0 && passes < 50) passes++;
      } finally {
        await worker.stop();
      }
      expect(errors).toEqual([]);
      const [events] = await db.query<{ pending: number; skipped: number }>(
        `select count(*) filter (where e.occurred_at < $2)::int as pending,
                count(*) filter (where e.seq <= coalesce((select low_seq from event_consumers where consumer = 'notifications'), 0))::int as skipped
           from events e
          where e.type = any($1::text[])
            and not exists (select 1 from event_consumptions c where c.consumer = 'notifications' and c.event_seq = e.seq)`,
        [NOTIFICATION_EVENT_TYPES, restartedAt],
      );
      const [jobs] = await db.query<{ active: number; overdue: number }>(
        `select count(*) filter (where state = 'active')::int as active,
                count(*) filter (where state in ('created', 'retry') and start_after < $1)::int as overdue
           from pgboss.job`,
        [restartedAt],
      );
      expect(events).toEqual({ pending: 0, skipped: 0 });
      expect(jobs).toEqual({ active: 0, overdue: 0 });

      reportReliability("crash", {
        writesAttempted: attempts.length,
        acknowledged: acked.length,
        unansweredAtKill: unanswered.length,
        acknowledgedFoundAfterRestart: acked.length - missing.length,
        missing: missing.length,
        unansweredButStored: unanswered.filter(stored).length,
        ledgerEntriesWithoutCause: orphans,
        verifyBalancesDifferences: differences.length,
        stuckEvents: events,
        workerPassesToCatchUp: passes,
        stuckJobs: jobs,
      });
    } finally {
      await db.close();
    }
    // The CLI opens the data directory itself once nothing else has it open.
    const cli = await runCli(["verify-balances"], env);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain("Every balance matches the ledger");
  }, 240_000);
});
