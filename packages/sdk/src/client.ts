import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema.js";

export type RegularsClient = Client<paths>;

export interface RegularsClientOptions {
  /** The installation's address, e.g. `https://loyalty.example.com` (no path: every route starts with /api/v1). */
  baseUrl: string;
  /** An API key (`rgl_…`), sent as `Authorization: Bearer <key>`. Leave out in a browser signed in with a session. */
  apiKey?: string;
  /** `include` in a browser using the session cookie (the admin, the portal); default: the fetch default. */
  credentials?: RequestInit["credentials"];
  /** Your own fetch (a test double, a proxy agent, retries). */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request (e.g. a User-Agent naming your integration). */
  headers?: Record<string, string>;
}

/**
 * A typed client of the Regulars API: `client.GET("/api/v1/members/{id}", { params: { path: { id } } })`
 * answers `{ data, error, response }` typed from the OpenAPI document. Wrap a call in `unwrap(…)`
 * for its data or an ApiError thrown.
 */
export function createRegularsClient(options: RegularsClientOptions): RegularsClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const init: ClientOptions = { baseUrl: options.baseUrl.replace(/\/+$/, ""), headers };
  if (options.credentials) init.credentials = options.credentials;
  if (options.fetch) init.fetch = options.fetch;
  return createClient<paths>(init);
}
