/** Shared set-up for the loyalty browser tests: a location, an active program, a Gold tier, members. */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { apiAs, type Harness, joinByInvitation, unique } from "./harness";

export async function created<T = { id: string }>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const res = await apiAs<T>(page, method, url, body);
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.data)}`).toBeLessThan(300);
  return res.data;
}

export interface LoyaltyFixture {
  locationId: string;
  programId: string;
  goldId: string;
}

/** 1 point per 1 PLN, no pending days; Gold = ×2 and 10 % discount (reached at 100 000 points, so assigned by hand). */
export async function seedProgram(owner: Page, name = `Kawa+ ${unique("")}`): Promise<LoyaltyFixture> {
  const location = await created(owner, "POST", "/api/v1/locations", { name: `Kawiarnia ${unique("")}`, address: { city: "Kraków" } });
  const program = await created(owner, "POST", "/api/v1/programs", {
    name,
    status: "active",
    budgetBp: 500,
    converterPoints: 1,
    converterAmountMinor: 100,
    rounding: "down",
    pendingDays: 0,
  });
  const gold = await created(owner, "POST", `/api/v1/programs/${program.id}/tiers`, {
    name: "Gold",
    threshold: 100000,
    discountBp: 1000,
    multiplierBp: 20000,
    color: "#fab005",
  });
  return { locationId: location.id, programId: program.id, goldId: gold.id };
}

export async function seedMember(owner: Page, body: Record<string, unknown>) {
  return created<{ id: string; cardNumber: string; firstName: string; lastName: string }>(owner, "POST", "/api/v1/members", body);
}

export async function seedCashier(h: Harness, owner: Page, locationId: string) {
  const email = `${unique("kasjer")}@example.com`;
  await joinByInvitation(h, owner, { email, role: "cashier", locationIds: [locationId] }, "Ewa Zielińska");
  return { email, name: "Ewa Zielińska" };
}
