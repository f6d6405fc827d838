import type { Queryable } from "../../platform/db.js";
import { AppError, detail, isUniqueViolation } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { assertPasswordPolicy } from "./password-policy.js";
import { hashPassword } from "./passwords.js";

// Staff accounts as other modules need them (staff, setup, the CLI): auth owns the accounts,
// their sessions and memberships, which the credentials hook reads on every request.

export interface NewStaffAccount {
  email: string;
  name: string;
  password: string;
  language?: "pl" | "en";
  isOperator?: boolean;
  /** Set by someone else (the CLI): the account must change it at first sign-in. */
  mustChangePassword?: boolean;
  /** The request field that carried the password, named by a policy refusal. */
  passwordPath?: string;
}

/** A global account (no company yet); used by setup, the CLI and accepted invitations. */
export async function insertStaffAccount(tx: Queryable, input: NewStaffAccount): Promise<string> {
  assertPasswordPolicy(input.passwordPath ?? "password", input.password, input);
  const id = newId("stf");
  const hash = await hashPassword(input.password);
  try {
    await tx.query(
      sql`insert into staff_accounts (id, email, name, password_hash, language, is_operator, must_change_password)
          values (${id}, ${input.email}, ${input.name}, ${hash}, ${input.language ?? "pl"}, ${input.isOperator ?? false},
                  ${input.mustChangePassword ?? false})`,
    );
  } catch (err) {
    if (isUniqueViolation(err, "staff_accounts_email_key"))
      throw new AppError("already_exists", "email: an account with this e-mail exists", [detail("email", "email_taken_account")]);
    throw err;
  }
  return id;
}

/** The account with this e-mail address (in any case), if there is one. */
export async function accountIdByEmail(db: Queryable, email: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(sql`select id from staff_accounts where lower(email) = lower(${email})`);
  return row?.id ?? null;
}

/** An account's name (null: no such account). */
export async function accountName(db: Queryable, staffId: string): Promise<string | null> {
  const [row] = await db.query<{ name: string }>(sql`select name from staff_accounts where id = ${staffId}`);
  return row?.name ?? null;
}

/** Whether the installation has any account yet (first-run setup). */
export async function anyStaffAccount(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ exists: boolean }>(sql`select exists (select 1 from staff_accounts) as exists`);
  return row?.exists ?? false;
}
