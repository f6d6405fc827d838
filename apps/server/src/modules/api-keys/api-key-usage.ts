import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db.js";
import type { App } from "../../platform/http.js";
import { periodicFlush } from "../../platform/periodic-flush.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";

/**
 * Requests made with each API key, per hour (api_key_usage), for the key's usage view.
 *
 * Counted like the rate limits (platform/rate-limit.ts): in this process's memory, added to the
 * shared rows in one statement every RATE_LIMIT_SYNC_MS. A write per request would put a database
 * round trip on every purchase and balance read made with a key. A count is never lost, only
 * late: a failed flush keeps it for the next one, and closing the app flushes what is left.
 */

interface HourCount {
  companyId: string;
  keyId: string;
  hour: number;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  refused: number;
}

export interface ApiKeyUsageCounter {
  /** Counts one answered request made with the key. */
  count(companyId: string, keyId: string, status: number, nowMs?: number): void;
  /** Adds this process's counts to the shared rows (also on a timer). */
  sync(nowMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const BATCH = 2000;
/** Rows older than this are deleted by the processes themselves, at most once an hour each. */
export const USAGE_KEPT_DAYS = 90;

export function createApiKeyUsageCounter(db: Db, opts: { syncMs: number; timer?: boolean }): ApiKeyUsageCounter {
  /** The current hour's counts per key (keyed by key id alone: no string building per request). */
  const current = new Map<string, HourCount>();
  /** Counts not yet added: ended hours, and what a failed flush gave back. */
  let waiting: HourCount[] = [];
  let lastPurge = 0;

  async function flush(nowMs: number): Promise<void> {
    const due = waiting;
    waiting = [];
    for (const c of current.values()) due.push(c);
    // The next request of each key starts a new record, so a flush never races with counting.
    current.clear();
    const rows = due.filter((c) => c.requests > 0);
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      try {
        await db.query(
          sql`insert into api_key_usage (company_id, key_id, hour, requests, client_errors, server_errors, refused)
              select * from unnest(${part.map((c) => c.companyId)}::text[], ${part.map((c) => c.keyId)}::text[],
                                   ${part.map((c) => new Date(c.hour * HOUR_MS))}::timestamptz[], ${part.map((c) => c.requests)}::int[],
                                   ${part.map((c) => c.clientErrors)}::int[], ${part.map((c) => c.serverErrors)}::int[],
                                   ${part.map((c) => c.refused)}::int[])
              on conflict (company_id, key_id, hour) do update set
                requests = api_key_usage.requests + excluded.requests,
                client_errors = api_key_usage.client_errors + excluded.client_errors,
                server_errors = api_key_usage.server_errors + excluded.server_errors,
                refused = api_key_usage.refused + excluded.refused`,
        );
      } catch {
        waiting.push(...part);
      }
    }
    if (nowMs - lastPurge >= HOUR_MS) {
      lastPurge = nowMs;
      await db
        .query(sql`delete from api_key_usage where hour < ${new Date(nowMs - USAGE_KEPT_DAYS * 24 * HOUR_MS)}`)
        .catch(() => undefined);
    }
  }

  const flusher = periodicFlush(flush, opts);
  const counter: ApiKeyUsageCounter = {
    count(companyId, keyId, status, nowMs = Date.now()) {
      const hour = Math.floor(nowMs / HOUR_MS);
      let c = current.get(keyId);
      if (!c || c.hour !== hour) {
        if (c) waiting.push(c);
        c = { companyId, keyId, hour, requests: 0, clientErrors: 0, serverErrors: 0, refused: 0 };
        current.set(keyId, c);
      }
      c.requests += 1;
      if (status === 429) c.refused += 1;
      else if (status >= 500) c.serverErrors += 1;
      else if (status >= 400) c.clientErrors += 1;
    },
    sync: flusher.sync,
    stop: flusher.stop,
  };
  return counter;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Counts requests made with API keys (the usage view). */
    apiKeyUsage: ApiKeyUsageCounter;
  }
}

