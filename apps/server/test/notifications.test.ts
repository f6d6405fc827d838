import { beforeAll, describe, expect, it } from "vitest";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import { notificationsConsumer } from "../src/modules/notifications/notifications.consumer.js";
import { queueExpiringPointsReminders } from "../src/modules/notifications/points-expiring.job.js";
import { consumeEvents, type DomainEvent } from "../src/platform/events.js";
import { call, createMemberVia, createProgramVia, unique } from "./harness.js";
import type { ReceivedMail } from "./messaging-fixtures.js";
import { a, clock, company, consentIds, ctx, setNotification, smtp, useNotificationsApp } from "./notifications-suite.js";

const NBSP = "\u00a0";

useNotificationsApp();

// ---- helpers --------------------------------------------------------------------------------------

/** The worker's side, run by hand: the notifications consumer until nothing is left, then the sender. */
async function runConsumer(): Promise<number> {
  const consumer = notificationsConsumer(ctx.config, clock.now);
  let total = 0;
  for (;;) {
    const errors: unknown[] = [];
    const { consumed } = await consumeEvents({ db: ctx.db, consumer, onError: (err) => errors.push(err) });
    if (errors.length > 0) throw errors[0];
    total += consumed;
    if (consumed === 0) return total;
  }
}

async function dispatch(): Promise<void> {
  while ((await dispatchDueMessages({ db: ctx.db, config: ctx.config, now: clock.now(), companyId: a.companyId })) > 0);
}

async function deliveries(
  memberId: string,
): Promise<{ id: string; kind: string; status: string; skipReason: string | null; channel: string }[]> {
  const res = await call(ctx, { method: "GET", url: `/api/v1/messages?memberId=${memberId}&limit=200`, auth: a.owner });
  expect(res.statusCode, res.body).toBe(200);
  return res.data.data;
}

function mailsTo(email: string): ReceivedMail[] {
  return smtp.messages.filter((m) => m.to.includes(email));
}

