import { ApiError, createRequester } from "@regulars/sdk";
import type { WidgetError } from "./types";

/**
 * The widget API of one installation and public key (/api/v1/widget/:key/…), through the SDK's
 * tiny typed fetch (createRequester: openapi-fetch would cost the widget 2.2 KB of its 20 KB
 * gzipped). No cookies: a signed-in widget sends its session as a Bearer token. A failure is
 * thrown as a WidgetError (the SDK's ApiError): `network` when no answer could be read (offline,
 * or a proxy's answer without CORS headers), `generic` for an answer without the API's error body.
 */
export function widgetApi(origin: string, key: string) {
  const request = createRequester({ baseUrl: origin, credentials: "omit" });
  const params = { key };
  const bearer = (session: string) => ({ authorization: `Bearer ${session}` });
  async function run<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (e) {
      if (e instanceof ApiError && e.code.startsWith("http_"))
        throw { status: e.status, code: "generic", details: [] } satisfies WidgetError;
      throw e;
    }
  }
  return {
    config: () => run(request("get", "/api/v1/widget/{key}/config", { params })),
    tokenSession: (token: string) => run(request("post", "/api/v1/widget/{key}/sessions/token", { params, body: { token } })),
    passwordSession: (email: string, password: string) =>
      run(request("post", "/api/v1/widget/{key}/sessions/password", { params, body: { email, password } })),
    sendCode: (email: string) => run(request("post", "/api/v1/widget/{key}/sessions/code/send", { params, body: { email } })),
    codeSession: (email: string, code: string) =>
      run(request("post", "/api/v1/widget/{key}/sessions/code", { params, body: { email, code } })),
    me: (session: string) => run(request("get", "/api/v1/widget/{key}/me", { params, headers: bearer(session) })),
    signOut: (session: string) => run(request("delete", "/api/v1/widget/{key}/session", { params, headers: bearer(session) })),
  };
}

export type WidgetApi = ReturnType<typeof widgetApi>;

export function isWidgetError(e: unknown): e is WidgetError {
  return typeof e === "object" && e !== null && "code" in e && "status" in e;
}
