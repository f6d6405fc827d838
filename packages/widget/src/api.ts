import type { WidgetConfig, WidgetError, WidgetSession, WidgetSummary } from "./types";

/**
 * The widget API of one installation and public key (/api/v1/widget/:key/…). No cookies: a
 * signed-in widget sends its session as a Bearer token. A failure is thrown as a WidgetError;
 * `network` when no answer could be read (offline, or a proxy's answer without CORS headers).
 */
export function widgetApi(origin: string, key: string) {
  const base = `${origin}/api/v1/widget/${encodeURIComponent(key)}/`;
  async function call<T>(method: string, path: string, body?: unknown, session?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (session) headers.authorization = `Bearer ${session}`;
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
    } catch {
      throw { status: 0, code: "network", details: [] } satisfies WidgetError;
    }
    const text = await res.text().catch(() => "");
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page): phrased as a generic error below.
    }
    if (!res.ok) {
      const error = (data as { error?: { code?: string; details?: WidgetError["details"] } } | null)?.error;
      throw { status: res.status, code: error?.code ?? "generic", details: error?.details ?? [] } satisfies WidgetError;
    }
    return data as T;
  }
  return {
    config: () => call<WidgetConfig>("GET", "config"),
    tokenSession: (token: string) => call<WidgetSession>("POST", "sessions/token", { token }),
    passwordSession: (email: string, password: string) => call<WidgetSession>("POST", "sessions/password", { email, password }),
    sendCode: (email: string) => call<unknown>("POST", "sessions/code/send", { email }),
    codeSession: (email: string, code: string) => call<WidgetSession>("POST", "sessions/code", { email, code }),
    me: (session: string) => call<WidgetSummary>("GET", "me", undefined, session),
    signOut: (session: string) => call<unknown>("DELETE", "session", undefined, session),
  };
}

export type WidgetApi = ReturnType<typeof widgetApi>;

export function isWidgetError(e: unknown): e is WidgetError {
  return typeof e === "object" && e !== null && "code" in e && "status" in e;
}
