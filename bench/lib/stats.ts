export interface Summary {
  requests: number;
  ms: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What a load generator measured: the latencies' summary, answers by status, failed connections. */
export interface LoadResult extends Summary {
  status: Record<string, number>;
  errors: number;
  s5xx: number;
}

/** A figure as reported: two decimals. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Throughput and exact latency percentiles (ms) from every request's latency. */
export function summarize(latencies: number[], ms: number): Summary {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) : 0);
  const r = round2;
  return {
    requests: s.length,
    ms,
    throughput: r(s.length / (ms / 1000)),
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    max: r(s[s.length - 1] ?? 0),
  };
}

/** A deterministic PRNG (mulberry32): load generators pick members reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
