import { describe, expect, it } from "vitest";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import { notificationsConsumer } from "../src/modules/notifications/notifications.consumer.js";
import { consumeEvents } from "../src/platform/events.js";
import { call, createMemberVia, createProgramVia, unique } from "./harness.js";
import { a, clock, consentIds, ctx, setNotification, smtp, useNotificationsApp } from "./notifications-suite.js";

/**
 * `{points}` in an automatic message is the balance right after the event that caused it, not the
 * balance when the worker gets to it (issue 20, item 15): the events carry it.
 */
useNotificationsApp();

async function runConsumer(): Promise<void> {
  const consumer = notificationsConsumer(ctx.config, clock.now);
  for (;;) {
    const errors: unknown[] = [];
    const { consumed } = await consumeEvents({ db: ctx.db, consumer, onError: (err) => errors.push(err) });
    if (errors.length > 0) throw errors[0];
    if (consumed === 0) return;
  }
}

const template = (word: string) => ({
  subject: `${word} {points_change}`,
  html: `<p>${word} {points_change}, saldo {points}, oczekujące {pending_points}</p>`,
  textMode: "auto",
});

describe("{points} in automatic messages", () => {
  it("shows each event's own balance when purchases, a return and a redemption follow one another before the worker runs", async () => {
    const programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100, rounding: "down" });
    await setNotification(programId, "points_earned", { email: template("Zakup") });
    await setNotification(programId, "points_returned", { email: template("Zwrot") });
    await setNotification(programId, "reward_issued", { email: template("Nagroda") });
    const email = `${unique("saldo")}@example.com`;
    const m = await createMemberVia(ctx, a.owner, {
      firstName: "Ola",
      email,
      consents: [{ consentId: consentIds.commercial_information_email, granted: true }],
    });
    await call(ctx, { method: "POST", url: `/api/v1/members/${m.id}/enrollments`, auth: a.owner, body: { programId } });
    const buy = async (amount: number) => {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/purchases",
        auth: a.owner,
        body: { programId, memberId: m.id, receiptNumber: unique("R-"), amount: { amount, currency: "PLN" } },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.data.purchase.id as string;
    };
    await buy(10_000);
    const second = await buy(5_000);
    const ret = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${second}/returns`,
      auth: a.owner,
      body: { returnNumber: unique("Z-"), amount: { amount: 2_000, currency: "PLN" } },
    });
    expect(ret.statusCode, ret.body).toBe(201);
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: unique("Kawa "), kind: "physical", pointsPrice: 40 },
    });
    const redeemed = await call(ctx, {
      method: "POST",
      url: "/api/v1/redemptions",
      auth: a.owner,
      body: { memberId: m.id, rewardId: reward.data.id },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);

    await runConsumer();
    while ((await dispatchDueMessages({ db: ctx.db, config: ctx.config, now: clock.now(), companyId: a.companyId })) > 0);
    const bodies = smtp.messages
      .filter((x) => x.to.includes(email))
      .map((x) => x.text.trim().split("\n")[0])
      .sort();
    expect(bodies).toEqual(
      [
        "Zakup 100, saldo 100, oczekujące 0",
        "Zakup 50, saldo 150, oczekujące 0",
        "Zwrot 20, saldo 130, oczekujące 0",
        "Nagroda 40, saldo 90, oczekujące 0",
      ].sort(),
    );
  });
});
