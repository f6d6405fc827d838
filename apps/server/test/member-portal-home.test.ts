import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usableFormat } from "../src/modules/member-portal/card.js";
import {
  type Auth,
  balanceVia,
  call,
  companySlug,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  memberSessionVia,
  purchaseVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
} from "./harness.js";

// The member's home, history and card (member-portal): every figure against the ledger as the
// staff's API reads it.

let ctx: TestContext;
let a: TestCompany;
let slug = "";
const clock = new TestClock(new Date("2026-06-10T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  slug = await companySlug(ctx, a.companyId);
});
afterAll(() => ctx.close());

const me = (auth: Auth, path: string) => call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/${path}`, auth });
const adjust = (memberId: string, programId: string, points: number) =>
  call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/adjustments`, auth: a.owner, body: { programId, points, reason: "test" } });

describe("home: the numbers are the ledger's", () => {
  let programId: string;
  let otherProgramId: string;
  let memberId: string;
  let cardNumber: string;
  let locationId: string;
  let auth: Auth;

  beforeAll(async () => {
    // Purchases wait 7 days; every credit expires after 20 days; Silver at 50 points, Gold at 500.
    programId = await createProgramVia(ctx, a.owner, { welcomePoints: 10, pendingDays: 7, expiryPolicy: "days", expiryValue: 20 });
    await createTierVia(ctx, a.owner, programId, { name: "Silver", threshold: 50, discountBp: 300 });
    await createTierVia(ctx, a.owner, programId, { name: "Gold", threshold: 500, discountBp: 1000 });
    otherProgramId = await createProgramVia(ctx, a.owner);
    locationId = await createLocationVia(ctx, a.owner, "Kraków, Kazimierz");
    ({ id: memberId, cardNumber } = await createMemberVia(ctx, a.owner, { firstName: "Anna", lastName: "Nowak" }));
    // Enrolled in the second program first: the default (oldest active) program must still lead.
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId: otherProgramId } });
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    clock.advanceDays(1);
    expect((await adjust(memberId, programId, 150)).statusCode).toBe(201);
    clock.advanceDays(1);
    const bought = await purchaseVia(ctx, a.owner, programId, memberId, 4_900, { locationId });
    expect(bought.statusCode, bought.body).toBe(201);
    clock.advanceDays(1);
    auth = await memberSessionVia(ctx, a.companyId, memberId);
  });

  it("shows available, pending, expiring and the tier as the counter's balance does", async () => {
    const res = await me(auth, "home");
    expect(res.statusCode, res.body).toBe(200);
    const staff = await balanceVia(ctx, a.owner, memberId, programId);
    const [first, second] = res.data.programs;
    expect(first).toMatchObject({ programId, isDefault: true, available: staff.available, pending: staff.pending });
    expect(second).toMatchObject({ programId: otherProgramId, isDefault: false });
    // 10 welcome + 150 adjusted are spendable; the 49 of the purchase wait 7 days.
    expect(first).toMatchObject({ available: 160, pending: 49, expiringSoon: 209 });
    expect(first.expiring.reduce((n: number, x: { points: number }) => n + x.points, 0)).toBe(staff.expiringSoon);
    // Welcome points expire 20 days after 10 June at the same hour (30 June is their last day), the adjustment a day later.
    expect(first.expiring[0]).toMatchObject({ points: 10, lastDay: "2026-06-30" });
    expect(first.expiring[1]).toMatchObject({ points: 150, lastDay: "2026-07-01" });
    expect(first.tier).toMatchObject({ name: "Silver", discountBp: 300 });
  });

  it("shows the way to the next tier from the qualifying points of the period", async () => {
    const { data } = await me(auth, "home");
    // Earned points count (welcome 10 + purchase 49); a manual credit is not an earning.
    expect(data.programs[0].progress).toMatchObject({
      basis: "points",
      period: "calendar_year",
      next: { name: "Gold", threshold: 500, discountBp: 1000 },
    });
    expect(data.programs[0].progress).toMatchObject({ current: 59, needed: 441 });
  });

  it("lists the last operations as structured data the portal phrases", async () => {
    const { data } = await me(auth, "home");
    expect(data.lastOperations[0]).toMatchObject({
      kind: "purchase",
      locationName: "Kraków, Kazimierz",
      points: 49,
      amount: { amount: 4_900, currency: "PLN" },
    });
    expect(data.lastOperations[0].pendingUntil).not.toBeNull();
    expect(data.lastOperations.map((o: { kind: string }) => o.kind)).toEqual(["purchase", "adjustment", "welcome"]);
  });

  it("the card shows the number, the barcode format and the default program's balance", async () => {
    const res = await me(auth, "card");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({
      cardNumber,
      firstName: "Anna",
      lastName: "Nowak",
      barcodeFormat: "code128",
      balance: { programId, available: 160, pending: 49, tierName: "Silver" },
    });
  });

  it("a member with no enrollment sees an empty home and a card without a balance", async () => {
    const { id } = await createMemberVia(ctx, a.owner);
    const fresh = await memberSessionVia(ctx, a.companyId, id);
    expect((await me(fresh, "home")).data).toMatchObject({ programs: [], lastOperations: [] });
    expect((await me(fresh, "card")).data.balance).toBeNull();
  });
});

