import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  friendProgress,
  markReferralRewarded,
  markReferralSuccessful,
  referralOfFriend,
} from "../src/modules/referrals/referral-progress.js";
import { registerReferral } from "../src/modules/referrals/referrals.consumer.js";
import { sql } from "../src/platform/sql.js";
import {
  call,
  countRows,
  createApiKeyVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  purchaseVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { drainReferrals } from "./referral-fixtures.js";

// Rewarded referrals (issue 23), staff's side: the guards on the card, the consumer that records a
// referral once, the list, the report, what the automation engine reads and marks, and isolation.
// The portal sign-up's flagging and the review are in referrals-signup.test.ts.

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const member = (body: Record<string, unknown>, company = a) =>
  call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { firstName: "Jan", lastName: unique("K"), ...body } });
const patch = (id: string, body: Record<string, unknown>, company = a) =>
  call(ctx, { method: "PATCH", url: `/api/v1/members/${id}`, auth: company.owner, body });
const get = (url: string, company = a) => call(ctx, { method: "GET", url: `/api/v1${url}`, auth: company.owner });
const detailOf = (res: { data: { error: { details: { path: string; code: string }[] } } }) =>
  res.data.error.details.map((d) => `${d.path}:${d.code}`);
const eventsOf = (companyId: string) => countRows(ctx.db, "events", "company_id = $1", [companyId]);
const referralEvents = (type: string, referrerId: string) =>
  ctx.db.query<{ payload: Record<string, unknown> }>(
    sql`select payload from events where company_id = ${a.companyId} and type = ${type} and entity_id = ${referrerId} order by seq`,
  );

