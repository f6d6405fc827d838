import { describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { addStaff, call, createMemberVia, createProgramVia, createTestCompany, purchaseVia, unique } from "./harness.js";
import { a, api, ctx, dispatch, grant, queue, useMessagingApp } from "./messaging-suite.js";
import { reportReliability } from "./reliability.js";

// Privacy (GDPR): a member's data export and erasure by pseudonymization, with a real SMTP delivery.
useMessagingApp();

/** The tables of the public schema with a row whose text (all columns, as the row's text form) contains `needle`. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await ctx.db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
  );
  const found: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await ctx.db.query<{ n: number }>(
      `select count(*)::int as n from "${table_name}" t where position(lower($1) in lower(t::text)) > 0`,
      [needle],
    );
    if ((row?.n ?? 0) > 0) found.push(table_name);
  }
  return found;
}

async function memberWithHistory() {
  const lastName = unique("Prywatna");
  const email = `${unique("ewa")}@example.com`;
  const phone = `+48 600 ${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  const field = await api("POST", "/custom-fields", { key: unique("f"), label: "Ulubiona kawa", type: "text" });
  expect(field.statusCode, field.body).toBe(201);
  const programId = await createProgramVia(ctx, a.owner);
  const m = await createMemberVia(ctx, a.owner, {
    firstName: "Ewa",
    lastName,
    email,
    phone,
    birthday: "1990-05-17",
    address: { street: `ul. ${lastName} 5`, postalCode: "00-950", city: "Warszawa", country: "PL" },
    notes: `Note about ${lastName}`,
    customFields: { [field.data.key]: `flat white for ${lastName}` },
  });
  await grant(a, m.id, "newsletter_email");
  const p1 = await purchaseVia(ctx, a.owner, programId, m.id, 120_00, {
    items: [{ name: `Tort z napisem ${lastName}`, sku: "CAKE-1", quantity: 1, unitPriceMinor: 120_00 }],
  });
  expect(p1.statusCode, p1.body).toBe(201);
  const reward = await api("POST", "/rewards", { programId, namePl: unique("Kubek "), kind: "physical", pointsPrice: 10 });
  expect(reward.statusCode, reward.body).toBe(201);
  const r = await api("POST", "/redemptions", { memberId: m.id, rewardId: reward.data.id, note: `Wysłać do ${lastName}` });
  expect(r.statusCode, r.body).toBe(201);
  const queued = await queue({ memberId: m.id, channel: "email", text: `Cześć ${lastName}!`, html: `<p>Cześć ${lastName}!</p>` });
  expect(queued.status, JSON.stringify(queued)).toBe("queued");
  await dispatch();
  // A block's reason lands in the audit log and the event's payload.
  expect((await api("PATCH", `/members/${m.id}`, { status: "blocked", blockedReason: `Oszustwo ${lastName}` })).statusCode).toBe(200);
  expect((await api("PATCH", `/members/${m.id}`, { status: "active" })).statusCode).toBe(200);
  return { ...m, lastName, email, phone, programId, fieldKey: field.data.key as string };
}

async function sums(memberId: string, programId: string) {
  const [row] = await ctx.db.query<Record<string, number>>(
    `select (select coalesce(sum(points), 0)::int from ledger_entries where member_id = $1) as ledger,
            (select count(*)::int from ledger_entries where member_id = $1) as entries,
            (select coalesce(sum(amount_minor), 0)::int from purchases where member_id = $1) as purchases,
            (select coalesce(sum(points), 0)::int from redemptions where member_id = $1) as redeemed,
            (select count(*)::int from member_consent_events where member_id = $1) as consent_events,
            (select count(*)::int from message_deliveries where member_id = $1) as messages`,
    [memberId],
  );
  const balance = await api("GET", `/members/${memberId}/balances?programId=${programId}`);
  return { ...row, available: balance.data.data[0].available as number };
}

describe("member data export", () => {
  it("carries card, custom fields, consents with history, ledger, purchases with lines, redemptions and messages, and is audited", async () => {
    const m = await memberWithHistory();
    const res = await api("GET", `/members/${m.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers["content-disposition"])).toMatch(
      new RegExp(`attachment; filename="member-${m.cardNumber}-\\d{4}-\\d{2}-\\d{2}\\.json"`),
    );
    const x = res.data;
    expect(x.member).toMatchObject({ id: m.id, lastName: m.lastName, email: m.email });
    expect(x.customFields).toEqual([{ key: m.fieldKey, label: "Ulubiona kawa", value: `flat white for ${m.lastName}` }]);
    expect(x.consents.history.length).toBeGreaterThan(0);
    expect(x.ledger.length).toBeGreaterThanOrEqual(2);
    expect(x.purchases[0].items[0].name).toBe(`Tort z napisem ${m.lastName}`);
    expect(x.redemptions).toHaveLength(1);
    const mail = x.messages.find((d: { channel: string }) => d.channel === "email");
    expect(mail).toMatchObject({ to: m.email, status: "sent", subject: "Nowości w marcu" });
    expect(mail.text).toContain(`Cześć ${m.lastName}!`);
    const audit = await ctx.db.query<{ actor_id: string }>(
      "select actor_id from audit_log where company_id = $1 and entity_id = $2 and action = 'member.exported'",
      [a.companyId, m.id],
    );
    expect(audit).toEqual([{ actor_id: a.ownerId }]);
  });

  it("records who viewed the card (GET /members/:id), not the list", async () => {
    const m = await createMemberVia(ctx, a.owner);
    expect((await api("GET", `/members/${m.id}`)).statusCode).toBe(200);
    expect((await api("GET", `/members?q=${m.cardNumber}`)).statusCode).toBe(200);
    const rows = await ctx.db.query<{ action: string; actor_id: string }>(
      "select action, actor_id from audit_log where company_id = $1 and entity_id = $2 and action like 'member.view%'",
      [a.companyId, m.id],
    );
    expect(rows).toEqual([{ action: "member.viewed", actor_id: a.ownerId }]);
  });
});

describe("member erasure", () => {
  it("scrubs every table of the old name, e-mail and phone, keeps every sum, and is audited and idempotent", async () => {
    const m = await memberWithHistory();
    const digits = m.phone.replace(/\D/g, "").slice(-9);
    const before = await sums(m.id, m.programId);
    const holdingBefore = await tablesContaining(m.lastName);
    // members, message deliveries, purchases (lines), redemptions (note), events, audit log
    expect(holdingBefore).toEqual(
      expect.arrayContaining(["members", "message_deliveries", "purchases", "redemptions", "events", "audit_log"]),
    );

    const wrong = await api("POST", `/members/${m.id}/erase`, { confirmCardNumber: "NOT-THE-CARD" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error.details[0]).toMatchObject({ path: "confirmCardNumber", code: "confirmation_mismatch" });

    const res = await api("POST", `/members/${m.id}/erase`, { confirmCardNumber: m.cardNumber.toLowerCase() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.alreadyErased).toBe(false);

    const left = {
      name: await tablesContaining(m.lastName),
      email: await tablesContaining(m.email),
      phone: await tablesContaining(digits),
    };
    expect(left).toEqual({ name: [], email: [], phone: [] });
    expect(await sums(m.id, m.programId)).toEqual(before);
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);

    const card = (await api("GET", `/members/${m.id}`)).data;
    expect(card).toMatchObject({ firstName: "", lastName: "", email: null, phone: null, birthday: null, customFields: {} });
    expect(card.erasedAt).not.toBeNull();
    expect((await api("GET", `/members?q=${m.cardNumber}`)).data.data).toEqual([]);
    expect((await api("GET", `/members?q=${encodeURIComponent(m.lastName)}`)).data.data).toEqual([]);

    // Cannot be edited, enrolled or sold to.
    const edit = await api("PATCH", `/members/${m.id}`, { firstName: "Nowa" });
    expect([edit.statusCode, edit.data.error.code]).toEqual([409, "member_erased"]);
    const sale = await purchaseVia(ctx, a.owner, m.programId, m.id, 10_00);
    expect([sale.statusCode, sale.data.error.code]).toEqual([409, "member_erased"]);
    const consents = await api("GET", "/consents");
    const regrant = await api("POST", `/members/${m.id}/consents`, { changes: [{ consentId: consents.data.data[0].id, granted: true }] });
    expect([regrant.statusCode, regrant.data.error.code]).toEqual([409, "member_erased"]);

    const audit = await ctx.db.query<{ changes: Record<string, unknown> }>(
      "select changes from audit_log where company_id = $1 and entity_id = $2 and action = 'member.erased'",
      [a.companyId, m.id],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.changes)).not.toContain(m.lastName);

    const again = await api("POST", `/members/${m.id}/erase`, { confirmCardNumber: m.cardNumber });
    expect([again.statusCode, again.data.alreadyErased]).toEqual([200, true]);
    const audits = await ctx.db.query("select 1 from audit_log where company_id = $1 and entity_id = $2 and action = 'member.erased'", [
      a.companyId,
      m.id,
    ]);
    expect(audits).toHaveLength(1);
    reportReliability("privacy-erasure", {
      tablesHoldingNameBefore: holdingBefore.length,
      tablesHoldingNameEmailPhoneAfter: left.name.length + left.email.length + left.phone.length,
      sumsBefore: before,
      sumsUnchanged: true,
      verifyBalancesMismatches: 0,
      secondErasureChanged: false,
    });
  });

  it("refuses without the permission (403: admin preset has export but not erase) and for another company's member (404)", async () => {
    const m = await createMemberVia(ctx, a.owner);
    const admin = await addStaff(ctx, a, "admin");
    const refused = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${m.id}/erase`,
      auth: admin.auth,
      body: { confirmCardNumber: m.cardNumber },
    });
    expect(refused.statusCode).toBe(403);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}/export`, auth: admin.auth })).statusCode).toBe(200);
    const other = await createTestCompany(ctx);
    const foreign = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${m.id}/erase`,
      auth: other.owner,
      body: { confirmCardNumber: m.cardNumber },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}/export`, auth: other.owner })).statusCode).toBe(404);
    expect((await api("GET", `/members/${m.id}`)).data.erasedAt).toBeNull();
  });
});
