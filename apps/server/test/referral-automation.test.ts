import { describe, expect, it } from "vitest";
import { runAutomation, runsVia } from "./automation-fixtures.js";
import { balanceVia, call, createMemberVia, createProgramVia, purchaseVia } from "./harness.js";
import { a, ctx, lastMail, newEmail, portal, signupBody, useIdentityApp } from "./member-identity-suite.js";

/**
 * The help pages' referral example, end to end (issue 23): the ready-made "referral bonus" gives the
 * referrer 10 points when a friend registers through the link and 20 more once the friend has spent
 * 200 zł, in one or several purchases, once.
 */
useIdentityApp();

const now = () => new Date();

async function signUpThroughLink(code: string, ip: string): Promise<string> {
  const email = newEmail("friend");
  const res = await portal(a, "POST", "/signup", { ...signupBody(email), referralCode: code }, { ip });
  expect(res.statusCode, res.body).toBe(202);
  const { code: emailed } = await lastMail(email);
  const verified = await call(ctx, { method: "POST", url: `/api/v1/portal/${a.slug}/signup/verify`, body: { email, code: emailed }, ip });
  expect(verified.statusCode, verified.body).toBe(201);
  return verified.data.member.id as string;
}

const referralOf = async (referrerId: string, friendId: string) => {
  const res = await call(ctx, { method: "GET", url: `/api/v1/referrals?referrerId=${referrerId}`, auth: a.owner });
  return (res.data.data as { id: string; status: string; pointsPaid: number; review: string }[]).find((r) => r.id === friendId);
};

describe("the referral bonus (the help pages' example)", () => {
  it("+10 when the friend registers through the link; the friend's 120 zł and 90 zł give +20 once, not twice", async () => {
    const programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 10000 });
    const templates = await call(ctx, { method: "GET", url: "/api/v1/automation/templates?language=pl", auth: a.owner });
    const drafts = templates.data.data.find((t: { key: string }) => t.key === "referral_bonus").scenarios as Record<string, unknown>[];
    const ids: string[] = [];
    for (const draft of drafts) {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/automation/scenarios",
        auth: a.owner,
        body: { ...draft, programId, status: "active" },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.data.id);
    }
    const referrer = await createMemberVia(ctx, a.owner);
    const code = (await call(ctx, { method: "GET", url: `/api/v1/members/${referrer.id}`, auth: a.owner })).data.referralCode as string;
    const before = (await balanceVia(ctx, a.owner, referrer.id, programId))?.available ?? 0;

    const friend = await signUpThroughLink(code, "192.0.2.10");
    await runAutomation(ctx, now, [a.companyId]);
    expect((await balanceVia(ctx, a.owner, referrer.id, programId)).available).toBe(before + 10);
    expect(await referralOf(referrer.id, friend)).toMatchObject({ status: "registered", pointsPaid: 10 });

    expect((await purchaseVia(ctx, a.owner, programId, friend, 12000)).statusCode).toBe(201);
    await runAutomation(ctx, now, [a.companyId]);
    expect((await balanceVia(ctx, a.owner, referrer.id, programId)).available).toBe(before + 10);
    expect(await referralOf(referrer.id, friend)).toMatchObject({ status: "registered" });

    expect((await purchaseVia(ctx, a.owner, programId, friend, 9000)).statusCode).toBe(201);
    await runAutomation(ctx, now, [a.companyId]);
    expect((await balanceVia(ctx, a.owner, referrer.id, programId)).available).toBe(before + 30);
    expect(await referralOf(referrer.id, friend)).toMatchObject({ status: "rewarded", pointsPaid: 30 });

    // more purchases and the same events again: nothing more
    expect((await purchaseVia(ctx, a.owner, programId, friend, 50000)).statusCode).toBe(201);
    await runAutomation(ctx, now, [a.companyId]);
    expect((await balanceVia(ctx, a.owner, referrer.id, programId)).available).toBe(before + 30);
    const runs = await runsVia(ctx, a.owner, `memberId=${referrer.id}`);
    expect(runs.map((r) => r.occurrenceKey).sort()).toEqual([`referral-success:${friend}`, `referral:${friend}`]);
    expect(runs.every((r) => r.status === "completed")).toBe(true);
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${referrer.id}/ledger?programId=${programId}`, auth: a.owner });
    expect(
      ledger.data.data
        .filter((e: { causeType: string }) => e.causeType === "automation")
        .map((e: { points: number }) => e.points)
        .sort(),
    ).toEqual([10, 20]);

    // the referral report counts it
    const report = await call(ctx, { method: "GET", url: "/api/v1/referrals/report", auth: a.owner });
    expect(report.statusCode).toBe(200);
    expect(report.data.referrers.find((r: { member: { id: string } }) => r.member.id === referrer.id)).toMatchObject({
      referrals: 1,
      successful: 1,
      rewarded: 1,
      pointsPaid: 30,
    });
    for (const id of ids) await call(ctx, { method: "DELETE", url: `/api/v1/automation/scenarios/${id}`, auth: a.owner });
  });

  it("a flagged referral pays nothing until staff approve it; approving pays what it earned, once", async () => {
    const programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 10000 });
    const ids: string[] = [];
    for (const trigger of [{ type: "referral_registered" }, { type: "referral_successful", measure: "spent", threshold: 20000 }]) {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/automation/scenarios",
        auth: a.owner,
        body: {
          name: `Referral ${trigger.type}`,
          programId,
          status: "active",
          trigger,
          actions: [{ type: "add_points", points: 5, reason: "Referral" }],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.data.id);
    }
    const referrer = await createMemberVia(ctx, a.owner);
    const code = (await call(ctx, { method: "GET", url: `/api/v1/members/${referrer.id}`, auth: a.owner })).data.referralCode as string;
    const friends = [];
    for (let i = 0; i < 3; i++) friends.push(await signUpThroughLink(code, "192.0.2.77"));
    await runAutomation(ctx, now, [a.companyId]);
    const third = friends[2] as string;
    expect(await referralOf(referrer.id, third)).toMatchObject({ review: "flagged", pointsPaid: 0 });
    expect((await purchaseVia(ctx, a.owner, programId, third, 25000)).statusCode).toBe(201);
    await runAutomation(ctx, now, [a.companyId]);
    // two unflagged friends registered: +5 each; the flagged one nothing yet, though it has spent 250 zł
    expect((await balanceVia(ctx, a.owner, referrer.id, programId)).available).toBe(10);
    const approved = await call(ctx, {
      method: "POST",
      url: `/api/v1/referrals/${third}/review`,
      auth: a.owner,
      body: { decision: "approve" },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await runAutomation(ctx, now, [a.companyId]);
    await runAutomation(ctx, now, [a.companyId]);
    expect((await balanceVia(ctx, a.owner, referrer.id, programId)).available).toBe(20);
    expect(await referralOf(referrer.id, third)).toMatchObject({ status: "rewarded", review: "approved", pointsPaid: 10 });
    for (const id of ids) await call(ctx, { method: "DELETE", url: `/api/v1/automation/scenarios/${id}`, auth: a.owner });
  });
});
