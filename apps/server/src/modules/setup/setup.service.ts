import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import { anyStaffAccount } from "../auth/accounts.js";
import { createSession } from "../auth/auth.service.js";
import type { CompanyInput } from "../companies/companies.schemas.js";
import { insertCompanyWithOwner } from "../companies/companies.service.js";
import { insertStaffAccount } from "../staff/staff.service.js";

// Serializes concurrent setup attempts so exactly one creates the first account.
const SETUP_LOCK_KEY = 724_611_002;

export async function needsSetup(db: Db): Promise<boolean> {
  return !(await anyStaffAccount(db));
}

/** First run: creates the first company and its owner (an operator of the installation), signed in. */
export async function runSetup(opts: {
  db: Db;
  config: Config;
  company: CompanyInput;
  owner: { email: string; name: string; password: string; language?: "pl" | "en" };
  ip: string;
  requestId: string;
  userAgent: string | undefined;
}) {
  return opts.db.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    if (await anyStaffAccount(tx)) throw new AppError("setup_already_done", "This installation is already set up; sign in instead");
    const staffId = await insertStaffAccount(tx, { ...opts.owner, isOperator: true, passwordPath: "owner.password" });
    const company = await insertCompanyWithOwner(tx, {
      staffId,
      staffName: opts.owner.name,
      ip: opts.ip,
      requestId: opts.requestId,
      input: { ...opts.company, language: opts.company.language ?? opts.owner.language },
      via: "setup",
    });
    return createSession({ db: tx, config: opts.config, staffId, ip: opts.ip, userAgent: opts.userAgent, companyId: company.id });
  });
}