async function newMember(opts: { consent?: boolean; firstName?: string; phone?: string; smsConsent?: boolean } = {}) {
  const email = `${unique("member")}@example.com`;
  const consents = [
    ...(opts.consent === false ? [] : [{ consentId: consentIds.commercial_information_email, granted: true }]),
    ...(opts.smsConsent ? [{ consentId: consentIds.sms_marketing, granted: true }] : []),
  ];
  const m = await createMemberVia(ctx, a.owner, {
    firstName: opts.firstName ?? "Ola",
    email,
    ...(opts.phone ? { phone: opts.phone } : {}),
    consents,
  });
  const referralCode = (await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}`, auth: a.owner })).data.referralCode as string;
  return { ...m, email, referralCode };
}

async function enroll(memberId: string, programId: string) {
  const res = await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

async function purchase(programId: string, memberId: string, amount: number) {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount, currency: "PLN" } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.data.purchase as { id: string; points: number };
}

const BALANCE_TEMPLATE = {
  subject: "{first_name}, +{points_change} pkt",
  html: '<p>Cześć {first_name}!</p><p>Dopisaliśmy {points_change} pkt, masz teraz {points} pkt.</p><p><a href="{member_ref_link}">Poleć nas</a></p>',
  textMode: "auto",
};

// ---- the acceptance path ------------------------------------------------------------------------

describe("a purchase that earns points", () => {
  let programId: string;

  beforeAll(async () => {
    programId = await createProgramVia(ctx, a.owner, { name: "Klub", converterPoints: 1, converterAmountMinor: 100 });
    await setNotification(programId, "points_earned", { email: BALANCE_TEMPLATE });
  });

  it("e-mails the balance change with the member's own numbers, name (escaped) and referral link", async () => {
    const m = await newMember({ firstName: "<b>Ann & Co</b>" });
    await enroll(m.id, programId);
    expect((await purchase(programId, m.id, 123_456)).points).toBe(1234);
    await runConsumer();
    const queued = await deliveries(m.id);
    expect(queued).toMatchObject([{ kind: "notification.points_earned", channel: "email", status: "queued" }]);
    await dispatch();
    const [mail] = mailsTo(m.email);
    expect(mail, "the e-mail arrived at the SMTP server").toBeDefined();
    const refLink = `http://localhost:3000/p/${company.slug}/join?ref=${m.referralCode}`;
    expect(mail?.headers.subject).toBe(`<b>Ann & Co</b>, +1${NBSP}234 pkt`);
    expect(mail?.html).toContain("<p>Cześć &lt;b&gt;Ann &amp; Co&lt;/b&gt;!</p>");
    expect(mail?.html).toContain(`<p>Dopisaliśmy 1${NBSP}234 pkt, masz teraz 1${NBSP}234 pkt.</p>`);
    expect(mail?.html).toContain(`<a href="${refLink}">Poleć nas</a>`);
    expect(mail?.html).not.toContain("<b>Ann");
    expect(mail?.text).toContain("Cześć <b>Ann & Co</b>!");
    expect(mail?.text).toContain(`Poleć nas [${refLink}]`);
    expect(mail?.headers["list-unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/[^>]+>$/);
    expect(await deliveries(m.id)).toMatchObject([{ kind: "notification.points_earned", status: "sent" }]);

    await purchase(programId, m.id, 10_000);
    await runConsumer();
    await dispatch();
    const second = mailsTo(m.email)[1];
    expect(second?.headers.subject).toBe("<b>Ann & Co</b>, +100 pkt");
    expect(second?.html).toContain(`<p>Dopisaliśmy 100 pkt, masz teraz 1${NBSP}334 pkt.</p>`);
  });

  it("sends no e-mail to a member without the consent, and records why", async () => {
    const m = await newMember({ consent: false });
    await enroll(m.id, programId);
    await purchase(programId, m.id, 5_000);
    await runConsumer();
    await dispatch();
    expect(await deliveries(m.id)).toMatchObject([{ kind: "notification.points_earned", status: "skipped", skipReason: "no_consent" }]);
    expect(mailsTo(m.email)).toEqual([]);
  });

  it("stops the next message once the consent is withdrawn, even one already queued", async () => {
    const m = await newMember();
    await enroll(m.id, programId);
    await purchase(programId, m.id, 5_000);
    await runConsumer();
    expect(await deliveries(m.id)).toMatchObject([{ status: "queued" }]);
    const withdrawn = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${m.id}/consents`,
      auth: a.owner,
      body: { changes: [{ consentId: consentIds.commercial_information_email, granted: false }] },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await dispatch();
    await purchase(programId, m.id, 6_000);
    await runConsumer();
    await dispatch();
    const rows = await deliveries(m.id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === "skipped" && r.skipReason === "no_consent")).toBe(true);
    expect(mailsTo(m.email)).toEqual([]);
  });

  it("sends an SMS with ordinary spaces when the SMS channel is on and the member agreed", async () => {
    const smsProgram = await createProgramVia(ctx, a.owner, { name: "Sms club" });
    await setNotification(smsProgram, "points_earned", {
      email: { enabled: false },
      sms: { enabled: true, text: "Masz {points} pkt (+{points_change})" },
    });
    const m = await newMember({ phone: "+48 600 100 200", smsConsent: true });
    await enroll(m.id, smsProgram);
    await purchase(smsProgram, m.id, 200_000);
    await runConsumer();
    await dispatch();
    const [row] = await deliveries(m.id);
    expect(row).toMatchObject({ channel: "sms", kind: "notification.points_earned", status: "sent" });
    const detail = await call(ctx, { method: "GET", url: `/api/v1/messages/${row?.id}`, auth: a.owner });
    expect(detail.data.text).toBe("Masz 2 000 pkt (+2 000)");
  });
});

// ---- every kind, once ---------------------------------------------------------------------------------

describe("each kind of notification", () => {
  const KINDS = ["welcome", "points_earned", "points_spent", "points_returned", "tier_changed", "reward_issued", "redemption_cancelled"];
  let programId: string;
  let member: Awaited<ReturnType<typeof newMember>>;
  let code: string;

  beforeAll(async () => {
    programId = await createProgramVia(ctx, a.owner, { name: "Wszystko", welcomePoints: 5 });
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Srebrny", threshold: 100, discountBp: 300 },
    });
    for (const kind of [...KINDS, "points_expiring"]) await setNotification(programId, kind);
    member = await newMember({ firstName: "Zofia" });

    await enroll(member.id, programId);
    const p = await purchase(programId, member.id, 15_000);
    const adjusted = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${member.id}/adjustments`,
      auth: a.owner,
      body: { programId, points: -10, reason: "correction" },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(201);
    const returned = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${p.id}/returns`,
      auth: a.owner,
      body: { returnNumber: "Z-1", amount: { amount: 5_000, currency: "PLN" } },
    });
    expect(returned.statusCode, returned.body).toBe(201);
    const pool = (await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Pool") } })).data.id;
    await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool}/generate`, auth: a.owner, body: { count: 3 } });
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: "Kawa gratis", kind: "voucher", voucherPoolId: pool, pointsPrice: 20 },
    });
    expect(reward.statusCode, reward.body).toBe(201);
    const redeemed = await call(ctx, {
      method: "POST",
      url: "/api/v1/redemptions",
      auth: a.owner,
      body: { memberId: member.id, rewardId: reward.data.id },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    code = redeemed.data.redemption.codes[0];
    const cancelled = await call(ctx, {
      method: "POST",
      url: `/api/v1/redemptions/${redeemed.data.redemption.id}/cancel`,
      auth: a.owner,
      body: { reason: "changed mind" },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await runConsumer();
  });

  it("queues exactly one message per event: no balance message for a redemption or its refund", async () => {
    const rows = await deliveries(member.id);
    expect(rows.map((r) => r.kind.replace("notification.", "")).sort()).toEqual([...KINDS].sort());
    expect(rows.every((r) => r.status === "queued" && r.channel === "email")).toBe(true);
  });

  it("queues nothing more when the consumer runs again or an event is handled a second time", async () => {
    await runConsumer();
    const events = await ctx.db.query<{
      seq: number;
      id: string;
      company_id: string;
      type: string;
      entity_type: string;
      entity_id: string | null;
      payload: Record<string, unknown>;
      occurred_at: Date;
    }>("select * from events where company_id = $1 order by seq", [a.companyId]);
    const consumer = notificationsConsumer(ctx.config, clock.now);
    for (const e of events) {
      const event: DomainEvent = {
        seq: Number(e.seq),
        id: e.id,
        companyId: e.company_id,
        type: e.type,
        entityType: e.entity_type,
        entityId: e.entity_id,
        payload: e.payload,
        occurredAt: e.occurred_at,
      };
      if (consumer.types?.includes(event.type)) await ctx.db.transaction((tx) => consumer.handle(tx, event));
    }
    expect((await deliveries(member.id)).length).toBe(KINDS.length);
  });

  it("sends the default Polish texts with every field filled", async () => {
    await dispatch();
    const mails = mailsTo(member.email);
    expect(mails).toHaveLength(KINDS.length);
    for (const mail of mails) {
      expect(mail.html).not.toMatch(/\{[a-z_]+\}/);
      expect(mail.text).not.toMatch(/\{[a-z_]+\}/);
      expect(mail.html).toContain("Cześć Zofia!");
    }
    const subjects = mails.map((m) => m.headers.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        "Witaj w programie Wszystko!",
        "Na Twoje konto trafiło 150 pkt",
        "Twój nowy poziom: Srebrny",
        "Z Twojego konta odjęto 10 pkt",
        "Korekta punktów po zwrocie zakupu",
        "Twoja nagroda: Kawa gratis",
        "Anulowano wymianę nagrody Kawa gratis",
      ]),
    );
    const reward = mails.find((m) => m.headers.subject === "Twoja nagroda: Kawa gratis");
    expect(reward?.html).toContain(`<strong>${code}</strong>`);
    const tier = mails.find((m) => m.headers.subject === "Twój nowy poziom: Srebrny");
    expect(tier?.html).toContain("Rabat na tym poziomie: <strong>3%</strong>");
    const returned = mails.find((m) => m.headers.subject === "Korekta punktów po zwrocie zakupu");
    expect(returned?.html).toContain("<strong>50 pkt</strong>");
  });
});

