import type { Auth, Call, TestCompany, TestContext } from "../harness.js";

/**
 * What every member-matrix module gets: two companies with their portal slugs and members: A1 (the
 * caller whose data the cases name), A2 (another member of the same company) and B1 (company B).
 */
export interface MemberMatrixFixtures {
  ctx: TestContext;
  a: TestCompany;
  b: TestCompany;
  slugA: string;
  slugB: string;
  memberA1: string;
  memberA2: string;
  memberB1: string;
  /** Fresh portal sessions (a case may end its session). */
  sessionA1(): Promise<Auth>;
  sessionA2(): Promise<Auth>;
  sessionB1(): Promise<Auth>;
}

export interface MemberRouteCase {
  /** "METHOD /api/v1/portal/:slug/…" as in the OpenAPI document. */
  route: string;
  /** A1's valid call on company A's slug (ids of A1's own data). */
  call: () => Call;
  ok: number;
  /**
   * What member A2 gets for A1's call: 404 (the path or body names A1's data, e.g. a redemption
   * id), or "own" (no id of A1's: the answer is A2's own data, and none of A1's secrets).
   */
  otherMember: 404 | "own";
}

/** A module's member routes: setup creates A1's data the calls refer to. */
export interface MemberMatrixModule {
  name: string;
  setup(f: MemberMatrixFixtures): Promise<void>;
  cases: MemberRouteCase[];
  /** Portal routes without a member session (sign-up, sign-in, program): each has an isolation test of its own. */
  publicRoutes?: string[];
  /** Strings of A1's data that must never appear in answers to A2 or to company B. */
  secrets?: () => string[];
}
