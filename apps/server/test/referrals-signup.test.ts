import { describe, expect, it } from "vitest";
import { sql } from "../src/platform/sql.js";
import { call, countRows, createMemberVia } from "./harness.js";
import { a, b, ctx, lastMail, newEmail, portal, signupBody, useIdentityApp } from "./member-identity-suite.js";
import { drainReferrals } from "./referral-fixtures.js";

// Referrals made through the portal's sign-up link (issue 23): the address and device the sign-up
// came from travel as keyed hashes; the third referral for one referrer from one address or device
// within 24 h is flagged, and staff approve or reject it.

useIdentityApp();

const PHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148 Safari/604.1";

async function referralCode(memberId: string, company = a) {
  return (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}`, auth: company.owner })).data.referralCode as string;
}

/** A sign-up through the referral link, verified by the e-mailed code from `ip` with `userAgent`: the new member's id. */
async function signUpReferred(code: string, opts: { ip: string; userAgent: string; company?: typeof a; extra?: Record<string, unknown> }) {
  const company = opts.company ?? a;
  const email = newEmail("friend");
  const res = await portal(company, "POST", "/signup", { ...signupBody(email, opts.extra), referralCode: code }, { ip: opts.ip });
  expect(res.statusCode, res.body).toBe(202);
  const { code: emailed } = await lastMail(email);
  const verified = await call(ctx, {
    method: "POST",
    url: `/api/v1/portal/${company.slug}/signup/verify`,
    body: { email, code: emailed },
    ip: opts.ip,
    headers: { "user-agent": opts.userAgent },
  });
  expect(verified.statusCode, verified.body).toBe(201);
  return verified.data.member.id as string;
}

const referralsOf = async (referrerId: string) =>
  (await call(ctx, { method: "GET", url: `/api/v1/referrals?referrerId=${referrerId}`, auth: a.owner })).data.data as {
    id: string;
    source: string;
    review: string;
    flagReason: string | null;
  }[];
const review = (id: string, decision: string, company = a) =>
  call(ctx, { method: "POST", url: `/api/v1/referrals/${id}/review`, auth: company.owner, body: { decision } });
const eventsAbout = (type: string, referrerId: string) =>
  ctx.db.query<{ payload: Record<string, unknown> }>(
    sql`select payload from events where company_id = ${a.companyId} and type = ${type} and entity_id = ${referrerId} order by seq`,
  );

describe("referrals through the sign-up link", () => {
  it("flags the third referral from one address in 24 h; staff approve one (registered now) and reject another", async () => {
    const referrer = await createMemberVia(ctx, a.owner);
    const code = await referralCode(referrer.id);
    const one = await signUpReferred(code, { ip: "203.0.113.7", userAgent: "Firefox/1" });
    const two = await signUpReferred(code, { ip: "203.0.113.7", userAgent: "Firefox/2" });
    const elsewhere = await signUpReferred(code, { ip: "198.51.100.20", userAgent: "Firefox/3" });
    const three = await signUpReferred(code, { ip: "203.0.113.7", userAgent: "Firefox/4" });
    const four = await signUpReferred(code, { ip: "203.0.113.7", userAgent: "Firefox/5" });
    await drainReferrals(ctx.db, a.companyId);

    const byId = new Map((await referralsOf(referrer.id)).map((r) => [r.id, r]));
    for (const id of [one, two, elsewhere]) expect(byId.get(id)).toMatchObject({ source: "portal_link", review: "none", flagReason: null });
    for (const id of [three, four])
      expect(byId.get(id)).toMatchObject({ source: "portal_link", review: "flagged", flagReason: "same_address" });
    expect((await eventsAbout("referral.registered", referrer.id)).map((e) => e.payload.friendId)).toEqual([one, two, elsewhere]);
    expect((await eventsAbout("referral.flagged", referrer.id)).map((e) => e.payload)).toEqual([
      { friendId: three, reason: "same_address" },
      { friendId: four, reason: "same_address" },
    ]);
    // Only keyed hashes are kept, never the address itself.
    const [row] = await ctx.db.query<{ address_hash: string; device_hash: string }>(
      sql`select address_hash, device_hash from referrals where company_id = ${a.companyId} and friend_member_id = ${three}`,
    );
    expect(row?.address_hash).toMatch(/^[\w-]{20,}$/);
    expect(JSON.stringify(row)).not.toContain("203.0.113.7");

    // Staff's queue, then the decisions.
    const queue = await call(ctx, { method: "GET", url: "/api/v1/referrals?review=flagged", auth: a.owner });
    expect(queue.data.data.map((r: { id: string }) => r.id)).toEqual([four, three]);
    const approved = await review(three, "approve");
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.data).toMatchObject({ id: three, review: "approved", status: "registered" });
    expect((await eventsAbout("referral.registered", referrer.id)).map((e) => e.payload.friendId)).toEqual([one, two, elsewhere, three]);
    const rejected = await review(four, "reject");
    expect(rejected.data).toMatchObject({ id: four, review: "rejected" });
    const audit = await ctx.db.query<{ action: string; entity_id: string }>(
      sql`select action, entity_id from audit_log where company_id = ${a.companyId} and action like 'referral.%' order by id`,
    );
    expect(audit.map((r) => [r.action, r.entity_id])).toEqual([
      ["referral.approved", three],
      ["referral.rejected", four],
    ]);

    // Decided once: again, or a referral that was never flagged, is a 409 naming the decision, and nothing changes.
    const events = await countRows(ctx.db, "events", "company_id = $1", [a.companyId]);
    for (const [id, decision, was] of [
      [three, "reject", "approved"],
      [four, "approve", "rejected"],
      [one, "approve", "none"],
    ] as const) {
      const again = await review(id, decision);
      expect(again.statusCode, again.body).toBe(409);
      expect(again.data.error.details).toEqual([expect.objectContaining({ path: "decision", code: "referral_not_flagged" })]);
      expect((await referralsOf(referrer.id)).find((r) => r.id === id)?.review).toBe(was);
    }
    expect(await countRows(ctx.db, "events", "company_id = $1", [a.companyId])).toBe(events);
    expect((await review(three, "maybe")).statusCode).toBe(400);
    expect((await review("mbr_nobody", "approve")).statusCode).toBe(404);
    expect((await review(four, "approve", b)).statusCode).toBe(404);
  });

  it("flags the third referral from one device (user agent) even from different addresses", async () => {
    const referrer = await createMemberVia(ctx, a.owner);
    const code = await referralCode(referrer.id);
    const ids = [];
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) ids.push(await signUpReferred(code, { ip, userAgent: PHONE_SAFARI }));
    // Another referrer's sign-ups from the same phone do not count for this one.
    const otherReferrer = await createMemberVia(ctx, a.owner);
    const other = await signUpReferred(await referralCode(otherReferrer.id), { ip: "192.0.2.4", userAgent: PHONE_SAFARI });
    await drainReferrals(ctx.db, a.companyId);
    const byId = new Map((await referralsOf(referrer.id)).map((r) => [r.id, r.flagReason]));
    expect(ids.map((id) => byId.get(id))).toEqual([null, null, "same_device"]);
    expect((await referralsOf(otherReferrer.id)).map((r) => [r.id, r.flagReason])).toEqual([[other, null]]);
  });

  it("leaves out a referrer who may not refer by the time the e-mail is verified; the card is created all the same", async () => {
    const referrer = await createMemberVia(ctx, a.owner, { phone: "+48 601 222 333" });
    const code = await referralCode(referrer.id);
    // The friend gives the referrer's own phone: a self-referral.
    const self = await signUpReferred(code, { ip: "192.0.2.50", userAgent: "x", extra: { phone: "601 222 333" } });
    // Blocked after the form: the sign-up still makes a card, without the referrer.
    const email = newEmail("late");
    expect((await portal(a, "POST", "/signup", { ...signupBody(email), referralCode: code })).statusCode).toBe(202);
    const blocked = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${referrer.id}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "fraud" },
    });
    expect(blocked.statusCode).toBe(200);
    const verified = await portal(a, "POST", "/signup/verify", { email, code: (await lastMail(email)).code });
    expect(verified.statusCode, verified.body).toBe(201);
    for (const id of [self, verified.data.member.id]) {
      const card = await call(ctx, { method: "GET", url: `/api/v1/members/${id}`, auth: a.owner });
      expect(card.data.referrerId).toBeNull();
    }
    // A blocked member's code is no longer valid on the form.
    expect((await portal(a, "GET", `/signup-form?ref=${code}`)).data.referral).toEqual({ code, valid: false });
  });

  it("forgets the sign-up's hashes when the friend is erased; the referral and its figures stay", async () => {
    const referrer = await createMemberVia(ctx, a.owner);
    const friend = await signUpReferred(await referralCode(referrer.id), { ip: "192.0.2.77", userAgent: "y" });
    await drainReferrals(ctx.db, a.companyId);
    const card = await call(ctx, { method: "GET", url: `/api/v1/members/${friend}`, auth: a.owner });
    const erased = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${friend}/erase`,
      auth: a.owner,
      body: { confirmCardNumber: card.data.cardNumber },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.data.scrubbed.referralFingerprints).toBe(1);
    const [row] = await ctx.db.query<{ address_hash: string | null; device_hash: string | null }>(
      sql`select address_hash, device_hash from referrals where company_id = ${a.companyId} and friend_member_id = ${friend}`,
    );
    expect(row).toEqual({ address_hash: null, device_hash: null });
    expect(await referralsOf(referrer.id)).toHaveLength(1);
  });
});
