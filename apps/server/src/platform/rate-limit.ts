import type { FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import type { Db } from "./db.js";
import { AppError } from "./errors.js";
import type { App } from "./http.js";
import { periodicFlush } from "./periodic-flush.js";
import { sql } from "./sql.js";

/**
 * API rate limits per API key and per client address, in fixed windows (RATE_LIMIT_WINDOW_SECONDS),
 * shared by every web process through the table rate_limit_hits.
 *
 * A database round trip per request would cost the purchase and balance paths more than the
 * limit is worth, so each process counts in memory and, every RATE_LIMIT_SYNC_MS, adds its new
 * counts to the shared rows in one statement, which answers the totals of every process.
 * Tolerance: a process learns what the others admitted only at its next sync, so over one window
 * a bucket may admit up to the limit plus what the other processes admit in about one sync
 * interval (with one process: exactly the limit). A process that has not yet seen a bucket in the
 * current window starts from zero until its first sync, which also falls within that interval.
 */

interface Count {
  bucket: string;
  window: number;
  /** The shared total (every process) as of this process's last sync. */
  known: number;
  /** Admitted here since then, not yet added to the shared row. */
  pending: number;
  /** Being added by the sync in flight. */
  flushing: number;
}

/** `remaining`: what the bucket's window still admits after this request. */
export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request against `bucket`; refuses it when the bucket's window is full. */
  hit(bucket: string, limit: number, nowMs?: number): RateDecision;
  /** Adds this process's new counts to the shared rows and learns the totals (also on a timer). */
  sync(nowMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const BATCH = 2000;

export function createRateLimiter(db: Db, opts: { windowSeconds: number; syncMs: number; timer?: boolean }): RateLimiter {
  const windowMs = opts.windowSeconds * 1000;
  /** The current window's count per bucket (keyed by bucket alone: no string building per request). */
  const counts = new Map<string, Count>();
  /** Counts of ended windows not yet added to the shared rows. */
  const retired = new Set<Count>();
  let lastPurge = 0;

  async function flush(nowMs: number): Promise<void> {
    const current = Math.floor(nowMs / windowMs);
    const due: Count[] = [];
    const idle: Count[] = [];
    // Syncs run one at a time, so nothing is flushing now.
    for (const c of retired) {
      if (c.pending === 0) continue;
      c.flushing = c.pending;
      c.pending = 0;
      due.push(c);
    }
    retired.clear();
    for (const [bucket, c] of counts) {
      if (c.pending > 0) {
        c.flushing = c.pending;
        c.pending = 0;
        due.push(c);
      } else if (c.window < current) {
        counts.delete(bucket);
      } else {
        idle.push(c);
      }
    }
    const learn = (rows: { bucket: string; window_start: Date; hits: number }[]) => {
      for (const r of rows) {
        const c = counts.get(r.bucket);
        if (c && c.window * windowMs === new Date(r.window_start).getTime()) c.known = Math.max(c.known, r.hits);
      }
    };
    // One order for every process, so two syncs updating the same rows cannot deadlock.
    due.sort((x, y) => (x.bucket < y.bucket ? -1 : x.bucket > y.bucket ? 1 : x.window - y.window));
    for (let i = 0; i < due.length; i += BATCH) {
      const part = due.slice(i, i + BATCH);
      try {
        const rows = await db.query<{ bucket: string; window_start: Date; hits: number }>(
          sql`insert into rate_limit_hits (bucket, window_start, hits)
              select b, w, h from unnest(${part.map((c) => c.bucket)}::text[], ${part.map((c) => new Date(c.window * windowMs))}::timestamptz[],
                                         ${part.map((c) => c.flushing)}::int[]) as t(b, w, h)
              on conflict (bucket, window_start) do update set hits = rate_limit_hits.hits + excluded.hits
              returning bucket, window_start, hits`,
        );
        learn(rows);
        for (const c of part) c.flushing = 0;
      } catch {
        // Kept for the next sync: a count is never lost, only late.
        for (const c of part) {
          c.pending += c.flushing;
          c.flushing = 0;
          if (counts.get(c.bucket) !== c) retired.add(c);
        }
      }
    }
    // Buckets this process saw but had no new requests for: learn what the others admitted.
    for (let i = 0; i < idle.length; i += BATCH) {
      const part = idle.slice(i, i + BATCH);
      await db
        .query<{ bucket: string; window_start: Date; hits: number }>(
          sql`select h.bucket, h.window_start, h.hits
                from unnest(${part.map((c) => c.bucket)}::text[], ${part.map((c) => new Date(c.window * windowMs))}::timestamptz[]) as t(b, w)
                join rate_limit_hits h on h.bucket = t.b and h.window_start = t.w`,
        )
        .then(learn)
        .catch(() => undefined);
    }
    if (nowMs - lastPurge >= windowMs) {
      lastPurge = nowMs;
      await db.query(sql`delete from rate_limit_hits where window_start < ${new Date((current - 1) * windowMs)}`).catch(() => undefined);
    }
  }

  const flusher = periodicFlush(flush, opts);
  const limiter: RateLimiter = {
    hit(bucket, limit, nowMs = Date.now()) {
      const window = Math.floor(nowMs / windowMs);
      let c = counts.get(bucket);
      if (!c || c.window !== window) {
        if (c && c.pending + c.flushing > 0) retired.add(c);
        c = { bucket, window, known: 0, pending: 0, flushing: 0 };
        counts.set(bucket, c);
      }
      if (c.known + c.pending + c.flushing >= limit) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000)) };
      }
      c.pending += 1;
      return { ok: true, remaining: limit - (c.known + c.pending + c.flushing) };
    },
    sync: flusher.sync,
    stop: flusher.stop,
  };
  return limiter;
}