describe("the referrer guards", () => {
  it.each([
    ["e-mail", "referrer_same_email", (r: { email: string; phone: string; cardNumber: string }) => ({ email: r.email.toUpperCase() })],
    ["phone", "referrer_same_phone", (r: { phone: string }) => ({ phone: r.phone })],
    ["card number", "referrer_same_card", (r: { cardNumber: string }) => ({ cardNumber: r.cardNumber })],
  ])("refuses a member who has the referrer's %s (422 naming referrerId) and writes nothing", async (_what, code, same) => {
    const referrer = (
      await member({ email: `${unique("ref")}@example.com`, phone: `+48600${Math.floor(100000 + Math.random() * 899999)}` })
    ).data;
    const [members, events] = [await countRows(ctx.db, "members", "company_id = $1", [a.companyId]), await eventsOf(a.companyId)];
    const res = await member({ referrerId: referrer.id, ...same(referrer) });
    expect(res.statusCode, res.body).toBe(422);
    expect(detailOf(res)).toEqual([`referrerId:${code}`]);
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(members);
    expect(await eventsOf(a.companyId)).toBe(events);

    // The same on the card: giving the referrer to a member with their e-mail/phone/card changes nothing.
    const other = (await member({})).data;
    const sameOnCard = code === "referrer_same_card" ? null : await patch(other.id, { referrerId: referrer.id, ...same(referrer) });
    if (sameOnCard) {
      expect(sameOnCard.statusCode, sameOnCard.body).toBe(422);
      expect(detailOf(sameOnCard)).toEqual([`referrerId:${code}`]);
      expect((await get(`/members/${other.id}`)).data).toEqual(other);
    }
  });

  it("refuses a member referring themselves by id, and an inactive referrer (422), naming referrerId", async () => {
    const m = (await member({})).data;
    const self = await patch(m.id, { referrerId: m.id });
    expect(self.statusCode, self.body).toBe(422);
    expect(detailOf(self)).toEqual(["referrerId:self_referral"]);

    const blocked = (await member({ status: "blocked", blockedReason: "fraud" })).data;
    const byBlocked = await member({ referrerId: blocked.id });
    expect(byBlocked.statusCode, byBlocked.body).toBe(422);
    expect(detailOf(byBlocked)).toEqual(["referrerId:referrer_inactive"]);
    const erased = (await member({})).data;
    const erase = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${erased.id}/erase`,
      auth: a.owner,
      body: { confirmCardNumber: erased.cardNumber },
    });
    expect(erase.statusCode, erase.body).toBe(200);
    const byErased = await patch(m.id, { referrerId: erased.id });
    expect(byErased.statusCode).toBe(422);
    expect(detailOf(byErased)).toEqual(["referrerId:referrer_inactive"]);
    expect((await get(`/members/${m.id}`)).data).toEqual(m);
    // Another company's member is not a member here at all (400, as an unknown id).
    const foreign = await member({ referrerId: (await createMemberVia(ctx, b.owner)).id });
    expect(foreign.statusCode).toBe(400);
    expect(detailOf(foreign)).toEqual(["referrerId:not_company_member"]);
  });

  it("keeps the first referrer: another one, or none, is a 409 and changes nothing; the same one is fine", async () => {
    const first = await createMemberVia(ctx, a.owner);
    const second = await createMemberVia(ctx, a.owner);
    const friend = (await member({})).data;
    const set = await patch(friend.id, { referrerId: first.id });
    expect(set.statusCode, set.body).toBe(200);
    for (const referrerId of [second.id, null]) {
      const res = await patch(friend.id, { referrerId, notes: "changed?" });
      expect(res.statusCode, res.body).toBe(409);
      expect(detailOf(res)).toEqual(["referrerId:referrer_already_set"]);
      expect((await get(`/members/${friend.id}`)).data).toEqual(set.data);
    }
    expect((await patch(friend.id, { referrerId: first.id, notes: "same referrer" })).statusCode).toBe(200);
  });
});

describe("the referrals consumer", () => {
  it("records a referral once, however often the events are handled, and tells automation once", async () => {
    const referrer = await createMemberVia(ctx, a.owner);
    const friend = await createMemberVia(ctx, a.owner, { referrerId: referrer.id });
    await drainReferrals(ctx.db, a.companyId);
    // Handled again from scratch (a replay: the consumptions gone), and once more as it is.
    await ctx.db.query(
      sql`delete from event_consumptions where consumer = 'referrals'
            and event_seq in (select seq from events where company_id = ${a.companyId} and entity_id = ${friend.id})`,
    );
    expect(await drainReferrals(ctx.db, a.companyId)).toBeGreaterThan(0);
    expect(await drainReferrals(ctx.db, a.companyId)).toBe(0);
    expect(await countRows(ctx.db, "referrals", "company_id = $1 and friend_member_id = $2", [a.companyId, friend.id])).toBe(1);
    expect((await referralEvents("referral.registered", referrer.id)).map((e) => e.payload)).toEqual([{ friendId: friend.id }]);

    const res = await get(`/referrals?referrerId=${referrer.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.data).toEqual([
      {
        id: friend.id,
        friend: { id: friend.id, cardNumber: friend.cardNumber, firstName: "Jan", lastName: expect.any(String) },
        referrer: { id: referrer.id, cardNumber: referrer.cardNumber, firstName: "Jan", lastName: expect.any(String) },
        source: "staff",
        status: "registered",
        review: "none",
        flagReason: null,
        registeredAt: expect.any(String),
        successfulAt: null,
        rewardedAt: null,
        pointsPaid: 0,
      },
    ]);
    expect(await referralOfFriend(ctx.db, a.companyId, friend.id)).toEqual({
      referrerId: referrer.id,
      review: "none",
      registeredAt: expect.any(Date),
      status: "registered",
    });
    expect(await referralOfFriend(ctx.db, a.companyId, referrer.id)).toBeNull();
  });

  it("records a referrer given later on the card, and one given through the API as source api", async () => {
    const referrer = await createMemberVia(ctx, a.owner);
    const later = await createMemberVia(ctx, a.owner);
    expect((await patch(later.id, { notes: "no referrer yet" })).statusCode).toBe(200);
    expect((await patch(later.id, { referrerId: referrer.id })).statusCode).toBe(200);
    const key = await createApiKeyVia(ctx, a.owner, ["members.read", "members.write"]);
    const viaApi = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: { apiKey: key.secret },
      body: { firstName: "Api", referrerId: referrer.id },
    });
    expect(viaApi.statusCode, viaApi.body).toBe(201);
    await drainReferrals(ctx.db, a.companyId);
    const list = (await get(`/referrals?referrerId=${referrer.id}`)).data.data as { id: string; source: string }[];
    expect(list.map((r) => [r.id, r.source])).toEqual([
      [viaApi.data.id, "api"],
      [later.id, "staff"],
    ]);
    expect(await referralEvents("referral.registered", referrer.id)).toHaveLength(2);
  });
});

