/**
 * Handle the API's rate limits: a 429 answer (code `rate_limited`) carries Retry-After, which
 * ApiError exposes as `retryAfterSeconds`. Every answer to an API key also carries
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, to slow down before a refusal.
 */
import { ApiError, createRegularsClient, paginate, type Schema, unwrap } from "@regulars/sdk";

const client = createRegularsClient({
  baseUrl: process.env.REGULARS_URL ?? "http://localhost:3000",
  apiKey: process.env.REGULARS_API_KEY ?? "",
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `call` again after each 429, waiting what Retry-After says (at most `attempts` times). */
export async function withRateLimitRetry<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== "rate_limited" || attempt >= attempts) throw e;
      const waitSeconds = e.retryAfterSeconds ?? 2 ** attempt;
      console.warn(`rate limited; retrying in ${waitSeconds} s`);
      await sleep(waitSeconds * 1000);
    }
  }
}

// Every member, page by page, each page retried after a 429: a nightly export that never hammers the API.
const members: Schema<"MemberListItem">[] = [];
for await (const member of paginate((cursor) =>
  withRateLimitRetry(() => unwrap(client.GET("/api/v1/members", { params: { query: { limit: 200, cursor } } }))),
)) {
  members.push(member);
}
console.log(`${members.length} members`);

// The headers tell how much of the current window is left.
const { response } = await client.GET("/api/v1/company");
console.log(
  `limit ${response.headers.get("ratelimit-limit")}, remaining ${response.headers.get("ratelimit-remaining")}, resets in ${response.headers.get("ratelimit-reset")} s`,
);
