import { companySlug, createMemberVia, memberSessionVia, type TestCompany, type TestContext, unique } from "../harness.js";
import type { MemberMatrixFixtures } from "./member-types.js";

/** Members A1, A2 (company A) and B1 (company B) with e-mails, and fresh portal sessions on demand. */
export async function memberMatrixFixtures(ctx: TestContext, a: TestCompany, b: TestCompany): Promise<MemberMatrixFixtures> {
  const member = async (company: TestCompany) =>
    (await createMemberVia(ctx, company.owner, { email: `${unique("portal")}@example.com`, lastName: unique("Portal") })).id;
  const [memberA1, memberA2, memberB1] = [await member(a), await member(a), await member(b)];
  return {
    ctx,
    a,
    b,
    slugA: await companySlug(ctx, a.companyId),
    slugB: await companySlug(ctx, b.companyId),
    memberA1,
    memberA2,
    memberB1,
    sessionA1: () => memberSessionVia(ctx, a.companyId, memberA1),
    sessionA2: () => memberSessionVia(ctx, a.companyId, memberA2),
    sessionB1: () => memberSessionVia(ctx, b.companyId, memberB1),
  };
}
