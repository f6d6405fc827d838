import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSmtpServer, type TestSmtp } from "../../server/test/messaging-fixtures.js";
import { drainWorker } from "./drain-worker";
import {
  apiAs,
  DESKTOP,
  describeBrowser,
  en,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  type Strings,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_PORTRAIT,
} from "./harness";
import { created, type LoyaltyFixture, seedMember, seedProgram } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replace(`{{${k}}}`, String(x)), s);

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const KEYS = leafKeys(en).filter((k) => k.includes("."));

async function noRawKeys(page: Page) {
  const text = await page.locator("body").innerText();
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
}

async function choose(scope: Page | Locator, page: Page, label: string, option: string | RegExp) {
  await field(scope, label).click();
  await page.getByRole("option", { name: option }).click();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const WIDE = { width: 1440, height: 900 };

/** The page does not scroll sideways (a table too wide for a tablet would make it). */
async function fitsWidth(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what}: the page is ${overflow} px wider than the window`).toBeLessThanOrEqual(0);
}

/** Picks the 15th of next month in the campaign's "send at" picker; returns what the field shows. */
async function pickNextMonth15(page: Page): Promise<string> {
  const input = field(page, pl.messaging.campaigns.scheduleAt);
  await input.click();
  const picker = page.locator(".mantine-DateTimePicker-dropdown, .mantine-Popover-dropdown").last();
  await picker.locator("button[data-direction='next'], .mantine-CalendarHeader-control[data-direction='next']").first().click();
  await picker.getByRole("button", { name: /^15 / }).first().click();
  await picker.locator(".mantine-DateTimePicker-submitButton, button[data-date-time-picker-submit]").first().click();
  await expect.poll(() => input.innerText()).toMatch(/^15\.\d\d\.\d{4} \d\d:\d\d$/);
  return input.innerText();
}

/** The rows of a list (ListTable) named `label`. */
const rowsOf = (page: Page, label: string) => page.getByRole("table", { name: label }).locator("tbody tr");
/** Delivery records: the delivery log, a campaign's and a member card's messages. */
const deliveryRows = (page: Page, s: Strings = pl) => rowsOf(page, s.messaging.log.table);

/** Clicks a segment of a SegmentedControl (its radio input is visually hidden). */
async function segment(scope: Page | Locator, label: string) {
  await scope.locator(".mantine-SegmentedControl-label", { hasText: new RegExp(`^${escapeRe(label)}$`) }).click();
}

/** The personal-field menu of a content editor: insert `{name}` where the cursor is. */
async function insertField(page: Page, scope: Locator, name: string) {
  await scope.getByRole("button", { name: pl.messaging.insertField }).click();
  await page.getByRole("menuitem", { name: new RegExp(`\\{${name}\\}`) }).click();
}

const SMTP_LOGIN = { user: "klub-smtp", pass: "sekretne-haslo-smtp" };

describeBrowser("messaging", () => {
  let h: Harness;
  let company: SeededCompany;
  let smtp: TestSmtp;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
    smtp = await startSmtpServer({ auth: SMTP_LOGIN });
  });
  afterAll(async () => {
    await smtp?.close();
    await h?.close();
  });

  it("configures the outbox, writes a template with personal fields, previews it, sends tests and notifications", async () => {
    const page = await h.newPage(DESKTOP);
    page.on("pageerror", (err) => console.error("[page error]", err));
    // Two shared cores: the editor screens load a lazy chunk with the HTML editor.
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx: LoyaltyFixture = await seedProgram(page, "Klub Kawowy");
    const consent = await created(page, "POST", "/api/v1/consents", {
      key: "informacje_email",
      name: "Informacje handlowe e-mailem",
      purpose: "commercial_information",
      channel: "email",
      text: "Zgadzam się na otrzymywanie informacji handlowych e-mailem.",
    });
    const zofia = await seedMember(page, {
      firstName: "Zofia",
      lastName: "Wiśniewska",
      email: "zofia@example.com",
      consents: [{ consentId: consent.id, granted: true }],
    });
    const slug = (await apiAs<{ slug: string }>(page, "GET", "/api/v1/company")).data.slug;
    const referralCode = (await apiAs<{ referralCode: string }>(page, "GET", `/api/v1/members/${zofia.id}`)).data.referralCode;
    const refLink = `${h.config.publicUrl}/p/${slug}/join?ref=${referralCode}`;

    // ---- Outbox: the SMTP server of this test, with a login; the password is write-only.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.outbox, { exact: true }).click();
    await page.getByRole("heading", { name: pl.messaging.outbox.title, level: 1 }).waitFor();
    const emailCard = page.getByRole("region", { name: pl.messaging.outbox.emailTitle });
    await emailCard.getByRole("switch", { name: pl.messaging.outbox.emailEnabled }).check();
    await field(emailCard, pl.messaging.outbox.host).fill("127.0.0.1");
    await choose(emailCard, page, pl.messaging.outbox.security, pl.messaging.outbox.securities.none);
    await field(emailCard, pl.messaging.outbox.port).fill(String(smtp.port));
    await field(emailCard, pl.messaging.outbox.username).fill(SMTP_LOGIN.user);
    await field(emailCard, pl.messaging.outbox.password).fill(SMTP_LOGIN.pass);
    await field(emailCard, pl.messaging.outbox.fromName).fill("Klub Kawowy");
    await field(emailCard, pl.messaging.outbox.fromEmail).fill("klub@example.com");
    await field(emailCard, pl.messaging.outbox.replyTo).fill("kontakt@example.com");
    await shoot(page, "outbox-filled-pl-desktop");
    await emailCard.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.messaging.outbox.emailSaved).first().waitFor();
    await emailCard.getByTestId("secret-set").waitFor();
    const settings = await apiAs<{ email: Record<string, unknown> }>(page, "GET", "/api/v1/messaging/settings");
    expect(settings.data.email).toMatchObject({ enabled: true, host: "127.0.0.1", port: smtp.port, security: "none", passwordSet: true });
    expect(JSON.stringify(settings.data)).not.toContain(SMTP_LOGIN.pass);

    // "Send test message": the SMTP server's own answer is shown, and the mail arrived.
    await emailCard.getByRole("button", { name: pl.messaging.outbox.sendTest }).click();
    let dialog = page.getByRole("dialog", { name: pl.messaging.outbox.sendTest });
    await field(dialog, pl.messaging.test.toEmail).fill("sprawdzam@example.com");
    await dialog.getByRole("button", { name: pl.messaging.test.send }).click();
    await dialog.getByTestId("send-report").getByText(pl.messaging.test.sent, { exact: true }).waitFor();
    await expect.poll(() => dialog.getByTestId("send-report-response").innerText()).toContain(smtp.answer(1));
    await shoot(page, "outbox-test-sent-pl-desktop");
    const [outboxTest] = await smtp.waitFor(1);
    expect(outboxTest?.to).toEqual(["sprawdzam@example.com"]);
    expect(outboxTest?.from).toBe("klub@example.com");
    expect(outboxTest?.headers["reply-to"]).toContain("kontakt@example.com");
    expect(smtp.logins).toContain(SMTP_LOGIN.user);
    await dialog.getByRole("button", { name: pl.common.close }).click();

    // SMS: the "log only" provider records messages; its test shows the provider's answer too.
    const smsCard = page.getByRole("region", { name: pl.messaging.outbox.smsTitle });
    await segment(smsCard, pl.messaging.outbox.providers.log);
    await field(smsCard, pl.messaging.outbox.senderName).fill("KAWA");
    await smsCard.getByLabel(fill(pl.messaging.outbox.hours, { name: pl.messaging.outbox.quietFrom })).click();
    await page.keyboard.type("2100");
    await smsCard.getByLabel(fill(pl.messaging.outbox.hours, { name: pl.messaging.outbox.quietTo })).click();
    await page.keyboard.type("0800");
    await page.keyboard.press("Escape");
    await smsCard.getByRole("switch", { name: pl.messaging.outbox.normalizePolish }).check({ force: true });
    await smsCard.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.messaging.outbox.smsSaved).first().waitFor();
    const sms = await apiAs<{ sms: Record<string, unknown> }>(page, "GET", "/api/v1/messaging/settings");
    expect(sms.data.sms).toMatchObject({
      provider: "log",
      senderName: "KAWA",
      quietHoursStart: "21:00",
      quietHoursEnd: "08:00",
      normalizePolish: true,
    });
    await smsCard.getByRole("button", { name: pl.messaging.outbox.sendTestSms }).click();
    dialog = page.getByRole("dialog", { name: pl.messaging.outbox.sendTestSms });
    await dialog.getByRole("button", { name: pl.messaging.test.send }).click();
    await dialog.getByText(pl.validation.required).waitFor();
    await field(dialog, pl.messaging.test.toPhone).fill("+48 600 100 200");
    await dialog.getByRole("button", { name: pl.messaging.test.send }).click();
    await dialog.getByTestId("send-report").waitFor();
    expect((await dialog.getByTestId("send-report-response").innerText()).length).toBeGreaterThan(0);
    await shoot(page, "outbox-sms-test-pl-desktop");
    await dialog.getByRole("button", { name: pl.common.close }).click();

    // ---- Templates: empty list, then a new e-mail template.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.templates, { exact: true }).click();
    await page.getByText(pl.messaging.templates.emptyTitle).waitFor();
    await page.getByRole("link", { name: pl.messaging.templates.addFirst }).click();
    await page.getByRole("heading", { name: pl.messaging.templates.createTitle, level: 1 }).waitFor();
    await field(page, pl.messaging.templates.name).fill("Zaproszenie dla znajomych");
    const subject = field(page, pl.messaging.subject);
    await subject.fill("Cześć !");
    // The cursor goes between "Cześć " and "!", and the field lands there.
    await subject.press("End");
    await subject.press("ArrowLeft");
    const content = page.getByRole("group", { name: pl.messaging.content, exact: true });
    await insertField(page, content, "first_name");
    await expect.poll(() => subject.inputValue()).toBe("Cześć {first_name}!");

    // An unknown field is refused by the API when saving, named next to the editor.
    const body = page.getByRole("textbox", { name: pl.messaging.body });
    await body.click();
    await page.keyboard.type("Witaj {foo}");
    await page.getByRole("button", { name: pl.messaging.templates.create }).click();
    const unknown = fill(pl.fieldErrors.unknown_placeholder, { placeholder: "{foo}" });
    await page.getByText(unknown).waitFor();
    await expect.poll(() => body.getAttribute("aria-invalid")).toBe("true");
    await shoot(page, "template-unknown-field-pl-desktop");

    // The body with {first_name} and {member_ref_link} put in through the field menu.
    await body.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Dzień dobry, ");
    await insertField(page, content, "first_name");
    await page.keyboard.type("! Zaproś znajomych swoim linkiem: ");
    await insertField(page, content, "member_ref_link");
    await expect.poll(() => body.innerText()).toContain("Dzień dobry, {first_name}! Zaproś znajomych swoim linkiem: {member_ref_link}");

    // Preview with a chosen member: her first name and her exact referral link.
    const preview = page.getByTestId("message-preview");
    await field(preview, pl.messaging.preview.member).fill(zofia.cardNumber);
    await page.getByRole("option", { name: new RegExp(zofia.cardNumber) }).click();
    await expect.poll(() => preview.getByTestId("preview-subject").innerText()).toBe("Cześć Zofia!");
    const frame = preview.frameLocator("iframe");
    await expect.poll(() => frame.locator("body").innerText()).toContain(`Dzień dobry, Zofia! Zaproś znajomych swoim linkiem: ${refLink}`);
    await shoot(page, "template-preview-pl-desktop");

    await page.getByRole("button", { name: pl.messaging.templates.create }).click();
    await page.getByRole("heading", { name: "Zaproszenie dla znajomych", level: 1 }).waitFor();
    await expect.poll(() => body.getAttribute("aria-invalid")).toBe("false");
    const templateId = page.url().split("/").pop() ?? "";
    let template = await apiAs<{ subject: string; html: string; channel: string }>(page, "GET", `/api/v1/message-templates/${templateId}`);
    expect(template.data.channel).toBe("email");
    expect(template.data.subject).toBe("Cześć {first_name}!");
    expect(template.data.html).toContain("{first_name}");
    expect(template.data.html).toContain("{member_ref_link}");

    // Edit and save again: the change is kept.
    await subject.fill("Cześć {first_name}, mamy coś dla Ciebie");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page
      .getByText(fill(pl.messaging.templates.savedMessage, { name: "Zaproszenie dla znajomych" }))
      .first()
      .waitFor();
    template = await apiAs(page, "GET", `/api/v1/message-templates/${templateId}`);
    expect(template.data.subject).toBe("Cześć {first_name}, mamy coś dla Ciebie");

    // "Send test to me": to the signed-in owner, rendered for the chosen member.
    await page.getByRole("button", { name: pl.messaging.test.sendToMe }).click();
    dialog = page.getByRole("dialog", { name: pl.messaging.test.title });
    await dialog.getByText(fill(pl.messaging.test.toEmailHelp, { email: company.ownerEmail })).waitFor();
    await dialog.getByRole("button", { name: pl.messaging.test.send }).click();
    await dialog.getByTestId("send-report").getByText(pl.messaging.test.sent, { exact: true }).waitFor();
    await expect.poll(() => dialog.getByTestId("send-report-response").innerText()).toContain(smtp.answer(2));
    await shoot(page, "template-test-sent-pl-desktop");
    const mails = await smtp.waitFor(2);
    const toMe = mails[1];
    expect(toMe?.to).toEqual([company.ownerEmail]);
    expect(toMe?.headers.subject).toBe("Cześć Zofia, mamy coś dla Ciebie");
    expect(toMe?.html).toContain("Zofia");
    expect(toMe?.html).toContain(refLink);
    expect(toMe?.text).toContain(refLink);
    await dialog.getByRole("button", { name: pl.common.close }).click();

    // An SMS template: the counter of characters, parts and encoding comes from the API.
    await page.goto("/admin/messages/templates/new");
    await field(page, pl.messaging.templates.name).fill("SMS: zaproszenie");
    await segment(page, pl.messaging.channels.sms);
    await field(page, pl.messaging.smsText).fill("Cześć {first_name}! Twój link: {portal_link}");
    const counter = page.getByTestId("sms-counter").first();
    await counter.getByText(fill(pl.messaging.sms.segments, { formatted: 1 })).waitFor();
    await counter.getByText(pl.messaging.sms.encodings.ucs2).waitFor();
    await page.getByRole("button", { name: pl.messaging.templates.create }).click();
    await page.getByRole("heading", { name: "SMS: zaproszenie", level: 1 }).waitFor();
    await shoot(page, "template-sms-pl-desktop");

    // The list: search and channel filter.
    await page.goto("/admin/messages/templates");
    await rowsOf(page, pl.messaging.templates.title).filter({ hasText: "Zaproszenie dla znajomych" }).waitFor();
    await segment(page, pl.messaging.channels.sms);
    await expect.poll(() => rowsOf(page, pl.messaging.templates.title).count()).toBe(1);
    await rowsOf(page, pl.messaging.templates.title).filter({ hasText: "SMS: zaproszenie" }).waitFor();
    await segment(page, pl.messaging.allChannels);
    await field(page, pl.messaging.templates.search).fill("znajomych");
    await expect.poll(() => rowsOf(page, pl.messaging.templates.title).count()).toBe(1);
    await field(page, pl.messaging.templates.search).fill("nic takiego");
    await page.getByText(pl.messaging.templates.noMatchesTitle).waitFor();

    // ---- Automatic notifications: switch "welcome" on and change its subject.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.notifications, { exact: true }).click();
    await page.getByRole("heading", { name: pl.messaging.notifications.title, level: 1 }).waitFor();
    const welcomeName = pl.messaging.notifications.kinds.welcome;
    const welcome = page.getByTestId("notification-welcome");
    // The header switch has no visible label (its name is for assistive tools); its track takes the click.
    await welcome.getByRole("switch", { name: fill(pl.messaging.notifications.enableNamed, { name: welcomeName }) }).check({ force: true });
    await page
      .getByText(fill(pl.messaging.notifications.switchedOn, { name: welcomeName }))
      .first()
      .waitFor();
    await welcome.getByRole("button", { name: new RegExp(`^${welcomeName}`) }).click();
    const welcomeEmail = welcome.getByRole("group", { name: pl.messaging.channels.email, exact: true });
    const welcomeSubject = field(welcomeEmail, pl.messaging.subject);
    await welcomeSubject.fill("Witamy w klubie, ");
    await insertField(page, welcomeEmail, "first_name");
    await expect.poll(() => welcomeSubject.inputValue()).toBe("Witamy w klubie, {first_name}");
    await shoot(page, "notification-welcome-pl-desktop");
    await welcome.getByRole("button", { name: pl.common.save }).click();
    await page
      .getByText(fill(pl.messaging.notifications.savedMessage, { name: welcomeName }))
      .first()
      .waitFor();
    const notifications = await apiAs<{ data: { kind: string; enabled: boolean; email: { subject: string } }[] }>(
      page,
      "GET",
      `/api/v1/programs/${fx.programId}/notifications`,
    );
    const saved = notifications.data.data.find((n) => n.kind === "welcome");
    expect(saved).toMatchObject({ enabled: true, email: { subject: "Witamy w klubie, {first_name}" } });

    // A member with the consent gets the welcome e-mail; one without it is recorded as not sent.
    const jan = await seedMember(page, {
      firstName: "Jan",
      lastName: "Kowalski",
      email: "jan.kowalski@example.com",
      consents: [{ consentId: consent.id, granted: true }],
    });
    const ewa = await seedMember(page, { firstName: "Ewa", lastName: "Zielińska", email: "ewa.z@example.com" });
    for (const m of [jan, ewa]) await created(page, "POST", `/api/v1/members/${m.id}/enrollments`, { programId: fx.programId });
    await drainWorker(h, company.companyId);
    await drainWorker(h, company.companyId);
    await expect.poll(() => smtp.messages.filter((m) => m.to.includes("jan.kowalski@example.com")).length, { timeout: 10_000 }).toBe(1);
    expect(smtp.messages.some((m) => m.to.includes("ewa.z@example.com"))).toBe(false);
    const janMail = smtp.messages.find((m) => m.to.includes("jan.kowalski@example.com"));
    expect(janMail?.headers.subject).toBe("Witamy w klubie, Jan");

    // ---- The member card's Messages tab: the delivery, its status, and the body on click.
    await page.goto(`/admin/members/${jan.id}`);
    await page.getByRole("tab", { name: pl.members.tabs.messages }).click();
    const janRow = deliveryRows(page).filter({ hasText: "Witamy w klubie, Jan" });
    await janRow.getByText(pl.messaging.statuses.sent, { exact: true }).waitFor();
    await janRow.getByText(pl.messaging.kinds.notification.welcome).waitFor();
    await shoot(page, "member-card-messages-pl-desktop");
    await janRow.getByRole("button", { name: "Witamy w klubie, Jan" }).click();
    const messageDialog = page.getByRole("dialog", { name: pl.messaging.log.messageTitle });
    await expect.poll(() => messageDialog.frameLocator("iframe").locator("body").innerText()).toContain("Jan");
    await messageDialog
      .getByTestId("provider-response")
      .getByText(/Message queued as test-\d+/)
      .waitFor();
    await shoot(page, "message-detail-pl-desktop");
    await page.keyboard.press("Escape");

    await page.goto(`/admin/members/${ewa.id}`);
    await page.getByRole("tab", { name: pl.members.tabs.messages }).click();
    const ewaRow = deliveryRows(page).first();
    await ewaRow.getByText(pl.messaging.statuses.skipped, { exact: true }).waitFor();
    await ewaRow.getByText(pl.messaging.skipReasons.no_consent).waitFor();

    // ---- Campaigns: content copied from the template, the audience counted live, sent now, results.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.campaigns, { exact: true }).click();
    await page.getByText(pl.messaging.campaigns.emptyTitle).waitFor();
    await shoot(page, "campaigns-empty-pl-desktop");
    await page.getByRole("link", { name: pl.messaging.campaigns.addFirst }).click();
    await page.getByRole("heading", { name: pl.messaging.campaigns.createTitle, level: 1 }).waitFor();
    await field(page, pl.messaging.campaigns.name).fill("Jesienne zaproszenia");
    await choose(page, page, pl.messaging.campaigns.copyTemplate, "Zaproszenie dla znajomych");
    await expect.poll(() => field(page, pl.messaging.subject).inputValue()).toBe("Cześć {first_name}, mamy coś dla Ciebie");
    await choose(page, page, pl.messaging.purpose, pl.consents.purposes.commercial_information);
    await choose(page, page, pl.messaging.campaigns.program, "Klub Kawowy");
    // Jan and Ewa are in the program; only Jan agreed to commercial information by e-mail.
    const audience = page.getByTestId("audience-count");
    await expect.poll(() => audience.getByTestId("count-members").innerText()).toBe("2");
    await expect.poll(() => audience.getByTestId("count-reachable").innerText()).toBe("1");
    await expect.poll(() => audience.getByTestId("count-no-consent").innerText()).toBe("1");
    await expect.poll(() => audience.getByTestId("count-no-address").innerText()).toBe("0");
    await shoot(page, "campaign-editor-pl-desktop");
    await page.getByRole("button", { name: pl.messaging.campaigns.saveDraft }).click();
    await page.getByRole("heading", { name: "Jesienne zaproszenia", level: 1 }).waitFor();
    const campaignId = page.url().split("/").pop() ?? "";
    const draft = await apiAs<{ status: string; purpose: string; audience: { programId: string } }>(
      page,
      "GET",
      `/api/v1/campaigns/${campaignId}`,
    );
    expect(draft.data).toMatchObject({ status: "draft", purpose: "commercial_information", audience: { programId: fx.programId } });

    await page.getByRole("button", { name: pl.messaging.campaigns.sendNow }).click();
    const confirmSend = page.getByRole("dialog", { name: pl.messaging.campaigns.sendTitle });
    await confirmSend.getByText(fill(pl.messaging.campaigns.sendMessage, { formatted: 1 })).waitFor();
    await confirmSend.getByRole("button", { name: pl.messaging.campaigns.sendNow }).click();
    await page.getByTestId("campaign-results").waitFor();
    await drainWorker(h, company.companyId);
    await drainWorker(h, company.companyId);
    await expect
      .poll(() => smtp.messages.filter((m) => m.headers.subject === "Cześć Jan, mamy coś dla Ciebie").length, { timeout: 10_000 })
      .toBe(1);
    const results = page.getByTestId("campaign-results");
    await expect.poll(() => results.getByTestId("result-sent").innerText(), { timeout: 15_000 }).toBe("1");
    await expect.poll(() => results.getByTestId("result-no-consent").innerText()).toBe("1");
    await page.getByTestId("campaign-status").getByText(pl.messaging.campaigns.statuses.sent).waitFor();
    await deliveryRows(page).filter({ hasText: "Cześć Jan, mamy coś dla Ciebie" }).waitFor();
    await shoot(page, "campaign-results-pl-desktop");

    // A second campaign scheduled with the date-time picker, then cancelled.
    await page.goto("/admin/messages/campaigns/new");
    await field(page, pl.messaging.campaigns.name).fill("Zaplanowana kampania SMS");
    await segment(page, pl.messaging.channels.sms);
    await field(page, pl.messaging.smsText).fill("{first_name}, wpadnij po kawę!");
    await pickNextMonth15(page);
    await page.getByRole("button", { name: pl.messaging.campaigns.schedule, exact: true }).click();
    await page
      .getByRole("dialog", { name: pl.messaging.campaigns.scheduleTitle })
      .getByRole("button", { name: pl.messaging.campaigns.schedule })
      .click();
    await page.getByTestId("campaign-status").getByText(pl.messaging.campaigns.statuses.scheduled).waitFor();
    await shoot(page, "campaign-scheduled-pl-desktop");
    await page.getByRole("button", { name: pl.messaging.campaigns.cancel }).click();
    await page.getByRole("dialog").getByRole("button", { name: pl.messaging.campaigns.cancel }).click();
    await page.getByTestId("campaign-status").getByText(pl.messaging.campaigns.statuses.cancelled).waitFor();

    await page.goto("/admin/messages/campaigns");
    await page
      .getByRole("table", { name: pl.messaging.campaigns.title })
      .locator("tbody tr")
      .filter({ hasText: "Jesienne zaproszenia" })
      .getByText(pl.messaging.campaigns.statuses.sent)
      .waitFor();
    await page
      .getByRole("table", { name: pl.messaging.campaigns.title })
      .locator("tbody tr")
      .filter({ hasText: "Zaplanowana kampania SMS" })
      .getByText(pl.messaging.campaigns.statuses.cancelled)
      .waitFor();
    await shoot(page, "campaigns-pl-desktop");

    // ---- Delivery log: everything, filtered by status.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.deliveryLog, { exact: true }).click();
    await page.getByRole("heading", { name: pl.messaging.log.title, level: 1 }).waitFor();
    await deliveryRows(page).filter({ hasText: "Witamy w klubie, Jan" }).waitFor();
    await choose(page, page, pl.messaging.log.statusFilter, pl.messaging.statuses.skipped);
    await expect.poll(() => page.getByTestId("delivery-status").getByText(pl.messaging.statuses.sent, { exact: true }).count()).toBe(0);
    await deliveryRows(page).filter({ hasText: pl.messaging.skipReasons.no_consent }).first().waitFor();
    await shoot(page, "delivery-log-filtered-pl-desktop");
  }, 240_000);

  it("what opens on the messaging screens (a notification, a message, the test-send dialog) renders translated on a tablet", async () => {
    const page = await h.newPage(WIDE);
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    const members = await apiAs<{ data: { id: string; firstName: string }[] }>(page, "GET", "/api/v1/members?q=Jan");
    const jan = members.data.data.find((m) => m.firstName === "Jan");
    expect(jan).toBeTruthy();

    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      // The screens themselves are in every-screen.test.ts; here what opens on them, on a tablet.
      for (const viewport of [TABLET_PORTRAIT]) {
        const size = viewport.width;
        await page.setViewportSize(viewport);
        // An opened notification with its editors.
        await page.goto("/admin/messages/notifications");
        const welcome = page.getByTestId("notification-welcome");
        await welcome.getByRole("button", { name: new RegExp(`^${s.messaging.notifications.kinds.welcome}`) }).click();
        await field(welcome, s.messaging.subject).waitFor();
        await settled(page, `notification ${lang} ${size}`);
        await noRawKeys(page);
        await fitsWidth(page, `notification ${lang} ${size}`);
        await shoot(page, `messaging-notification-open-${lang}-${size}`);
        // The member card's Messages tab and a message.
        await page.goto(`/admin/members/${jan?.id}`);
        await page.getByRole("tab", { name: s.members.tabs.messages }).click();
        await deliveryRows(page, s).first().waitFor();
        await noRawKeys(page);
        await shoot(page, `messaging-member-card-${lang}-${size}`);
        await deliveryRows(page, s).first().click();
        await page.getByTestId("message-detail").waitFor();
        await shoot(page, `messaging-message-${lang}-${size}`);
        await page.keyboard.press("Escape");
        // The send-test dialog.
        await page.goto("/admin/messages/outbox");
        await page.getByRole("button", { name: s.messaging.outbox.sendTest }).click();
        await page.getByRole("dialog", { name: s.messaging.outbox.sendTest }).waitFor();
        await shoot(page, `messaging-send-test-${lang}-${size}`);
        await page.keyboard.press("Escape");
        // The generic HTTP provider's fields (not saved).
        const smsCard = page.getByRole("region", { name: s.messaging.outbox.smsTitle });
        await segment(smsCard, s.messaging.outbox.providers.http);
        await field(smsCard, s.messaging.outbox.httpBodyTemplate).scrollIntoViewIfNeeded();
        await noRawKeys(page);
        await fitsWidth(page, `outbox http ${lang} ${size}`);
        await shoot(page, `messaging-outbox-http-${lang}-${size}`);
      }
    }
  }, 600_000);
  it("warns at the channel when the outbox cannot send on it; a refused send keeps the time and everything entered", async () => {
    const other = await seedCompany(h);
    const page = await h.newPage(DESKTOP);
    page.on("pageerror", (err) => console.error("[page error]", err));
    page.setDefaultTimeout(30_000);
    await signIn(page, other.ownerEmail, PASSWORD);
    // Automatic messages say it too: nothing goes out on a channel the outbox cannot send on.
    await page.goto("/admin/messages/notifications");
    const notReady = page.getByTestId("outbox-not-ready");
    await notReady.getByText(pl.messaging.notifications.notReady.email).waitFor();
    await notReady.getByText(pl.messaging.notifications.notReady.sms).waitFor();
    await page.goto("/admin/messages/campaigns/new");
    await page.getByRole("heading", { name: pl.messaging.campaigns.createTitle, level: 1 }).waitFor();
    const warning = page.getByTestId("channel-not-ready");
    const sendNow = page.getByRole("button", { name: pl.messaging.campaigns.sendNow });

    // E-mail sending is off in this company's outbox: said at the channel at once, before any send.
    await warning.getByText(pl.messaging.campaigns.notReady.email.title).waitFor();
    expect(await sendNow.isDisabled()).toBe(true);
    await segment(page, pl.messaging.channels.sms);
    await warning.getByText(pl.messaging.campaigns.notReady.sms.title).waitFor();
    await segment(page, pl.messaging.channels.email);
    await warning.getByText(pl.messaging.campaigns.notReady.email.title).waitFor();
    // The outbox opens in a new tab, so nothing typed here is lost on the way.
    const outboxLink = warning.getByRole("link", { name: pl.messaging.campaigns.notReady.openOutbox });
    expect(await outboxLink.getAttribute("href")).toBe("/admin/messages/outbox");
    expect(await outboxLink.getAttribute("target")).toBe("_blank");
    await page.getByTestId("send-blocked").waitFor();
    await shoot(page, "campaign-channel-not-ready-pl-desktop");

    // The outbox is set up meanwhile; "check again" sees it and sending is open.
    const emailOn = {
      enabled: true,
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      fromName: "Kawiarnia",
      fromEmail: "kawa@example.com",
    };
    expect((await apiAs(page, "PUT", "/api/v1/messaging/settings/email", emailOn)).status).toBe(200);
    await warning.getByRole("button", { name: pl.messaging.campaigns.notReady.checkAgain }).click();
    await warning.waitFor({ state: "detached" });
    expect(await sendNow.isDisabled()).toBe(false);

    await field(page, pl.messaging.campaigns.name).fill("Nowa kawa");
    await field(page, pl.messaging.subject).fill("Nowości w kawiarni");
    const body = page.getByRole("textbox", { name: pl.messaging.body });
    await body.click();
    await page.keyboard.type("Dzień dobry, mamy nową kawę.");
    const when = await pickNextMonth15(page);

    // E-mail sending is switched off again behind this page's back: the API refuses the send.
    expect((await apiAs(page, "PUT", "/api/v1/messaging/settings/email", { ...emailOn, enabled: false })).status).toBe(200);
    await page.getByRole("button", { name: pl.messaging.campaigns.schedule, exact: true }).click();
    await page
      .getByRole("dialog", { name: pl.messaging.campaigns.scheduleTitle })
      .getByRole("button", { name: pl.messaging.campaigns.schedule })
      .click();
    const failure = page.getByTestId("send-failure");
    await failure.getByText(pl.messaging.campaigns.notSent.title).waitFor();
    // Said with the field's label, next to the channel, and the warning is back.
    await failure.getByText(pl.messaging.channel, { exact: true }).waitFor();
    await failure.getByText(pl.validation.emailNotConfigured).waitFor();
    await page.getByTestId("channel-error").getByText(pl.validation.emailNotConfigured).waitFor();
    await warning.getByText(pl.messaging.campaigns.notReady.email.title).waitFor();
    // Nothing entered is lost: the chosen time, the name, the content.
    expect(await field(page, pl.messaging.campaigns.scheduleAt).innerText()).toBe(when);
    expect(await field(page, pl.messaging.campaigns.name).inputValue()).toBe("Nowa kawa");
    expect(await field(page, pl.messaging.subject).inputValue()).toBe("Nowości w kawiarni");
    expect(await body.innerText()).toContain("Dzień dobry, mamy nową kawę.");
    // No raw field name or code anywhere on the page.
    const text = await page.locator("body").innerText();
    expect(text).not.toContain("channel:");
    expect(text).not.toMatch(/\bchannel\b|unprocessable|validation_failed/);
    await noRawKeys(page);
    await shoot(page, "campaign-send-refused-pl-desktop");
    // The refused campaign is a draft of its own (a second try does not create another).
    const campaignId = page.url().split("/").pop() ?? "";
    expect((await apiAs<{ status: string }>(page, "GET", `/api/v1/campaigns/${campaignId}`)).data.status).toBe("draft");

    // Back on: the second try schedules this draft for the time chosen before the refusal.
    expect((await apiAs(page, "PUT", "/api/v1/messaging/settings/email", emailOn)).status).toBe(200);
    await warning.getByRole("button", { name: pl.messaging.campaigns.notReady.checkAgain }).click();
    await warning.waitFor({ state: "detached" });
    await page.getByRole("button", { name: pl.messaging.campaigns.schedule, exact: true }).click();
    await page
      .getByRole("dialog", { name: pl.messaging.campaigns.scheduleTitle })
      .getByRole("button", { name: pl.messaging.campaigns.schedule })
      .click();
    await page.getByTestId("campaign-status").getByText(pl.messaging.campaigns.statuses.scheduled).waitFor();
    const sent = await apiAs<{ status: string; subject: string; scheduledAt: string }>(page, "GET", `/api/v1/campaigns/${campaignId}`);
    expect(sent.data).toMatchObject({ status: "scheduled", subject: "Nowości w kawiarni" });
    const local = await page.evaluate((iso) => {
      const d = new Date(iso);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
    }, sent.data.scheduledAt);
    expect(local).toBe(when);
    const all = await apiAs<{ data: unknown[] }>(page, "GET", "/api/v1/campaigns");
    expect(all.data.data).toHaveLength(1);
  }, 120_000);
});
