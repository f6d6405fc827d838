/**
 * What the portal's browser tests share, beside the admin's harness (the server, Chromium, a seeded
 * company): the company's portal slug, a member's portal cookie made by the sessions' own function
 * (signing in through the screens is auth.test.ts's and journey.test.ts's), and the owner's API.
 */
import path from "node:path";
import type { Cookie } from "playwright-core";
import { type Harness, PASSWORD, SCREENSHOT_DIR } from "../../admin/e2e/harness";
import { MEMBER_COOKIE, startMemberSession } from "../../server/src/modules/member-auth/member-sessions.js";
import { sql } from "../../server/src/platform/sql.js";

export const PHONE = { width: 390, height: 844 };
export const PORTAL_SHOTS = path.join(SCREENSHOT_DIR, "portal");

export async function portalSlug(h: Harness, companyId: string): Promise<string> {
  const [row] = await h.db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  if (!row) throw new Error(`no company ${companyId}`);
  return row.slug;
}

/** The portal's session cookie of `memberId` (path /api/v1/portal/<slug>, as the server sets it). */
export async function memberCookie(h: Harness, companyId: string, slug: string, memberId: string): Promise<Cookie> {
  const { token } = await startMemberSession(h.db, { companyId, memberId, ip: "127.0.0.1", userAgent: "e2e" });
  return {
    name: MEMBER_COOKIE,
    value: token,
    domain: "127.0.0.1",
    path: `/api/v1/portal/${slug}`,
    httpOnly: true,
    secure: false,
    sameSite: "Lax",
    expires: -1,
  };
}

/** The staff API as the company's owner (signed in over HTTP); a non-2xx answer throws with its body. */
export async function ownerApi(h: Harness, ownerEmail: string) {
  const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ownerEmail, password: PASSWORD }),
  });
  const cookie = String(login.headers.get("set-cookie")).split(";")[0] as string;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  return async <T = { id: string }>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${h.baseUrl}${url}`, {
      method,
      headers: { cookie, "x-csrf-token": csrf, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}
