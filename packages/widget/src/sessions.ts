import type { WidgetSession } from "./types";

/**
 * Where the widget keeps its session between pages of the host site. A session made from the
 * host's signed token lives in sessionStorage (this tab) and is bound to the token's `sub`: when a
 * page gives no token or another customer's, it is dropped, so the next customer on a shared
 * computer never sees the previous one's points. A session from the widget's own sign-in lives in
 * localStorage, per public key, like the portal's "stay signed in".
 */

interface Stored {
  sessionToken: string;
  expiresAt: string;
  sub?: string;
}

const keyOf = (publicKey: string, kind: "token" | "sign_in") => `regulars-widget:${publicKey}:${kind}`;

function storage(kind: "token" | "sign_in"): Storage | null {
  try {
    return kind === "token" ? window.sessionStorage : window.localStorage;
  } catch {
    // Storage switched off (privacy settings, sandboxed frames): sessions last for this page only.
    return null;
  }
}

function read(publicKey: string, kind: "token" | "sign_in"): Stored | null {
  try {
    const raw = storage(kind)?.getItem(keyOf(publicKey, kind));
    const s = raw ? (JSON.parse(raw) as Stored) : null;
    if (!s || typeof s.sessionToken !== "string") return null;
    // A sign-in session slides on the server with use, so only the server knows when it ends (a 401).
    return kind === "sign_in" || Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function loadTokenSession(publicKey: string, sub: string): string | null {
  const s = read(publicKey, "token");
  return s && s.sub === sub ? s.sessionToken : null;
}

export function loadSignInSession(publicKey: string): string | null {
  return read(publicKey, "sign_in")?.sessionToken ?? null;
}

export function saveSession(publicKey: string, session: WidgetSession, sub?: string): void {
  const kind = session.via === "token" ? "token" : "sign_in";
  try {
    storage(kind)?.setItem(
      keyOf(publicKey, kind),
      JSON.stringify({ sessionToken: session.sessionToken, expiresAt: session.expiresAt, sub }),
    );
  } catch {
    // Full or switched off: the session lasts for this page.
  }
}

export function dropSession(publicKey: string, kind: "token" | "sign_in"): void {
  try {
    storage(kind)?.removeItem(keyOf(publicKey, kind));
  } catch {
    // Nothing stored.
  }
}

/** The `sub` and `lang` claims of a JWT, read without verifying it (the server verifies). */
export function tokenClaims(token: string): { sub: string | null; lang: string | null } {
  try {
    const part = token.split(".")[1] ?? "";
    const binary = atob(
      part
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(part.length / 4) * 4, "="),
    );
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as { sub?: unknown; lang?: unknown };
    return { sub: typeof claims.sub === "string" ? claims.sub : null, lang: typeof claims.lang === "string" ? claims.lang : null };
  } catch {
    return { sub: null, lang: null };
  }
}

/**
 * "Sign out" in a widget the host signed in: remembered for this tab and this customer, so the next
 * page's token does not sign them straight back in (another customer's token does).
 */
export function markSignedOut(publicKey: string, sub: string | null): void {
  try {
    if (sub) window.sessionStorage.setItem(`${keyOf(publicKey, "token")}:out`, sub);
    else window.sessionStorage.removeItem(`${keyOf(publicKey, "token")}:out`);
  } catch {
    // Storage switched off: the next page signs in again.
  }
}

export function signedOutSub(publicKey: string): string | null {
  try {
    return window.sessionStorage.getItem(`${keyOf(publicKey, "token")}:out`);
  } catch {
    return null;
  }
}