describe("flagging", () => {
  it("counts one referrer's referrals from one address within 24 h only", async () => {
    const t0 = new Date("2026-03-01T10:00:00Z");
    const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);
    const register = async (referrerId: string, at: Date, addressHash: string | null) => {
      const friend = await createMemberVia(ctx, a.owner);
      await ctx.db.transaction((tx) =>
        registerReferral(tx, {
          companyId: a.companyId,
          friendId: friend.id,
          referrerId,
          source: "portal_link",
          at,
          addressHash,
          deviceHash: null,
        }),
      );
      return (await referralOfFriend(ctx.db, a.companyId, friend.id))?.review;
    };
    // Spread over more than a day: never three within 24 h.
    const spread = (await createMemberVia(ctx, a.owner)).id;
    expect([await register(spread, t0, "h1"), await register(spread, hours(1), "h1"), await register(spread, hours(25), "h1")]).toEqual([
      "none",
      "none",
      "none",
    ]);
    // Three within 23.5 h: the third is flagged; without a hash (staff, API) nothing is counted.
    const close = (await createMemberVia(ctx, a.owner)).id;
    expect([await register(close, t0, "h2"), await register(close, hours(23), "h2"), await register(close, hours(23.5), "h2")]).toEqual([
      "none",
      "none",
      "flagged",
    ]);
    const noHash = (await createMemberVia(ctx, a.owner)).id;
    for (let i = 0; i < 3; i++) expect(await register(noHash, hours(i), null)).toBe("none");
  });
});

