import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, onPostgres } from "./harness.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MAIN = path.join(ROOT, "apps/server/src/main.ts");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "serve"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: "inherit",
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("server did not become ready");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Environment for a fresh installation on the database under test. */
let env: Record<string, string>;
let dropScratch: (() => Promise<void>) | undefined;

beforeAll(async () => {
  env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), "regulars-restart-")), SECRET_KEY: "restart-test-secret-0123456789abcdef-xyz" };
  if (onPostgres) {
    const scratch = await createScratchDatabase({ unmigrated: true });
    env.DATABASE_URL = scratch.url;
    dropScratch = scratch.drop;
  } else {
    delete process.env.DATABASE_URL;
  }
});
afterAll(async () => {
  await dropScratch?.();
});

describe(`restart safety (${onPostgres ? "PostgreSQL" : "PGlite in DATA_DIR"})`, () => {
  it("keeps everything written before a restart", async () => {
    const first = await serve(env);
    const setup = await fetch(`${first.base}/api/v1/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        company: { name: "Restart Café" },
        owner: { email: "restart@example.com", name: "R", password: "kettle-orbit-5678" },
      }),
    });
    expect(setup.status).toBe(201);
    const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const { csrfToken } = (await setup.json()) as { csrfToken: string };
    const created = await fetch(`${first.base}/api/v1/locations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "Survives restarts" }),
    });
    expect(created.status).toBe(201);
    await first.stop();

    const second = await serve(env);
    try {
      expect(await (await fetch(`${second.base}/api/v1/setup`)).json()).toEqual({ needsSetup: false });
      const sessionStillValid = await fetch(`${second.base}/api/v1/locations`, { headers: { cookie } });
      expect(sessionStillValid.status).toBe(200);
      const body = (await sessionStillValid.json()) as { data: { name: string }[] };
      expect(body.data.map((l) => l.name)).toEqual(["Survives restarts"]);
    } finally {
      await second.stop();
    }
  }, 120_000);
});

describe("command line", () => {
  it("migrates, seeds the demo company once, and creates staff accounts with clear errors", async () => {
    const migrated = await cli(["migrate"], env);
    expect(migrated.stdout).toContain("Database is up to date");
    const seeded = await cli(["seed-demo"], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain("Demo company created");
    expect(seeded.stdout).toContain("cashier@demo.regulars.local");
    const again = await cli(["seed-demo"], env);
    expect(again.stdout).toContain("already exists");
    const verified = await cli(["verify-balances"], env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain("Every balance matches the ledger");

    const bad = await cli(["create-staff", "--email", "nope", "--name", "X", "--password", "short"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--email");
    expect(bad.stderr).toContain("--password");
    const unknownCompany = await cli(
      ["create-staff", "--email", "cli@example.com", "--name", "Cli", "--password", "cli-password-1", "--company", "no-such"],
      env,
    );
    expect(unknownCompany.code).toBe(2);
    expect(unknownCompany.stderr).toContain("--company");
    const ok = await cli(
      [
        "create-staff",
        "--email",
        "cli@example.com",
        "--name",
        "Cli",
        "--password",
        "cli-password-1",
        "--company",
        "kawiarnia-pod-lipa",
        "--role",
        "cashier",
      ],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("as cashier of kawiarnia-pod-lipa");
    expect(ok.stdout).toContain("must be changed at the first sign-in");

    const server = await serve(env);
    try {
      const login = await fetch(`${server.base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "cli@example.com", password: "cli-password-1" }),
      });
      expect(login.status).toBe(200);
      const session = (await login.json()) as {
        mustChangePassword: boolean;
        memberships: { role: string; company: { slug: string } }[];
      };
      // The operator typed this password: it must be changed at the first sign-in.
      expect(session.mustChangePassword).toBe(true);
      expect(session.memberships).toEqual([
        expect.objectContaining({ role: "cashier", company: expect.objectContaining({ slug: "kawiarnia-pod-lipa" }) }),
      ]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("refuses bad configuration with a message naming the variable", async () => {
    const res = await cli(["migrate"], { ...env, PORT: "not-a-port" });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("PORT");
  });

  it("refuses a standalone worker on the embedded database", async () => {
    const res = await cli(["worker"], { ...env, DATABASE_URL: "" });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("DATABASE_URL");
  });
});
