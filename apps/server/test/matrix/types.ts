import type { Auth, Call, TestCompany, TestContext } from "../harness.js";

/** What every matrix module gets: two companies and a member of A who holds no permission. */
export interface MatrixFixtures {
  ctx: TestContext;
  a: TestCompany;
  b: TestCompany;
  /** An API key of company B holding every scope. */
  bKey: Auth;
  noPermissionsA: Auth;
  noPermissionsEmail: string;
}

export interface RouteCase {
  route: string;
  call: () => Call;
  /** Permission the route needs; null = any signed-in staff session; "operator" = installation operators. */
  permission: string | null;
  /** How another company's credentials are refused: 404 for A's ids, 400 for A's ids in a body, 403, or "own" (B's own data only). */
  otherCompany: 404 | 403 | 400 | "own";
  ok: number;
  /**
   * Path parameters that do not name company data (e.g. a notification `:kind`): left as they are
   * when the id comparison swaps the route's ids for unknown ones. Every other path parameter is an id.
   */
  notIds?: string[];
  /** The call ends the session it uses (logout): run it on fresh sign-ins. */
  consumesSession?: boolean;
}

/** A module's routes: setup creates, in company A, the fixtures its cases' calls refer to. */
export interface MatrixModule {
  name: string;
  setup(f: MatrixFixtures): Promise<void>;
  cases: RouteCase[];
  /** Strings of A's data that must never appear in answers to company B. */
  secrets?: () => string[];
}
