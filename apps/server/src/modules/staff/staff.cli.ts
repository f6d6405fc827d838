import { z } from "zod";
import { ConfigError } from "../../config.js";
import type { Db } from "../../platform/db.js";
import type { Role } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";
import { email, password } from "../auth/auth.schemas.js";
import { insertStaffAccount } from "./staff.service.js";

const cliInput = z.object({ email, name: z.string().trim().min(1, "is required"), password });

/** `regulars create-staff`: an account, optionally a member of a company (by slug) with a role. */
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
      const [company] = await tx.query<{ id: string }>(sql`select id from companies where slug = ${opts.companySlug}`);
      if (!company) throw new ConfigError(`--company: no company with slug "${opts.companySlug}"`);
      companyId = company.id;
    }
    const staffId = await insertStaffAccount(tx, { ...parsed.data, isOperator: opts.operator }).catch((err) => {
      throw new ConfigError(`--email: ${err.message}`);
    });
    if (companyId)
      await tx.query(sql`insert into memberships (company_id, staff_id, role) values (${companyId}, ${staffId}, ${opts.role})`);
    return `Created ${parsed.data.email} (${staffId})${companyId ? ` as ${opts.role} of ${opts.companySlug}` : ""}.`;
  });
}
