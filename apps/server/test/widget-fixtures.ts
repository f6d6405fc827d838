import { createHmac } from "node:crypto";
import { hashPassword } from "../src/modules/auth/passwords.js";
import { saveCredentials } from "../src/modules/member-auth/credentials.js";
import { type Auth, call, type TestContext } from "./harness.js";

export const SHOP = "https://shop.example.com";
export const WIDGET_MEMBER_PASSWORD = "amber-lantern-quiet-river";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * A signed member token exactly as the docs tell a host site to make one (JWT HS256 with
 * node:crypto, no library): the tests check our verification against the documented recipe.
 */
export function signMemberToken(
  secret: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

export const inMinutes = (now: Date, minutes: number) => Math.floor(now.getTime() / 1000) + minutes * 60;

export const widgetAppearance = {
  accentColor: "#c2255c",
  position: "bottom-left",
  texts: { pl: { launcher: "Moje punkty", title: "", intro: "" }, en: { launcher: "", title: "", intro: "" } },
};

/** Switches the company's widget on for `origins` and answers its public key and current secret. */
export async function enableWidget(ctx: TestContext, auth: Auth, origins: string[] = [SHOP]): Promise<{ key: string; secret: string }> {
  const put = await call(ctx, {
    method: "PUT",
    url: "/api/v1/widget-settings",
    auth,
    body: { enabled: true, allowedOrigins: origins, appearance: widgetAppearance },
  });
  if (put.statusCode !== 200) throw new Error(put.body);
  const secrets = await call(ctx, { method: "GET", url: "/api/v1/widget-settings/secrets", auth });
  return { key: put.data.publicKey, secret: secrets.data.current };
}

export async function setMemberPassword(ctx: TestContext, companyId: string, memberId: string, password = WIDGET_MEMBER_PASSWORD) {
  await saveCredentials(ctx.db, { companyId, memberId, passwordHash: await hashPassword(password), emailVerified: true, now: new Date() });
}

/** A request as widget.js on `origin` sends it (bearer session when given). */
export function widgetCall(
  ctx: TestContext,
  key: string,
  method: "GET" | "POST" | "DELETE" | "OPTIONS",
  path: string,
  opts: { body?: unknown; origin?: string | null; session?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  const origin = opts.origin === undefined ? SHOP : opts.origin;
  if (origin) headers.origin = origin;
  if (opts.session) headers.authorization = `Bearer ${opts.session}`;
  return ctx.app
    .inject({ method, url: `/api/v1/widget/${key}${path}`, headers, ...(opts.body !== undefined ? { payload: opts.body as object } : {}) })
    .then((res) => Object.assign(res, { data: res.body ? JSON.parse(res.body) : null }));
}
