import { errors, jwtVerify } from "jose";
import { AppError } from "../../platform/errors.js";

/**
 * The host site's signed member token: a JWT (HS256) signed with the company's widget secret,
 * `sub` naming the customer (e-mail, card number or mbr_ id) and `exp` at most 10 minutes ahead.
 * A JWT because every server language has a library for it, and three lines of hash_hmac make one.
 */
const MAX_TOKEN_MINUTES = 10;
/** The host's clock and ours may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface MemberTokenClaims {
  sub: string;
  lang: "pl" | "en" | null;
}

const invalid = (why: string) => new AppError("widget_token_invalid", `The signed member token is not valid: ${why}`);

/** Verifies with each secret in turn (the previous one during a rotation). */
export async function verifyMemberToken(token: string, secrets: string[], now: Date): Promise<MemberTokenClaims> {
  for (const secret of secrets) {
    let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ["HS256"],
        requiredClaims: ["sub", "exp"],
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed) continue;
      if (err instanceof errors.JWTExpired)
        throw new AppError("widget_token_expired", "The signed member token has expired: sign a new one");
      throw invalid((err as Error).message);
    }
    const exp = payload.exp as number;
    if (exp > now.getTime() / 1000 + MAX_TOKEN_MINUTES * 60 + CLOCK_TOLERANCE_SECONDS)
      throw invalid(`exp is more than ${MAX_TOKEN_MINUTES} minutes ahead; sign tokens for a short time`);
    const sub = String(payload.sub).trim();
    if (!sub || sub.length > 320) throw invalid("sub must name the customer (e-mail, card number or member id)");
    const lang = payload.lang === "pl" || payload.lang === "en" ? payload.lang : null;
    return { sub, lang };
  }
  throw invalid("the signature does not match the widget secret");
}