describe("the card's barcode format", () => {
  it("falls back to Code 128 for a card number the chosen format cannot encode", () => {
    expect(usableFormat("ean13", "5901234123457")).toBe("ean13");
    expect(usableFormat("ean13", "590123412345")).toBe("ean13");
    expect(usableFormat("ean13", "5901234123458")).toBe("code128");
    expect(usableFormat("ean13", "KLUB-00042")).toBe("code128");
    expect(usableFormat("code39", "KLUB-00042")).toBe("code39");
    expect(usableFormat("code39", "klub_42")).toBe("code128");
    expect(usableFormat("qr", "anything at all")).toBe("qr");
  });
});

describe("history", () => {
  let programId: string;
  let memberId: string;
  let auth: Auth;

  beforeAll(async () => {
    programId = await createProgramVia(ctx, a.owner);
    ({ id: memberId } = await createMemberVia(ctx, a.owner));
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    for (let i = 1; i <= 4; i++) expect((await purchaseVia(ctx, a.owner, programId, memberId, i * 1_000)).statusCode).toBe(201);
    for (let i = 1; i <= 3; i++) expect((await adjust(memberId, programId, i)).statusCode).toBe(201);
    auth = await memberSessionVia(ctx, a.companyId, memberId);
  });

  it("pages through the ledger newest first, without gaps or repeats", async () => {
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/ledger?limit=100`, auth: a.owner });
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const res = await me(auth, `history?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.statusCode, res.body).toBe(200);
      sizes.push(res.data.data.length);
      seen.push(...res.data.data.map((o: { id: string }) => o.id));
      cursor = res.data.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(ledger.data.data.map((e: { id: string }) => e.id));
  });

  it("filters by kind and by program", async () => {
    const purchases = await me(auth, "history?kind=purchases");
    expect(purchases.data.data.map((o: { kind: string; points: number }) => [o.kind, o.points])).toEqual([
      ["purchase", 40],
      ["purchase", 30],
      ["purchase", 20],
      ["purchase", 10],
    ]);
    expect((await me(auth, "history?kind=adjustments")).data.data).toHaveLength(3);
    expect((await me(auth, "history?kind=rewards")).data.data).toEqual([]);
    const other = await createProgramVia(ctx, a.owner);
    expect((await me(auth, `history?programId=${other}`)).data.data).toEqual([]);
  });

  it("refuses bad filters naming the field", async () => {
    for (const [query, path] of [
      ["kind=everything", "query.kind"],
      ["limit=0", "query.limit"],
      ["limit=101", "query.limit"],
      ["limit=abc", "query.limit"],
    ]) {
      const res = await me(auth, `history?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});
