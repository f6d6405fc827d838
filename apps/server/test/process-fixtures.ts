import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openPglite } from "../src/platform/db.js";
import { createScratchDatabase, onPostgres } from "./harness.js";

/**
 * Real server processes for the tests whose point is processes (crash, shutdown, several
 * processes, backups): `regulars serve|worker|…` spawned as an operator would run them.
 */
export const ROOT = path.resolve(import.meta.dirname, "../../..");
const MAIN = path.join(ROOT, "apps/server/src/main.ts");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Environment for a fresh installation on the database under test: a DATA_DIR whose embedded
 * database starts from the run's migrated template (migrating from nothing takes a process most
 * of a minute on a busy machine), or a migrated scratch PostgreSQL database.
 */
export async function freshInstallation(name: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `regulars-${name}-`));
  const env: Record<string, string> = { DATA_DIR: dataDir, SECRET_KEY: `${name}-test-secret-0123456789abcdef-xyz`, DATABASE_URL: "" };
  if (onPostgres) {
    const scratch = await createScratchDatabase();
    env.DATABASE_URL = scratch.url;
    return { env, drop: scratch.drop };
  }
  const template = inject("pgliteTemplate");
  if (template) await (await openPglite(path.join(dataDir, "db"), { loadDataDir: new Blob([readFileSync(template)]) })).close();
  return { env, drop: async () => {} };
}

/** One CLI command to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  /** http://127.0.0.1:port for `serve`; empty for `worker`. */
  base: string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `regulars <command>` and, for `serve`, waits until /api/ready answers. */
export async function startProcess(command: "serve" | "worker", env: Record<string, string>, args: string[] = []): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, command, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port), HOST: "127.0.0.1" },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const base = command === "serve" ? `http://127.0.0.1:${port}` : "";
  if (base) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/api/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not become ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { child, base, exited, output: () => output };
}

/** A staff session over real HTTP. */
export interface Session {
  base: string;
  cookie: string;
  csrf: string;
}

export async function api(
  s: Session,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; data: any }> {
  const res = await fetch(`${s.base}${url}`, {
    method,
    headers: {
      cookie: s.cookie,
      "x-csrf-token": s.csrf,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}

/** First-run setup of a fresh installation; the owner's session. */
export async function setupInstallation(base: string, name = "Process Café"): Promise<Session> {
  const res = await fetch(`${base}/api/v1/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ company: { name }, owner: { email: "owner@example.com", name: "Owner", password: "process-test-password" } }),
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { base, cookie, csrf: csrfToken };
}

/** Signs the owner in on another process (sessions live in the database). */
export async function loginOwner(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "owner@example.com", password: "process-test-password" }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  return { base, cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A program, a reward priced 10 points, and members holding plenty of points. */
export async function seedLoyalty(s: Session, members: number): Promise<{ programId: string; rewardId: string; memberIds: string[] }> {
  const program = await api(s, "POST", "/api/v1/programs", { name: "Program", status: "active" });
  if (program.status !== 201) throw new Error(`program: ${JSON.stringify(program.data)}`);
  const programId = program.data.id as string;
  const reward = await api(s, "POST", "/api/v1/rewards", { programId, namePl: "Kawa", kind: "physical", pointsPrice: 10 });
  if (reward.status !== 201) throw new Error(`reward: ${JSON.stringify(reward.data)}`);
  const memberIds: string[] = [];
  for (let i = 0; i < members; i++) {
    const m = await api(s, "POST", "/api/v1/members", { firstName: "Jan", lastName: `Kowalski ${i}` });
    if (m.status !== 201) throw new Error(`member: ${JSON.stringify(m.data)}`);
    const enrolled = await api(s, "POST", `/api/v1/members/${m.data.id}/enrollments`, { programId });
    if (enrolled.status >= 300) throw new Error(`enrollment: ${JSON.stringify(enrolled.data)}`);
    const adj = await api(s, "POST", `/api/v1/members/${m.data.id}/adjustments`, { programId, points: 100_000, reason: "start" });
    if (adj.status !== 201) throw new Error(`adjustment: ${JSON.stringify(adj.data)}`);
    memberIds.push(m.data.id);
  }
  return { programId, rewardId: reward.data.id, memberIds };
}
