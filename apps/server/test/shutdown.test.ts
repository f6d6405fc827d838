import { EventEmitter } from "node:events";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { type Db, openPglite, openPostgres } from "../src/platform/db.js";
import { exitGracefullyOnSignals } from "../src/platform/shutdown.js";
import { onPostgres } from "./harness.js";
import { api, freshInstallation, seedLoyalty, setupInstallation, startProcess } from "./process-fixtures.js";
import { reportReliability } from "./reliability.js";

/** SIGTERM of the real server process: what is in flight finishes, nothing new starts, exit 0. */
const BATCHES = 4;
const PER_BATCH = 100;

let env: Record<string, string>;
let dropScratch: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const installation = await freshInstallation("shutdown");
  env = installation.env;
  dropScratch = installation.drop;
});
afterAll(async () => {
  await dropScratch?.();
});

const openSame = (): Promise<Db> =>
  onPostgres ? openPostgres(env.DATABASE_URL as string, 2) : openPglite(path.join(env.DATA_DIR as string, "db"));

describe(`graceful shutdown (${onPostgres ? "PostgreSQL" : "PGlite in DATA_DIR"})`, () => {
  it("SIGTERM answers every purchase batch in flight, stores them, refuses new work, and exits 0", async () => {
    // LOG_LEVEL=info: the server logs each request it has read, so the test knows they are in flight.
    // A generous SHUTDOWN_TIMEOUT_MS: the test is about waiting for the work, not about how fast it is.
    const server = await startProcess("serve", { ...env, LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "180000" });
    const owner = await setupInstallation(server.base);
    const { programId, memberIds } = await seedLoyalty(owner, 4);
    const batch = (b: number) =>
      Array.from({ length: PER_BATCH }, (_, i) => ({
        programId,
        memberId: memberIds[i % memberIds.length],
        receiptNumber: `B${b}-${i}`,
        amount: { amount: 1_000 + i, currency: "PLN" },
      }));
    const received = () =>
      server
        .output()
        .split("\n")
        .filter((l) => l.includes("incoming request") && l.includes("/purchases/batch")).length;
    let answeredBeforeSigterm = 0;
    let sigtermSent = false;
    const inFlight = Array.from({ length: BATCHES }, (_, b) =>
      api(owner, "POST", "/api/v1/purchases/batch", { purchases: batch(b) }).finally(() => {
        if (!sigtermSent) answeredBeforeSigterm++;
      }),
    );
    while (received() < BATCHES) await new Promise((r) => setTimeout(r, 5));
    sigtermSent = true;
    server.child.kill("SIGTERM");
    // The point of the test: batches were still being recorded when the signal came.
    expect(answeredBeforeSigterm).toBeLessThan(BATCHES);
    const answers = await Promise.allSettled(inFlight);

    // A request after the server began to stop: refused (no listener) or 503, never recorded.
    while (!server.output().includes("SIGTERM: finishing")) await new Promise((r) => setTimeout(r, 20));
    const late = await api(owner, "POST", "/api/v1/purchases", {
      programId,
      memberId: memberIds[0],
      receiptNumber: "LATE-1",
      amount: { amount: 1_000, currency: "PLN" },
    }).then(
      (r) => r.status,
      () => "refused" as const,
    );
    const exit = await server.exited;

    const statuses = answers.map((a) => (a.status === "fulfilled" ? a.value.status : "no answer"));
    expect(statuses, server.output().slice(-4000)).toEqual(Array(BATCHES).fill(200));
    expect(["refused", 503]).toContain(late);
    expect(exit, server.output().slice(-4000)).toEqual({ code: 0, signal: null });

    const db = await openSame();
    try {
      const [row] = await db.query<{ stored: number; late: number }>(
        `select count(*) filter (where receipt_number like 'B%')::int as stored,
                count(*) filter (where receipt_number = 'LATE-1')::int as late from purchases`,
      );
      expect(row).toEqual({ stored: BATCHES * PER_BATCH, late: 0 });
      expect(await verifyBalances(db)).toEqual([]);
      reportReliability("shutdown", {
        batchRequestsReadBeforeSigterm: BATCHES,
        batchRequestsAnsweredBeforeSigterm: answeredBeforeSigterm,
        purchasesInFlight: BATCHES * PER_BATCH,
        answered2xx: statuses.filter((s) => s === 200).length,
        purchasesStored: row?.stored,
        requestAfterSigterm: late,
        exitCode: exit.code,
      });
    } finally {
      await db.close();
    }
  }, 240_000);

  // A standalone worker exists on PostgreSQL only (the embedded server runs its worker inside).
  if (onPostgres)
    it("a standalone worker exits 0 on SIGTERM", async () => {
      const worker = await startProcess("worker", env);
      while (!worker.output().includes("worker started")) await new Promise((r) => setTimeout(r, 20));
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toEqual({ code: 0, signal: null });
    }, 60_000);

  it("a second signal, or a shutdown outlasting its timeout, forces the exit with code 1", async () => {
    const exits: number[] = [];
    const never = () => new Promise<void>(() => {});
    const log = { info: () => {}, error: () => {} };
    const signals = new EventEmitter();
    exitGracefullyOnSignals({ steps: [{ name: "hangs", run: never }], timeoutMs: 60_000, log, signals, exit: (c) => exits.push(c) });
    signals.emit("SIGTERM", "SIGTERM");
    expect(exits).toEqual([]);
    signals.emit("SIGTERM", "SIGTERM");
    expect(exits).toEqual([1]);
    const other = new EventEmitter();
    const timedOut = new Promise<number>((resolve) => {
      exitGracefullyOnSignals({ steps: [{ name: "hangs", run: never }], timeoutMs: 50, log, signals: other, exit: resolve });
      other.emit("SIGINT", "SIGINT");
    });
    expect(await timedOut).toBe(1);
  });
});
