import { createApiKey } from "../../apps/server/src/modules/api-keys/api-keys.service.js";
import { createCompany, getCompany } from "../../apps/server/src/modules/companies/companies.service.js";
import { verifyBalances } from "../../apps/server/src/modules/ledger/verify-balances.js";
import { programInput } from "../../apps/server/src/modules/programs/programs.schemas.js";
import { createProgram } from "../../apps/server/src/modules/programs/programs.service.js";
import { rewardInput } from "../../apps/server/src/modules/rewards/rewards.schemas.js";
import { createReward } from "../../apps/server/src/modules/rewards/rewards.service.js";
import { insertStaffAccount } from "../../apps/server/src/modules/staff/staff.service.js";
import { tierInput } from "../../apps/server/src/modules/tiers/tiers.schemas.js";
import { createTier } from "../../apps/server/src/modules/tiers/tiers.service.js";
import type { Actor } from "../../apps/server/src/platform/actor.js";
import type { Db } from "../../apps/server/src/platform/db.js";
import { API_KEY_SCOPES, PERMISSIONS } from "../../apps/server/src/platform/permissions.js";
import { generate } from "./generate.js";

export interface Fixture {
  companyId: string;
  programId: string;
  rewardId: string;
  apiKey: string;
  members: number;
  purchases: number;
  generateMs: number;
  generatedRows: number;
  verifyMs: number | null;
  mismatches: number | null;
}

/** A company with a program (365-day expiry, two tiers by calendar-year points), a hot reward, an API key, and the generated data set. */
export async function setupBench(
  db: Db,
  a: { members: number; purchases: number; seed: number; verify: boolean; label: string },
): Promise<Fixture> {
  const staffId = await db.transaction((tx) =>
    insertStaffAccount(tx, { email: `bench-${Date.now()}@example.com`, name: "Bench", password: "kettle-orbit-1234" }),
  );
  const company = await createCompany({ db, staffId, staffName: "Bench", ip: "127.0.0.1", requestId: "bench", input: { name: "Bench" } });
  const actor: Actor = {
    type: "staff",
    id: staffId,
    name: "Bench",
    companyId: company.id,
    permissions: new Set(PERMISSIONS),
    locationIds: null,
    ip: "127.0.0.1",
    requestId: "bench",
  };
  const program = await createProgram({
    db,
    actor,
    input: programInput.parse({
      name: "Bench program",
      status: "active",
      expiryPolicy: "days",
      expiryValue: 365,
      tierBasis: "points",
      tierPeriod: "calendar_year",
    }),
  });
  const silver = await createTier({ db, actor, programId: program.id, input: tierInput.parse({ name: "Silver", threshold: 1500 }) });
  const gold = await createTier({ db, actor, programId: program.id, input: tierInput.parse({ name: "Gold", threshold: 4000 }) });
  const reward = await createReward({
    db,
    actor,
    input: rewardInput.parse({
      programId: program.id,
      namePl: "Kawa",
      kind: "physical",
      pointsPrice: 10,
      stockMode: "global",
      initialStock: 1_000_000,
    }),
  });
  const { secret } = await createApiKey({ db, actor, name: "bench", scopes: API_KEY_SCOPES });
  const gen = await generate(db, {
    companyId: company.id,
    programId: program.id,
    currency: (await getCompany(db, company.id)).currency,
    tiers: [
      { id: silver.id, threshold: silver.threshold },
      { id: gold.id, threshold: gold.threshold },
    ],
    members: a.members,
    purchases: a.purchases,
    seed: a.seed,
    anchor: new Date(),
    log: (m) => process.stderr.write(`  [${a.label}] ${m}\n`),
  });
  let verifyMs: number | null = null;
  let mismatches: number | null = null;
  if (a.verify) {
    const t = Date.now();
    mismatches = (await verifyBalances(db, company.id)).length;
    verifyMs = Date.now() - t;
  }
  return {
    companyId: company.id,
    programId: program.id,
    rewardId: reward.id,
    apiKey: secret,
    members: a.members,
    purchases: a.purchases,
    generateMs: gen.ms,
    generatedRows: gen.rows,
    verifyMs,
    mismatches,
  };
}
