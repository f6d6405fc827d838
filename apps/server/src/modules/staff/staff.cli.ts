import { z } from "zod";
import { ConfigError } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import type { Role } from "../../platform/permissions.js";
import { email, password } from "../auth/auth.schemas.js";
import { insertMembership } from "../auth/memberships.js";
import { companyIdBySlug } from "../companies/companies.service.js";
import { insertStaffAccount } from "./staff.service.js";

const cliInput = z.object({ email, name: z.string().trim().min(1, "is required"), password });

/**
 * `regulars create-staff`: an account, optionally a member of a company (by slug) with a role.
 * The operator typed the password, so it is only a first one: the account must change it at its
 * first sign-in (the API answers 403 password_change_required until it does).
 */
export async function createStaffAccountCli(opts: {
  db: Db;
  email?: string;
  name?: string;
  password?: string;
  companySlug?: string;
  role: Role;
  operator: boolean;
}): Promise<string> {
  const parsed = cliInput.safeParse(opts);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  return opts.db.transaction(async (tx) => {
    let companyId: string | undefined;
    if (opts.companySlug) {
      companyId = (await companyIdBySlug(tx, opts.companySlug)) ?? undefined;
      if (!companyId) throw new ConfigError(`--company: no company with slug "${opts.companySlug}"`);
    }
    const staffId = await insertStaffAccount(tx, { ...parsed.data, isOperator: opts.operator, mustChangePassword: true }).catch(
      (err: unknown) => {
        if (err instanceof AppError && err.details.length > 0)
          throw new ConfigError(err.details.map((d) => `--${d.path}: ${d.message}`).join("\n"));
        throw err;
      },
    );
    if (companyId) await insertMembership(tx, companyId, staffId, { role: opts.role });
    return `Created ${parsed.data.email} (${staffId})${companyId ? ` as ${opts.role} of ${opts.companySlug}` : ""}; the password must be changed at the first sign-in.`;
  });
}
