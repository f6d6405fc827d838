import { describe, expect, it } from "vitest";
import { call, countRows, createMemberVia, createTestCompany, type TestCompany, unique } from "./harness.js";
import { a, ctx, dispatch, emailSettings, grant, queue, smtp, useMessagingApp } from "./messaging-suite.js";

useMessagingApp();

describe("unsubscribe", () => {
  async function mailedMember(language?: "en") {
    const company = language ? await createTestCompany(ctx) : a;
    if (language) {
      await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: company.owner, body: { language } });
      await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: company.owner, body: emailSettings(smtp.port) });
    }
    const member = await createMemberVia(ctx, company.owner, { email: `${unique("u")}@example.com` });
    await grant(company, member.id, "newsletter_email");
    await grant(company, member.id, "commercial_information_email");
    const res = await queue({ memberId: member.id, channel: "email" }, company);
    const before = smtp.messages.length;
    await dispatch(company);
    const mail = (await smtp.waitFor(before + 1))[before];
    const url = new URL(/^<(.+)>$/.exec(mail?.headers["list-unsubscribe"] ?? "")?.[1] ?? "");
    return { company, member, url: url.pathname, deliveryId: res.id };
  }

  const consentsOf = async (company: TestCompany, memberId: string) =>
    (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/consents`, auth: company.owner })).data;

  it("the link's page (Polish) shows what will be withdrawn; its button withdraws the newsletter consent only, recorded as unsubscribe", async () => {
    const { member, url } = await mailedMember();
    const page = await ctx.app.inject({ method: "GET", url });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain('<html lang="pl">');
    expect(page.body).toContain("Czy chcesz przestać otrzymywać newsletter e-mailem?");
    expect(page.body).toContain("Newsletter e-mail");
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('name="viewport"');
    // the page alone changes nothing
    expect((await consentsOf(a, member.id)).current.find((c: { key: string }) => c.key === "newsletter_email").granted).toBe(true);

    const done = await ctx.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Wycofaliśmy Twoją zgodę");
    const after = await consentsOf(a, member.id);
    expect(after.current.find((c: { key: string }) => c.key === "newsletter_email").granted).toBe(false);
    expect(after.current.find((c: { key: string }) => c.key === "commercial_information_email").granted).toBe(true);
    expect(after.history[0]).toMatchObject({ key: "newsletter_email", granted: false, source: "unsubscribe", actorType: "member" });

    // the next newsletter is not sent
    expect(await queue({ memberId: member.id, channel: "email" })).toMatchObject({ status: "skipped", reason: "no_consent" });
    // a second visit says there is nothing left to withdraw, and records nothing
    const again = await ctx.app.inject({ method: "POST", url });
    expect(again.body).toContain("Nie masz już aktywnej zgody");
    expect((await consentsOf(a, member.id)).history.length).toBe(after.history.length);
  });

  it("RFC 8058 one-click POST (List-Unsubscribe=One-Click) withdraws; English company, English page", async () => {
    const { company, member, url } = await mailedMember("en");
    const page = await ctx.app.inject({ method: "GET", url });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain("Do you want to stop receiving the newsletter by e-mail?");
    const res = await ctx.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Your consent has been withdrawn");
    const consents = await consentsOf(company, member.id);
    expect(consents.current.find((c: { key: string }) => c.key === "newsletter_email").granted).toBe(false);
    expect(consents.history[0]).toMatchObject({ source: "unsubscribe", granted: false });
    const events = await countRows(ctx.db, "events", "company_id = $1 and type = 'member.consents_changed' and entity_id = $2", [
      company.companyId,
      member.id,
    ]);
    expect(events).toBe(3); // two grants, one withdrawal
  });

  it("one-click also works sent as multipart/form-data or with no body at all", async () => {
    const multipart = await mailedMember();
    const res = await ctx.app.inject({
      method: "POST",
      url: multipart.url,
      headers: { "content-type": "multipart/form-data; boundary=x" },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(res.statusCode).toBe(200);
    expect((await consentsOf(a, multipart.member.id)).history[0]).toMatchObject({ key: "newsletter_email", source: "unsubscribe" });
    const empty = await mailedMember();
    expect((await ctx.app.inject({ method: "POST", url: empty.url })).statusCode).toBe(200);
    expect((await consentsOf(a, empty.member.id)).history[0]).toMatchObject({ key: "newsletter_email", source: "unsubscribe" });
  });

  it("a tampered or foreign token gives a 404 page and changes nothing", async () => {
    const { member, url } = await mailedMember();
    const [payload, signature] = url.replace("/unsubscribe/", "").split(".") as [string, string];
    const bytes = Buffer.from(payload, "base64url");
    bytes[32] = (bytes[32] as number) + 1; // another purpose, same signature
    const forged = bytes.toString("base64url");
    for (const bad of [`/unsubscribe/${forged}.${signature}`, `/unsubscribe/${payload}.${signature.slice(1)}x`, "/unsubscribe/nonsense"]) {
      const get = await ctx.app.inject({ method: "GET", url: bad });
      expect(get.statusCode).toBe(404);
      expect(get.body).toContain("Ten link jest nieprawidłowy");
      expect((await ctx.app.inject({ method: "POST", url: bad })).statusCode).toBe(404);
    }
    const history = (await consentsOf(a, member.id)).history;
    expect(history.every((h: { source: string }) => h.source !== "unsubscribe")).toBe(true);
  });
});