// ---- expiring points ------------------------------------------------------------------------------

describe("the expiring-points reminder", () => {
  it("is queued once per member, program and expiry date, in the company's daytime", async () => {
    const programId = await createProgramVia(ctx, a.owner, { name: "Wygasanie", expiryPolicy: "days", expiryValue: 10 });
    await setNotification(programId, "points_expiring", {
      daysBefore: 7,
      email: {
        subject: "{expiring_points} pkt do {expiry_date}",
        html: "<p>{first_name}: {expiring_points} pkt ważne do {expiry_date}.</p>",
      },
    });
    const m = await newMember({ firstName: "Ewa" });
    await enroll(m.id, programId);
    const saved = clock.current;
    try {
      await purchase(programId, m.id, 4_200);
      const lastDay = new Intl.DateTimeFormat("pl-PL", {
        timeZone: "Europe/Warsaw",
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
      }).format(new Date(clock.current.getTime() + 10 * 86_400_000 - 1));
      const reminders = async () => (await deliveries(m.id)).filter((d) => d.kind === "notification.points_expiring");

      await queueExpiringPointsReminders({ db: ctx.db, config: ctx.config, now: clock.now() });
      expect(await reminders(), "10 days ahead is beyond the 7 days").toEqual([]);

      clock.advanceDays(4);
      clock.set(new Date(clock.current.getTime() - 9 * 3_600_000)); // 01:00 UTC: night in Warsaw
      await queueExpiringPointsReminders({ db: ctx.db, config: ctx.config, now: clock.now() });
      expect(await reminders(), "not at night").toEqual([]);

      clock.set(new Date(clock.current.getTime() + 9 * 3_600_000));
      for (let run = 0; run < 3; run++) {
        await queueExpiringPointsReminders({ db: ctx.db, config: ctx.config, now: clock.now() });
        clock.set(new Date(clock.current.getTime() + 3_600_000));
      }
      clock.advanceDays(1);
      await queueExpiringPointsReminders({ db: ctx.db, config: ctx.config, now: clock.now() });
      expect(await reminders()).toHaveLength(1);

      await dispatch();
      const [mail] = mailsTo(m.email);
      expect(mail?.headers.subject).toBe(`42 pkt do ${lastDay}`);
      expect(mail?.html).toContain(`<p>Ewa: 42 pkt ważne do ${lastDay}.</p>`);
    } finally {
      clock.set(saved);
    }
  });
});