describe("GET /referrals and the report", () => {
  let referrer = { id: "", cardNumber: "" };
  let friends: { id: string }[] = [];
  let from = "";

  beforeAll(async () => {
    // The database's clock: registrations are stamped with it.
    const [row] = await ctx.db.query<{ now: Date }>(sql`select now() as now`);
    from = new Date(row?.now ?? Date.now()).toISOString();
    referrer = await createMemberVia(ctx, a.owner, { firstName: "Top" });
    friends = [];
    for (let i = 0; i < 4; i++) friends.push(await createMemberVia(ctx, a.owner, { referrerId: referrer.id }));
    await drainReferrals(ctx.db, a.companyId);
    const at = new Date();
    const [f0, f1, f2] = friends.map((f) => f.id) as [string, string, string];
    await ctx.db.transaction(async (tx) => {
      for (const friendId of [f0, f1, f2]) await markReferralRewarded(tx, { companyId: a.companyId, friendId, points: 10, at });
      expect(await markReferralSuccessful(tx, { companyId: a.companyId, friendId: f0, at })).toBe(true);
      expect(await markReferralSuccessful(tx, { companyId: a.companyId, friendId: f0, at })).toBe(false);
      await markReferralRewarded(tx, { companyId: a.companyId, friendId: f0, points: 20, at });
      await markReferralSuccessful(tx, { companyId: a.companyId, friendId: f1, at });
    });
  });

  it("filters by referrer, status and review, and pages by cursor", async () => {
    const ids = (res: { data: { data: { id: string }[] } }) => res.data.data.map((r) => r.id);
    const [f0, f1, f2, f3] = friends.map((f) => f.id);
    expect(ids(await get(`/referrals?referrerId=${referrer.id}`))).toEqual([f3, f2, f1, f0]);
    expect(ids(await get(`/referrals?referrerId=${referrer.id}&status=rewarded`))).toEqual([f0]);
    expect(ids(await get(`/referrals?referrerId=${referrer.id}&status=successful`))).toEqual([f1]);
    expect(ids(await get(`/referrals?referrerId=${referrer.id}&status=registered`))).toEqual([f3, f2]);
    expect(ids(await get(`/referrals?referrerId=${referrer.id}&review=flagged`))).toEqual([]);
    const rewarded = (await get(`/referrals?referrerId=${referrer.id}&status=rewarded`)).data.data[0];
    expect(rewarded).toMatchObject({
      status: "rewarded",
      pointsPaid: 30,
      successfulAt: expect.any(String),
      rewardedAt: expect.any(String),
    });
    // Registration points alone leave a referral registered.
    expect((await get(`/referrals?referrerId=${referrer.id}&status=registered`)).data.data[1]).toMatchObject({ pointsPaid: 10 });

    const first = await get(`/referrals?referrerId=${referrer.id}&limit=3`);
    expect(ids(first)).toEqual([f3, f2, f1]);
    const next = await get(`/referrals?referrerId=${referrer.id}&limit=3&cursor=${first.data.nextCursor}`);
    expect(next.data).toMatchObject({ data: [{ id: f0 }], nextCursor: null });
    for (const bad of ["status=joined", "review=maybe", "limit=0"]) {
      const res = await get(`/referrals?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.data.error.details[0].path).toBe(`query.${bad.split("=")[0]}`);
    }
  });

  it("reports the period's referrals, successes, rewards and points, and the top referrers", async () => {
    const res = await get(`/referrals/report?from=${encodeURIComponent(from)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.totals).toMatchObject({ referrals: 4, successful: 2, rewarded: 1, successShare: 0.5, pointsPaid: 50, flagged: 0 });
    expect(res.data.referrers[0]).toEqual({
      member: { id: referrer.id, cardNumber: referrer.cardNumber, firstName: "Top", lastName: expect.any(String) },
      referrals: 4,
      successful: 2,
      rewarded: 1,
      pointsPaid: 50,
    });
    const before = await get(`/referrals/report?to=${encodeURIComponent(from)}&from=2020-01-01T00:00:00Z`);
    expect(before.data.referrers.map((r: { member: { id: string } }) => r.member.id)).not.toContain(referrer.id);
    const empty = await get("/referrals/report?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z");
    expect(empty.data).toEqual({
      totals: { referrals: 0, successful: 0, rewarded: 0, successShare: 0, pointsPaid: 0, flagged: 0 },
      referrers: [],
    });
    const backwards = await get("/referrals/report?from=2021-01-01T00:00:00Z&to=2020-01-01T00:00:00Z");
    expect(backwards.statusCode).toBe(400);
    expect(backwards.data.error.details[0].path).toBe("query.to");
    const notADate = await get("/referrals/report?from=yesterday");
    expect(notADate.statusCode).toBe(400);
    expect(notADate.data.error.details[0].path).toBe("query.from");
  });

  it("shows company B's staff nothing of A's referrals: an empty list and report, 404 for a review", async () => {
    const [f0] = friends;
    const list = await get("/referrals", b);
    expect(list.statusCode).toBe(200);
    expect(list.data.data).toEqual([]);
    expect((await get(`/referrals?referrerId=${referrer.id}`, b)).data.data).toEqual([]);
    const report = await get("/referrals/report", b);
    expect(report.data.totals.referrals).toBe(0);
    expect(report.body).not.toContain(referrer.id);
    const review = await call(ctx, {
      method: "POST",
      url: `/api/v1/referrals/${f0?.id}/review`,
      auth: b.owner,
      body: { decision: "approve" },
    });
    expect(review.statusCode).toBe(404);
  });
});

describe("friendProgress", () => {
  it("sums the friend's purchases since the registration, less a return, and the points they earned", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const referrer = await createMemberVia(ctx, a.owner);
    const friend = await createMemberVia(ctx, a.owner, { referrerId: referrer.id });
    await drainReferrals(ctx.db, a.companyId);
    const since = (await referralOfFriend(ctx.db, a.companyId, friend.id))?.registeredAt as Date;
    // A purchase dated before the registration does not count.
    const early = await purchaseVia(ctx, a.owner, programId, friend.id, 50_00, {
      occurredAt: new Date(since.getTime() - 3_600_000).toISOString(),
    });
    expect(early.statusCode, early.body).toBe(201);
    expect(await friendProgress(ctx.db, a.companyId, friend.id, since)).toEqual({ spentMinor: 0, pointsEarned: 0 });

    const first = await purchaseVia(ctx, a.owner, programId, friend.id, 120_00);
    const second = await purchaseVia(ctx, a.owner, programId, friend.id, 90_00);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const earned = first.data.purchase.points + second.data.purchase.points;
    expect(earned).toBeGreaterThan(0);
    expect(await friendProgress(ctx.db, a.companyId, friend.id, since)).toEqual({ spentMinor: 210_00, pointsEarned: earned });

    const ret = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${second.data.purchase.id}/returns`,
      auth: a.owner,
      body: { returnNumber: unique("Z-"), amount: { amount: 30_00, currency: "PLN" } },
    });
    expect(ret.statusCode, ret.body).toBe(201);
    const progress = await friendProgress(ctx.db, a.companyId, friend.id, since);
    expect(progress.spentMinor).toBe(180_00);
    expect(progress.pointsEarned).toBe(earned - ret.data.return.points);
    // Another company asks about the same id: nothing.
    expect(await friendProgress(ctx.db, b.companyId, friend.id, since)).toEqual({ spentMinor: 0, pointsEarned: 0 });
    expect(await referralOfFriend(ctx.db, b.companyId, friend.id)).toBeNull();
  });
});
