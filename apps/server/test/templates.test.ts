import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  countRows,
  createApiKeyVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";

let ctx: TestContext;
let a: TestCompany;
let smtp: TestSmtp;
const clock = new TestClock(new Date("2026-03-02T10:00:00Z"));
const NBSP = "\u00a0";

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await ctx.close();
});

const templates = () => countRows(ctx.db, "message_templates", "company_id = $1", [a.companyId]);

async function create(body: Record<string, unknown>) {
  return call(ctx, { method: "POST", url: "/api/v1/message-templates", auth: a.owner, body });
}

describe("templates: saving", () => {
  it("saves an e-mail template and generates its plain text from the HTML", async () => {
    const res = await create({
      name: "Balance",
      channel: "email",
      subject: "Hi {first_name}",
      html: '<p>Hi {first_name}, you have <b>{points}</b> points.</p><p><a href="{member_ref_link}">Invite a friend</a></p>',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data).toMatchObject({ name: "Balance", channel: "email", subject: "Hi {first_name}", textMode: "auto" });
    expect(res.data.id).toMatch(/^tpl_/);
    expect(res.data.text).toBe("Hi {first_name}, you have {points} points.\n\nInvite a friend [{member_ref_link}]");
    const fetched = await call(ctx, { method: "GET", url: `/api/v1/message-templates/${res.data.id}`, auth: a.owner });
    expect(fetched.data).toEqual(res.data);
    const [audit] = await ctx.db.query<{ action: string }>("select action from audit_log where company_id = $1 and entity_id = $2", [
      a.companyId,
      res.data.id,
    ]);
    expect(audit?.action).toBe("message_template.created");
  });

  it("keeps a written plain text in custom mode", async () => {
    const res = await create({
      name: "Custom",
      channel: "email",
      subject: "S",
      html: "<p>H</p>",
      text: "Plain {first_name}",
      textMode: "custom",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.text).toBe("Plain {first_name}");
  });

  it("saves an SMS template with only its text", async () => {
    const res = await create({ name: "Sms", channel: "sms", text: "{first_name}: masz {points} pkt" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data).toMatchObject({ channel: "sms", subject: "", html: "", text: "{first_name}: masz {points} pkt" });
  });

  const refusals: [string, Record<string, unknown>, { path: string; code: string; message: string; params?: Record<string, unknown> }[]][] =
    [
      [
        "an unknown field in the HTML, naming it",
        { name: "X", channel: "email", subject: "S", html: "<p>{first_name} {foo}</p>" },
        [{ path: "html", code: "unknown_placeholder", message: "unknown field {foo}", params: { placeholder: "{foo}" } }],
      ],
      [
        "unknown fields in the subject and the written text, each where it is",
        { name: "X", channel: "email", subject: "{bar} hi", html: "<p>x</p>", text: "{baz} {qux}", textMode: "custom" },
        [
          { path: "subject", code: "unknown_placeholder", message: "unknown field {bar}", params: { placeholder: "{bar}" } },
          { path: "text", code: "unknown_placeholder", message: "unknown field {baz}", params: { placeholder: "{baz}" } },
          { path: "text", code: "unknown_placeholder", message: "unknown field {qux}", params: { placeholder: "{qux}" } },
        ],
      ],
      [
        "an unknown field in an SMS",
        { name: "X", channel: "sms", text: "{firstname}" },
        [{ path: "text", code: "unknown_placeholder", message: "unknown field {firstname}", params: { placeholder: "{firstname}" } }],
      ],
      [
        "a missing name",
        { channel: "email", subject: "S", html: "<p>x</p>" },
        [{ path: "name", code: "required", message: "is required" }],
      ],
      [
        "an empty name",
        { name: "  ", channel: "email", subject: "S", html: "<p>x</p>" },
        [{ path: "name", code: "required", message: "is required" }],
      ],
      [
        "an e-mail without subject and body",
        { name: "X", channel: "email" },
        [
          { path: "subject", code: "required_email", message: "is required for an e-mail" },
          { path: "html", code: "required_email", message: "is required for an e-mail" },
        ],
      ],
      [
        "custom mode without a text",
        { name: "X", channel: "email", subject: "S", html: "<p>x</p>", textMode: "custom" },
        [{ path: "text", code: "required_text_custom", message: "is required when textMode is custom (or use textMode auto)" }],
      ],
      [
        "an SMS with a subject and an HTML body",
        { name: "X", channel: "sms", subject: "S", html: "<p>x</p>", text: "t" },
        [
          { path: "subject", code: "sms_no_subject", message: "an SMS has no subject" },
          { path: "html", code: "sms_no_html", message: "an SMS has no HTML body; write its text" },
        ],
      ],
      ["an SMS without text", { name: "X", channel: "sms" }, [{ path: "text", code: "required_sms", message: "is required for an SMS" }]],
      [
        "an unknown channel",
        { name: "X", channel: "fax", text: "t" },
        [{ path: "channel", code: "invalid_option", message: "must be one of: email, sms, push", params: { options: "email, sms, push" } }],
      ],
    ];
  for (const [what, body, details] of refusals) {
    it(`refuses ${what} (400) and writes nothing`, async () => {
      const before = await templates();
      const res = await create(body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.data.error.code).toBe("validation_failed");
      expect(res.data.error.details).toEqual(details);
      expect(await templates()).toBe(before);
    });
  }

  it("changes a template with the same checks, and keeps it when refused", async () => {
    const id = (await create({ name: "Patch me", channel: "email", subject: "S", html: "<p>Hello {first_name}</p>" })).data.id;
    const refused = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/message-templates/${id}`,
      auth: a.owner,
      body: { html: "<p>{first_nam}</p>" },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.data.error.details).toEqual([
      { path: "html", code: "unknown_placeholder", message: "unknown field {first_nam}", params: { placeholder: "{first_nam}" } },
    ]);
    const channel = await call(ctx, { method: "PATCH", url: `/api/v1/message-templates/${id}`, auth: a.owner, body: { channel: "sms" } });
    expect(channel.statusCode).toBe(400);
    expect(channel.data.error.details[0].path).toBe("channel");
    const custom = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/message-templates/${id}`,
      auth: a.owner,
      body: { textMode: "custom" },
    });
    expect(custom.statusCode, custom.body).toBe(200);
    expect(custom.data.text).toBe("Hello {first_name}");
    const ok = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/message-templates/${id}`,
      auth: a.owner,
      body: { name: "Patched", html: "<p>Bye {last_name}</p>", textMode: "auto" },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.data).toMatchObject({ name: "Patched", html: "<p>Bye {last_name}</p>", text: "Bye {last_name}", textMode: "auto" });
    expect(new Date(ok.data.updatedAt) >= new Date(ok.data.createdAt)).toBe(true);
  });

  it("lists newest first with channel and text filters and cursor pages", async () => {
    const tag = unique("List");
    for (const n of [1, 2, 3]) await create({ name: `${tag} ${n}`, channel: "sms", text: `t${n}` });
    await create({ name: `${tag} mail`, channel: "email", subject: "S", html: "<p>x</p>" });
    const first = await call(ctx, { method: "GET", url: `/api/v1/message-templates?channel=sms&q=${tag}&limit=2`, auth: a.owner });
    expect(first.statusCode).toBe(200);
    expect(first.data.data.map((t: { name: string }) => t.name)).toEqual([`${tag} 3`, `${tag} 2`]);
    expect(first.data.nextCursor).toBe(first.data.data[1].id);
    const second = await call(ctx, {
      method: "GET",
      url: `/api/v1/message-templates?channel=sms&q=${tag}&limit=2&cursor=${first.data.nextCursor}`,
      auth: a.owner,
    });
    expect(second.data.data.map((t: { name: string }) => t.name)).toEqual([`${tag} 1`]);
    expect(second.data.nextCursor).toBeNull();
    const email = await call(ctx, { method: "GET", url: `/api/v1/message-templates?channel=email&q=${tag}`, auth: a.owner });
    expect(email.data.data.map((t: { name: string }) => t.name)).toEqual([`${tag} mail`]);
  });

  it("deletes a template", async () => {
    const id = (await create({ name: "Delete me", channel: "sms", text: "x" })).data.id;
    const res = await call(ctx, { method: "DELETE", url: `/api/v1/message-templates/${id}`, auth: a.owner });
    expect(res.statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: `/api/v1/message-templates/${id}`, auth: a.owner })).statusCode).toBe(404);
    expect((await call(ctx, { method: "DELETE", url: `/api/v1/message-templates/${id}`, auth: a.owner })).statusCode).toBe(404);
  });

  it("does not show or change another company's templates", async () => {
    const b = await createTestCompany(ctx);
    const id = (await create({ name: "Mine", channel: "sms", text: "x" })).data.id;
    for (const req of [
      { method: "GET" as const, url: `/api/v1/message-templates/${id}` },
      { method: "PATCH" as const, url: `/api/v1/message-templates/${id}`, body: { name: "Theirs" } },
      { method: "DELETE" as const, url: `/api/v1/message-templates/${id}` },
    ]) {
      expect((await call(ctx, { ...req, auth: b.owner })).statusCode).toBe(404);
    }
    const list = await call(ctx, { method: "GET", url: "/api/v1/message-templates", auth: b.owner });
    expect(list.data.data).toEqual([]);
  });
});

describe("placeholders, preview and test send", () => {
  let programId: string;
  let memberId: string;
  let company: { slug: string; name: string };
  let referralCode: string;
  let cardNumber: string;

  beforeAll(async () => {
    programId = await createProgramVia(ctx, a.owner, {
      name: "Klub Kawy",
      welcomePoints: 50,
      pendingDays: 14,
      expiryPolicy: "end_of_year",
      primaryColor: "#123456",
    });
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Złoty", threshold: 1000, discountBp: 550 },
    });
    const member = await createMemberVia(ctx, a.owner, { firstName: "<b>Ann & Co</b>", lastName: "Nowak" });
    memberId = member.id;
    cardNumber = member.cardNumber;
    referralCode = (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}`, auth: a.owner })).data.referralCode;
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    const purchase = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount: 123_456, currency: "PLN" } },
    });
    expect(purchase.statusCode, purchase.body).toBe(201);
    company = (await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner })).data;
  });

  it("lists every personal field with an example in the company's language", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/message-placeholders", auth: a.owner });
    expect(res.statusCode).toBe(200);
    const examples = Object.fromEntries(res.data.data.map((p: { name: string; example: string }) => [p.name, p.example]));
    expect(Object.keys(examples)).toHaveLength(16);
    expect(examples).toMatchObject({
      first_name: "Anna",
      points: `1${NBSP}234`,
      expiry_date: "31.12.2026",
      company_name: company.name,
      portal_link: `http://localhost:3000/p/${company.slug}`,
    });
    expect(examples.member_ref_link).toMatch(new RegExp(`^http://localhost:3000/p/${company.slug}/join\\?ref=[A-Z0-9]+$`));
  });

  it("previews an e-mail with a member's values, formatted in Polish, inside the branded layout", async () => {
    const fields =
      "{first_name}|{last_name}|{card_number}|{points}|{pending_points}|{tier}|{discount}|{program_name}|{company_name}|{expiring_points}|{expiry_date}|{member_ref_link}|{portal_link}|{reward_name}";
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: a.owner,
      body: { channel: "email", subject: "Cześć {first_name}", html: `<p>${fields}</p>`, memberId, programId },
    });
    expect(res.statusCode, res.body).toBe(200);
    const refLink = `http://localhost:3000/p/${company.slug}/join?ref=${referralCode}`;
    expect(res.data.subject).toBe("Cześć <b>Ann & Co</b>");
    const values = [
      "&lt;b&gt;Ann &amp; Co&lt;/b&gt;",
      "Nowak",
      cardNumber,
      "50",
      `1${NBSP}234`,
      "Złoty",
      "5,5%",
      "Klub Kawy",
      company.name,
      `1${NBSP}284`,
      "31.12.2026",
      refLink.replace("&", "&amp;"),
      `http://localhost:3000/p/${company.slug}`,
      "",
    ];
    expect(res.data.html).toContain(`<p>${values.join("|")}</p>`);
    expect(res.data.html).toMatch(/^<!doctype html>/i);
    expect(res.data.html).toContain("#123456");
    expect(res.data.html).toContain("/unsubscribe/example");
    expect(res.data.text).toContain(`<b>Ann & Co</b>|Nowak|${cardNumber}|50|1${NBSP}234|Złoty|5,5%|Klub Kawy`);
    expect(res.data.sms).toBeNull();
  });

  it("previews with example values when no member is chosen", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: a.owner,
      body: { channel: "email", subject: "Hi {first_name}", html: "<p>{points} {program_name} {unknown}</p>", programId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.subject).toBe("Hi Anna");
    expect(res.data.html).toContain(`<p>1${NBSP}234 Klub Kawy {unknown}</p>`);
  });

  it("previews an SMS with its length and parts", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: a.owner,
      body: { channel: "sms", text: "{program_name}: masz {pending_points} pkt w drodze", memberId, programId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.text).toBe("Klub Kawy: masz 1 234 pkt w drodze");
    expect(res.data.sms).toEqual({ characters: 34, segments: 1, encoding: "gsm7" });
    const polish = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: a.owner,
      body: { channel: "sms", text: "Zażółć gęślą jaźń ".repeat(4) },
    });
    expect(polish.data.sms).toEqual({ characters: 72, segments: 2, encoding: "ucs2" });
  });

  it("refuses a member or program of another company in a preview", async () => {
    const b = await createTestCompany(ctx);
    const member = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: b.owner,
      body: { channel: "sms", text: "{first_name}", memberId },
    });
    expect(member.statusCode).toBe(400);
    expect(member.data.error.details).toEqual([
      { path: "memberId", code: "not_company_member", message: "is not a member of this company" },
    ]);
    expect(member.body).not.toContain("Ann");
    const program = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: b.owner,
      body: { channel: "sms", text: "{program_name}", programId },
    });
    expect(program.statusCode).toBe(400);
    expect(program.data.error.details[0].path).toBe("programId");
  });

  it("needs members.read besides messages.read to preview with a member's data", async () => {
    const key = await createApiKeyVia(ctx, a.owner, ["messages.read"]);
    const withMember = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: { apiKey: key.secret },
      body: { channel: "sms", text: "{first_name} {points}", memberId },
    });
    expect(withMember.statusCode).toBe(403);
    expect(withMember.body).not.toContain("Ann");
    const withSample = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: { apiKey: key.secret },
      body: { channel: "sms", text: "{first_name}" },
    });
    expect(withSample.statusCode).toBe(200);
    expect(withSample.data.text).toBe("Anna");
  });

  it("sends a test e-mail to the signed-in staff member's own address and reports the SMTP answer", async () => {
    const settings = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: a.owner,
      body: { enabled: true, host: "127.0.0.1", port: smtp.port, security: "none", fromName: "Kawiarnia", fromEmail: "club@example.com" },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/test",
      auth: a.owner,
      body: {
        channel: "email",
        subject: "Test dla {first_name}",
        html: '<p>Masz {points} pkt. <a href="{member_ref_link}">Poleć nas</a></p>',
        memberId,
        programId,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.ok).toBe(true);
    expect(res.data.response).toContain("Message queued as");
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual([a.ownerEmail]);
    expect(mail?.headers.subject).toBe("Test dla <b>Ann & Co</b>");
    expect(mail?.html).toContain(`href="http://localhost:3000/p/${company.slug}/join?ref=${referralCode}"`);
    expect(mail?.text).toContain(`Poleć nas [http://localhost:3000/p/${company.slug}/join?ref=${referralCode}]`);
    // Never to the member whose fields were used.
    const delivery = await call(ctx, { method: "GET", url: `/api/v1/messages/${res.data.deliveryId}`, auth: a.owner });
    expect(delivery.data).toMatchObject({ memberId: null, kind: "test", to: a.ownerEmail, status: "sent" });
  });

  it("sends to another address when given, and needs one with an API key or for an SMS", async () => {
    const to = `${unique("someone")}@example.com`;
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/test",
      auth: a.owner,
      body: { channel: "email", subject: "S", html: "<p>Hi</p>", to },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await smtp.waitFor(2))[1]?.to).toEqual([to]);
    const key = await createApiKeyVia(ctx, a.owner, ["messages.send"]);
    const viaKey = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/test",
      auth: { apiKey: key.secret },
      body: { channel: "email", subject: "S", html: "<p>Hi</p>" },
    });
    expect(viaKey.statusCode).toBe(400);
    expect(viaKey.data.error.details).toEqual([
      { path: "to", code: "test_to_required_api_key", message: "is required when sending with an API key" },
    ]);
    const sms = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/test",
      auth: a.owner,
      body: { channel: "sms", text: "x" },
    });
    expect(sms.statusCode).toBe(400);
    expect(sms.data.error.details[0].path).toBe("to");
  });
});
