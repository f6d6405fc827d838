import { dictionary } from "@zxcvbn-ts/language-common";
import { detail, type ErrorDetail, invalidFields } from "../../platform/errors.js";

// The password policy, applied wherever a password is set (setup, accepting an invitation,
// changing a password, the CLI): NIST SP 800-63B's shape — a minimum length, a generous maximum,
// no composition rules, and a refusal of passwords known to be common or tied to the person.

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The 49,233 most common passwords of zxcvbn-ts's common dictionary (MIT, bundled in the npm
 * package, no network), lowercased. Only the ones the length rule lets through matter.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    (dictionary["passwords-common"] as string[]).filter((p) => p.length >= MIN_PASSWORD_LENGTH).map((p) => p.toLowerCase()),
  );
  return common;
}

/** Whether the password is on the bundled list of common passwords (case does not make it rarer). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** Parts of an e-mail address or name long enough to make a password guessable when it contains them. */
function personalParts(person: { email?: string | null; name?: string | null }): string[] {
  const parts: string[] = [];
  const email = person.email?.trim().toLowerCase();
  if (email) parts.push(email, email.split("@")[0] ?? "");
  const name = person.name?.trim().toLowerCase();
  if (name) parts.push(name, name.replace(/\s+/g, ""), ...name.split(/\s+/));
  return parts.filter((p) => p.length >= 4);
}

/** The policy's problems with a password (empty: acceptable); `path` names the field. */
export function passwordProblems(path: string, password: string, person: { email?: string | null; name?: string | null }): ErrorDetail[] {
  if (password.length < MIN_PASSWORD_LENGTH) return [detail(path, "too_short", { min: MIN_PASSWORD_LENGTH })];
  if (password.length > MAX_PASSWORD_LENGTH) return [detail(path, "too_long", { max: MAX_PASSWORD_LENGTH })];
  if (isCommonPassword(password)) return [detail(path, "password_common")];
  const lower = password.toLowerCase();
  if (personalParts(person).some((part) => lower.includes(part))) return [detail(path, "password_personal")];
  return [];
}

/** Throws a 400 naming the field when the password breaks the policy. */
export function assertPasswordPolicy(path: string, password: string, person: { email?: string | null; name?: string | null }): void {
  const problems = passwordProblems(path, password, person);
  if (problems.length > 0) throw invalidFields(problems);
}
