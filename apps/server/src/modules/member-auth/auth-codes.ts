import { createHash, randomInt } from "node:crypto";
import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { newId, randomToken } from "../../platform/ids.js";
import { signValue, verifySignature } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";
import { identifierKey } from "./throttle.js";

// One-time codes and link tokens sent to members. A code is 6 digits; stored as an HMAC under
// SECRET_KEY with the code's id (a copy of the table alone cannot be brute-forced offline). A new
// code of a purpose for an identifier spends the earlier ones, so guesses never add up over codes.

export type CodePurpose = "signup" | "login" | "reset" | "activate";

/** How long a code lives: sign-in and activation codes 10 minutes, links in e-mails longer. */
export const CODE_MINUTES: Record<CodePurpose, number> = { signup: 24 * 60, login: 10, reset: 60, activate: 30 };
/** Wrong entries of one code before it is spent. */
export const MAX_CODE_ATTEMPTS = 5;

const HMAC_PURPOSE = "member-auth-code";
const hashCode = (config: Config, id: string, code: string) => signValue(config.secretKey, HMAC_PURPOSE, `${id}:${code}`);
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedCode {
  id: string;
  code: string;
  /** For links; only sign-up and reset e-mails carry one. */
  token: string | null;
  expiresAt: Date;
}

export async function issueCode(
  tx: Queryable,
  config: Config,
  opts: { companyId: string; purpose: CodePurpose; identifier: string; subjectId: string; withToken: boolean; now: Date },
): Promise<IssuedCode> {
  const identifier = identifierKey(opts.identifier);
  await tx.query(
    sql`update member_auth_codes set used_at = ${opts.now}
         where company_id = ${opts.companyId} and purpose = ${opts.purpose} and identifier = ${identifier} and used_at is null`,
  );
  const id = newId("mac");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const token = opts.withToken ? randomToken() : null;
  const expiresAt = new Date(opts.now.getTime() + CODE_MINUTES[opts.purpose] * 60_000);
  await tx.query(
    sql`insert into member_auth_codes (company_id, id, purpose, identifier, subject_id, code_hash, token_hash, created_at, expires_at)
        values (${opts.companyId}, ${id}, ${opts.purpose}, ${identifier}, ${opts.subjectId}, ${hashCode(config, id, code)},
                ${token ? hashToken(token) : null}, ${opts.now}, ${expiresAt})`,
  );
  return { id, code, token, expiresAt };
}

export const codeInvalid = (path = "code") =>
  new AppError("validation_failed", `${path}: the code is wrong or has expired`, [detail(path, "code_invalid")]);
export const tokenInvalid = () =>
  new AppError("validation_failed", "token: the link is invalid, used or has expired", [detail("token", "token_invalid")]);

interface CodeRow {
  id: string;
  subject_id: string;
  identifier: string;
  code_hash: string;
  attempts: number;
}

export type CodeCheck = { ok: true; subjectId: string; identifier: string } | { ok: false; error: AppError };

/**
 * Spends the identifier's current code of the purpose when `code` matches and gives its subject
 * (sign-up or member id). A wrong code counts an attempt (the 5th spends it); an expired, spent or
 * missing one is "wrong or expired" alike. A failure is returned, not thrown, so the caller commits
 * the counted attempt before refusing; the row is locked so two guesses cannot both be the last.
 */
export async function checkCode(
  tx: Queryable,
  config: Config,
  opts: { companyId: string; purpose: CodePurpose; identifier: string; code: string; now: Date },
): Promise<CodeCheck> {
  const [row] = await tx.query<CodeRow>(
    sql`select id, subject_id, identifier, code_hash, attempts from member_auth_codes
         where company_id = ${opts.companyId} and purpose = ${opts.purpose} and identifier = ${identifierKey(opts.identifier)}
           and used_at is null and expires_at > ${opts.now}
         order by created_at desc limit 1 for update`,
  );
  if (!row) return { ok: false, error: codeInvalid() };
  if (!verifySignature(config.secretKey, HMAC_PURPOSE, `${row.id}:${opts.code.trim()}`, row.code_hash)) {
    const attempts = row.attempts + 1;
    await tx.query(
      sql`update member_auth_codes set attempts = ${attempts}, used_at = ${attempts >= MAX_CODE_ATTEMPTS ? opts.now : null}
           where company_id = ${opts.companyId} and id = ${row.id}`,
    );
    const error =
      attempts >= MAX_CODE_ATTEMPTS
        ? new AppError("validation_failed", "code: too many wrong tries; ask for a new code", [detail("code", "code_attempts_exceeded")])
        : codeInvalid();
    return { ok: false, error };
  }
  await tx.query(sql`update member_auth_codes set used_at = ${opts.now} where company_id = ${opts.companyId} and id = ${row.id}`);
  return { ok: true, subjectId: row.subject_id, identifier: row.identifier };
}

/** Spends the link token of the purpose; its subject and the identifier it was sent for. */
export async function consumeToken(
  tx: Queryable,
  opts: { companyId: string; purpose: CodePurpose; token: string; now: Date },
): Promise<{ subjectId: string; identifier: string }> {
  const [row] = await tx.query<{ id: string; subject_id: string; identifier: string }>(
    sql`update member_auth_codes set used_at = ${opts.now}
         where company_id = ${opts.companyId} and token_hash = ${hashToken(opts.token)} and purpose = ${opts.purpose}
           and used_at is null and expires_at > ${opts.now}
     returning id, subject_id, identifier`,
  );
  if (!row) throw tokenInvalid();
  return { subjectId: row.subject_id, identifier: row.identifier };
}