/**
 * Counts every answer to a request made with an API key, once the answer is sent (so the count
 * costs the request nothing). A request refused before its key was checked (a body failing its
 * schema) counts for the key when this process knows the secret already (`keyOfSecret`).
 */
export function registerApiKeyUsage(
  app: App,
  db: Db,
  opts: { syncMs: number },
  keyOfSecret: (secret: string) => { companyId: string; id: string } | null,
): ApiKeyUsageCounter {
  const counter = createApiKeyUsageCounter(db, opts);
  app.decorate("apiKeyUsage", counter);
  app.addHook("onClose", () => counter.stop());
  // A callback hook, not async: no promise per request.
  app.addHook("onResponse", (req: FastifyRequest, reply: FastifyReply, done) => {
    const actor = req.actor;
    if (actor?.type === "api_key") counter.count(actor.companyId, actor.id, reply.statusCode);
    else if (reply.statusCode >= 400 && !actor) {
      const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const key = bearer ? keyOfSecret(bearer) : null;
      if (key) counter.count(key.companyId, key.id, reply.statusCode);
    }
    done();
  });
  return counter;
}

export interface UsageFigures {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  refused: number;
}

/**
 * A key's usage from `from` to `to`, per hour (UTC hours) or per day (the company's days), every
 * period listed (zeros included), with the totals. This process's own counts are flushed first,
 * so its latest requests show at once; other processes' within one sync interval.
 */
export async function readApiKeyUsage(opts: {
  db: Db;
  counter: ApiKeyUsageCounter;
  companyId: string;
  keyId: string;
  from: Date;
  to: Date;
  interval: "hour" | "day";
}) {
  const { db, companyId, keyId, from, to, interval } = opts;
  await opts.counter.sync();
  const { timeZone } = await getCompany(db, companyId);
  const rows = await db.query<{ start: Date; requests: number; client_errors: number; server_errors: number; refused: number }>(
    interval === "hour"
      ? sql`select p.start, coalesce(sum(u.requests), 0)::int as requests, coalesce(sum(u.client_errors), 0)::int as client_errors,
                   coalesce(sum(u.server_errors), 0)::int as server_errors, coalesce(sum(u.refused), 0)::int as refused
              from generate_series(date_trunc('hour', ${from}::timestamptz), ${to}::timestamptz - interval '1 microsecond', interval '1 hour') as p(start)
              left join api_key_usage u on u.company_id = ${companyId} and u.key_id = ${keyId} and u.hour = p.start
             group by p.start order by p.start`
      : sql`select p.day at time zone ${timeZone} as start, coalesce(sum(u.requests), 0)::int as requests,
                   coalesce(sum(u.client_errors), 0)::int as client_errors, coalesce(sum(u.server_errors), 0)::int as server_errors,
                   coalesce(sum(u.refused), 0)::int as refused
              from generate_series(date_trunc('day', ${from}::timestamptz at time zone ${timeZone}),
                                   (${to}::timestamptz - interval '1 microsecond') at time zone ${timeZone}, interval '1 day') as p(day)
              left join api_key_usage u on u.company_id = ${companyId} and u.key_id = ${keyId}
                    and u.hour >= p.day at time zone ${timeZone} and u.hour < (p.day + interval '1 day') at time zone ${timeZone}
             group by p.day order by p.day`,
  );
  const series = rows.map((r) => ({
    start: new Date(r.start),
    requests: r.requests,
    clientErrors: r.client_errors,
    serverErrors: r.server_errors,
    refused: r.refused,
  }));
  const totals: UsageFigures = { requests: 0, clientErrors: 0, serverErrors: 0, refused: 0 };
  for (const p of series) {
    totals.requests += p.requests;
    totals.clientErrors += p.clientErrors;
    totals.serverErrors += p.serverErrors;
    totals.refused += p.refused;
  }
  return { keyId, from, to, interval, timeZone, series, totals };
}