function rateLimited(decision: { retryAfterSeconds: number }, what: string): AppError {
  return new AppError("rate_limited", `Too many requests ${what}; retry after ${decision.retryAfterSeconds} s`, [], {
    "retry-after": String(decision.retryAfterSeconds),
  });
}

declare module "fastify" {
  interface FastifyInstance {
    /** The API rate limiter (its table is touched only once something is counted). */
    rateLimiter?: RateLimiter;
  }
}

/** A key's own limit per minute as a limit per window (the window is one minute by default). */
export function keyLimitPerWindow(perMinute: number, windowSeconds: number): number {
  return Math.max(1, Math.round((perMinute * windowSeconds) / 60));
}

/**
 * Registers the limits on /api: per client address before anything else runs (a flood of bad
 * credentials never reaches the database), per API key once the key is known (so made-up keys
 * cannot fill memory with buckets). Login throttling (modules/auth) is separate and stays.
 * Call after the authentication hook is added, so the key check runs after it.
 */
export function registerRateLimits(app: App, db: Db, config: Config["rateLimit"]): void {
  const { perKey, perAddress, widgetPerAddress, windowSeconds } = config;
  // Always made: a key may carry a limit of its own even where the installation's default is off.
  const limiter = createRateLimiter(db, config);
  app.decorate("rateLimiter", limiter);
  app.addHook("onClose", () => limiter.stop());
  if (perAddress > 0) {
    app.addHook("onRequest", async (req: FastifyRequest) => {
      if (!req.url.startsWith("/api/")) return;
      const decision = limiter.hit(`ip:${req.ip}`, perAddress);
      if (!decision.ok) throw rateLimited(decision, "from this address");
    });
  }
  if (widgetPerAddress > 0) {
    // The widget's API is open to every visitor of the company's sites: a tighter limit per widget
    // and address than the API's, so one visitor cannot use up the company's capacity.
    // A callback hook, not async: every other request passes with one prefix check and no promise.
    app.addHook("onRequest", (req: FastifyRequest, _reply, done) => {
      if (!req.url.startsWith("/api/v1/widget/")) return done();
      const key = (req.params as { key?: string }).key ?? "";
      const decision = limiter.hit(`widget:${key}:${req.ip}`, widgetPerAddress);
      done(decision.ok ? undefined : rateLimited(decision, "to this widget from this address"));
    });
  }
  // Per API key, with the IETF draft's RateLimit-* headers on every answer to a key (three header
  // strings: cheap next to the request). A callback hook: no promise per request.
  const windowMs = windowSeconds * 1000;
  app.addHook("preHandler", (req: FastifyRequest, reply, done) => {
    const actor = req.actor;
    if (actor?.type !== "api_key") return done();
    const own = actor.rateLimitPerMinute;
    const limit = own != null ? keyLimitPerWindow(own, windowSeconds) : perKey;
    if (limit === 0) return done();
    const now = Date.now();
    const decision = limiter.hit(`key:${actor.id}`, limit, now);
    reply.header("ratelimit-limit", String(limit));
    if (!decision.ok) {
      reply.header("ratelimit-remaining", "0");
      reply.header("ratelimit-reset", String(decision.retryAfterSeconds));
      return done(rateLimited(decision, "with this API key"));
    }
    reply.header("ratelimit-remaining", String(decision.remaining));
    reply.header("ratelimit-reset", String(Math.max(1, Math.ceil((windowMs - (now % windowMs)) / 1000))));
    done();
  });
}
