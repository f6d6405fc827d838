/**
 * Open-loop load at a fixed rate: one request every 1/rate seconds, however the server keeps up.
 * autocannon's `overallRate` is a per-second quota (each connection sends flat out until its share
 * of the second is used, then waits for the next second), so "half the rate" is really full load
 * for half of every second and its latencies are those of full load. Written by hand because no
 * maintained npm load generator paces requests evenly. Latency counts from the moment a request
 * was due, not from when a free connection sent it, so a server that falls behind shows it
 * (no coordinated omission).
 */
import http from "node:http";
import { type LoadResult, summarize } from "./stats.js";

export async function pacedLoad(o: {
  port: number;
  /** Requests per second. */
  rate: number;
  durationSec: number;
  connections: number;
  method: "GET" | "POST";
  headers: Record<string, string>;
  next: () => { path: string; body?: unknown };
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const fire = (due: number) => {
    const { path, body } = o.next();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        {
          agent,
          host: "127.0.0.1",
          port: o.port,
          method: o.method,
          path,
          headers: {
            ...o.headers,
            ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            const code = String(res.statusCode);
            status[code] = (status[code] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const interval = 1000 / o.rate;
  const total = Math.max(1, Math.round(o.rate * o.durationSec));
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) fire(start + sent++ * interval);
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  const s5xx = Object.entries(status).reduce((n, [code, c]) => n + (code.startsWith("5") ? c : 0), 0);
  return { ...summarize(latencies, performance.now() - start), status, errors, s5xx };
}
