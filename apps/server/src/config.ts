import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type OutboundPolicy, parseOutboundPolicy } from "./platform/outbound-guard.js";

/** Environment schema. This module is the only reader of process.env. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  PUBLIC_URL: z.url("must be an absolute URL, e.g. https://loyalty.example.com").optional(),
  SECRET_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"], "must be true or false")
    .transform((v) => v === "true" || v === "1")
    .default(false),
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  RETENTION_EVENTS_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
  RETENTION_MESSAGES_DAYS: z.coerce.number().int().min(30).max(3650).default(730),
  RETENTION_SESSIONS_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  RETENTION_LOGIN_ATTEMPTS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ALLOW_PRIVATE_NETWORK_HOSTS: z.string().optional(),
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(6_000),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(12_000),
  // The website widget's API per widget and visitor address (a page view makes about three calls).
  RATE_LIMIT_WIDGET_PER_ADDRESS: z.coerce.number().int().min(0).default(300),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  NEW_SECRET_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  // Member portal sign-in limits, per e-mail / card number and per client address in each company's
  // portal, within the window; 0 = off.
  MEMBER_AUTH_FAILURES_PER_IDENTIFIER: z.coerce.number().int().min(0).default(5),
  MEMBER_AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(30),
  MEMBER_AUTH_CODES_PER_IDENTIFIER: z.coerce.number().int().min(0).default(5),
  MEMBER_AUTH_CODES_PER_ADDRESS: z.coerce.number().int().min(0).default(20),
  MEMBER_AUTH_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, "must be a base64url P-256 public key (87 characters, as `npx web-push generate-vapid-keys` prints)")
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "must be a base64url P-256 private key (43 characters, as `npx web-push generate-vapid-keys` prints)")
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "must be a mailto: address or an https: URL")
    .optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  secretKey: string;
  logLevel: Env["LOG_LEVEL"];
  isProduction: boolean;
  sessionTtlHours: number;
  workerPollMs: number;
  /** How long SIGTERM waits for requests in flight and the worker's current work before exiting anyway. */
  shutdownTimeoutMs: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Days kept before the retention job deletes them (docs/privacy.md). */
  retention: {
    /** Events and their consumption rows (an event not yet consumed by every consumer is kept). */
    eventsDays: number;
    /** Message deliveries: what was sent to whom. */
    messagesDays: number;
    /** Sessions, counted from their expiry. */
    sessionsDays: number;
    loginAttemptsDays: number;
  };
  /** Which special (loopback, private, link-local) addresses outgoing connections may reach. */
  outbound: OutboundPolicy;
  /** Requests per window per API key and per client address (0: no limit); see platform/rate-limit.ts. */
  rateLimit: { perKey: number; perAddress: number; widgetPerAddress: number; windowSeconds: number; syncMs: number };
  /** Member portal: failed sign-ins / code checks and codes sent allowed per window (0 = no limit). */
  memberAuth: {
    failuresPerIdentifier: number;
    failuresPerAddress: number;
    codesPerIdentifier: number;
    codesPerAddress: number;
    windowMinutes: number;
  };
  /** Where the key came from: an environment variable, or DATA_DIR/secret-key of an embedded installation. */
  secretKeySource: "env" | "file";
  /** The key `rotate-secret-key` moves to (NEW_SECRET_KEY), if given. */
  newSecretKey: string | undefined;
  /**
   * Web Push (VAPID): the key pair from VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY, or null to use the pair
   * generated once and stored in the database (modules/push/vapid-keys.ts); the subject push
   * services may contact (VAPID_SUBJECT, default PUBLIC_URL when https, else a mailto: on its host).
   */
  vapid: { keys: { publicKey: string; privateKey: string } | null; subject: string };
}

export class ConfigError extends Error {}

/** Parses and validates configuration once; throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const outbound = parseOutboundPolicy(e.ALLOW_PRIVATE_NETWORK_HOSTS);
  if (typeof outbound === "string")
    throw new ConfigError(`Invalid configuration:\n  ALLOW_PRIVATE_NETWORK_HOSTS: true, or a comma list of hosts and CIDRs (${outbound})`);
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY))
    throw new ConfigError(
      "Invalid configuration:\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: give both keys of the pair, or neither (a pair is generated)",
    );
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    secretKey: e.SECRET_KEY ?? readOrCreateSecretKey(dataDir),
    logLevel: e.LOG_LEVEL,
    isProduction: e.NODE_ENV === "production",
    sessionTtlHours: e.SESSION_TTL_HOURS,
    workerPollMs: e.WORKER_POLL_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    retention: {
      eventsDays: e.RETENTION_EVENTS_DAYS,
      messagesDays: e.RETENTION_MESSAGES_DAYS,
      sessionsDays: e.RETENTION_SESSIONS_DAYS,
      loginAttemptsDays: e.RETENTION_LOGIN_ATTEMPTS_DAYS,
    },
    outbound,
    memberAuth: {
      failuresPerIdentifier: e.MEMBER_AUTH_FAILURES_PER_IDENTIFIER,
      failuresPerAddress: e.MEMBER_AUTH_FAILURES_PER_ADDRESS,
      codesPerIdentifier: e.MEMBER_AUTH_CODES_PER_IDENTIFIER,
      codesPerAddress: e.MEMBER_AUTH_CODES_PER_ADDRESS,
      windowMinutes: e.MEMBER_AUTH_WINDOW_MINUTES,
    },
    rateLimit: {
      perKey: e.RATE_LIMIT_PER_KEY,
      perAddress: e.RATE_LIMIT_PER_ADDRESS,
      widgetPerAddress: e.RATE_LIMIT_WIDGET_PER_ADDRESS,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      syncMs: e.RATE_LIMIT_SYNC_MS,
    },
    secretKeySource: e.SECRET_KEY ? "env" : "file",
    newSecretKey: e.NEW_SECRET_KEY,
    vapid: {
      keys: e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY } : null,
      subject: e.VAPID_SUBJECT ?? (publicUrl.startsWith("https://") ? publicUrl : `mailto:push@${new URL(publicUrl).hostname}`),
    },
  };
}

/** A generated key survives restarts because it lives next to the data it protects. */
export function secretKeyFile(dataDir: string): string {
  return path.join(dataDir, "secret-key");
}

function readOrCreateSecretKey(dataDir: string): string {
  const file = secretKeyFile(dataDir);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
