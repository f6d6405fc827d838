/**
 * The demo company (`npm run regulars -- seed-demo`) looks like four months of a real café chain:
 * members registered over that time and never after their first purchase, names whose first name
 * and surname agree in gender, a marketer account, and newsletter subscribers a campaign reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBER_EMAIL, DEMO_PASSWORD, DEMO_SLUG, seedDemo } from "../src/demo.js";
import { FEMALE_FIRST_NAMES, HISTORY_DAYS, MALE_FIRST_NAMES, SURNAMES } from "../src/demo-people.js";
import { call, login, startTestApp, type TestContext } from "./harness.js";

const DAY = 86_400_000;
let ctx: TestContext;
let companyId: string;
let seededAt: number;

beforeAll(async () => {
  ctx = await startTestApp({ empty: true });
  seededAt = Date.now();
  const seeded = await seedDemo(ctx.db);
  expect(seeded.created).toBe(true);
  const [company] = await ctx.db.query<{ id: string }>("select id from companies where slug = $1", [DEMO_SLUG]);
  companyId = (company as { id: string }).id;
}, 300_000);
afterAll(async () => {
  await ctx?.close();
});

describe("demo data", () => {
  it("spreads registrations over about four months, none after the member's first purchase", async () => {
    const members = await ctx.db.query<{ id: string; created_at: Date; first_purchase: Date | null; purchases: number }>(
      `select m.id, m.created_at, min(p.occurred_at) as first_purchase, count(p.id)::int as purchases
         from members m left join purchases p on p.company_id = m.company_id and p.member_id = m.id
        where m.company_id = $1 group by m.id, m.created_at`,
      [companyId],
    );
    expect(members).toHaveLength(40);
    const ages = members.map((m) => (seededAt - new Date(m.created_at).getTime()) / DAY);
    // Nobody registered today or in the future, nobody before the four months, and the spread covers them.
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...ages)).toBeLessThanOrEqual(HISTORY_DAYS + 1);
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(90);
    expect(ages.filter((a) => a > 60).length).toBeGreaterThan(10);
    expect(ages.filter((a) => a <= 60).length).toBeGreaterThan(10);
    const late = members.filter((m) => m.first_purchase && new Date(m.created_at) > new Date(m.first_purchase));
    expect(late).toEqual([]);
    expect(members.filter((m) => m.purchases > 0).length).toBeGreaterThan(20);

    // Purchases span the same months, and no enrollment (welcome points) predates its member.
    const [span] = await ctx.db.query<{ first: Date; last: Date }>(
      "select min(occurred_at) as first, max(occurred_at) as last from purchases where company_id = $1",
      [companyId],
    );
    expect((seededAt - new Date(span?.first as Date).getTime()) / DAY).toBeGreaterThan(90);
    expect(new Date(span?.last as Date).getTime()).toBeLessThanOrEqual(seededAt);
    const early = await ctx.db.query(
      `select e.member_id from enrollments e join members m on m.company_id = e.company_id and m.id = e.member_id
        where e.company_id = $1 and e.joined_at < m.created_at`,
      [companyId],
    );
    expect(early).toEqual([]);
  });

  it("gives every member a first name and surname of the same gender", async () => {
    const members = await ctx.db.query<{ first_name: string; last_name: string; gender: string | null }>(
      "select first_name, last_name, gender from members where company_id = $1",
      [companyId],
    );
    const female = new Set<string>(FEMALE_FIRST_NAMES);
    const male = new Set<string>(MALE_FIRST_NAMES);
    const femaleSurnames = new Set(SURNAMES.map((s) => s.female));
    const maleSurnames = new Set(SURNAMES.map((s) => s.male));
    const wrong = members.filter((m) =>
      female.has(m.first_name)
        ? !femaleSurnames.has(m.last_name) || m.gender !== "female"
        : !male.has(m.first_name) || !maleSurnames.has(m.last_name) || m.gender !== "male",
    );
    expect(wrong).toEqual([]);
    // Both genders are there, and the lists themselves agree: female forms end in -a or are unchanged.
    expect(members.some((m) => female.has(m.first_name))).toBe(true);
    expect(members.some((m) => male.has(m.first_name))).toBe(true);
    for (const name of FEMALE_FIRST_NAMES) expect(name.endsWith("a")).toBe(true);
    for (const name of MALE_FIRST_NAMES) expect(name.endsWith("a")).toBe(false);
    for (const s of SURNAMES) expect(s.female === s.male || (s.male.endsWith("i") && s.female === `${s.male.slice(0, -1)}a`)).toBe(true);
  });

  it("has a member who signs in to the portal and a page with the member's own fields", async () => {
    const signedIn = await call(ctx, {
      method: "POST",
      url: `/api/v1/portal/${DEMO_SLUG}/login`,
      body: { email: DEMO_MEMBER_EMAIL, password: DEMO_PASSWORD },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const member = { cookie: String(signedIn.headers["set-cookie"]).split(";")[0] as string, csrf: "" };
    const home = await call(ctx, { method: "GET", url: `/api/v1/portal/${DEMO_SLUG}/me/home`, auth: member });
    expect(home.statusCode, home.body).toBe(200);
    const config = await call(ctx, { method: "GET", url: `/api/v1/portal/${DEMO_SLUG}/config` });
    const page = config.data.pages.find((p: { title: string }) => p.title === "Jak to działa");
    const shown = await call(ctx, { method: "GET", url: `/api/v1/portal/${DEMO_SLUG}/pages/${page.id}`, auth: member });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.body).toContain(`/p/${DEMO_SLUG}/join?ref=`);
  });

  it("has a marketer account whose newsletter campaign reaches some members", async () => {
    const marketer = await login(ctx, "marketer@demo.regulars.local", DEMO_PASSWORD);
    const me = await call(ctx, { method: "GET", url: "/api/v1/staff?role=marketer", auth: marketer });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.data.data.map((s: { email: string }) => s.email)).toContain("marketer@demo.regulars.local");

    const campaigns = await call(ctx, { method: "GET", url: "/api/v1/campaigns", auth: marketer });
    expect(campaigns.statusCode, campaigns.body).toBe(200);
    const [campaign] = campaigns.data.data as { channel: "email"; purpose: string; audience: unknown }[];
    expect(campaign).toBeDefined();
    const count = await call(ctx, {
      method: "POST",
      url: "/api/v1/campaigns/audience-count",
      auth: marketer,
      body: { channel: campaign?.channel, purpose: campaign?.purpose, audience: campaign?.audience },
    });
    expect(count.statusCode, count.body).toBe(200);
    expect(count.data.reachable).toBeGreaterThan(0);
    // A realistic share, not everyone: about three in five subscribed.
    expect(count.data.reachable).toBeLessThan(count.data.members);

    // Each grant is in the consent history with its text version, channel and time.
    const grants = await ctx.db.query<{ version: number; channel: string; occurred_at: Date; source: string }>(
      `select e.version, c.channel, e.occurred_at, e.source from member_consent_events e
         join consent_definitions c on c.company_id = e.company_id and c.id = e.consent_id
        where e.company_id = $1 and c.purpose = 'newsletter' and e.granted`,
      [companyId],
    );
    // The campaign's audience is the program's members; subscribers who never bought are outside it.
    expect(grants.length).toBeGreaterThanOrEqual(count.data.reachable);
    expect(grants.length).toBeGreaterThan(10);
    expect(grants.length).toBeLessThan(35);
    for (const g of grants) {
      expect(g.version).toBe(1);
      expect(g.channel).toBe("email");
      expect(new Date(g.occurred_at).getTime()).toBeGreaterThan(seededAt - 60_000);
    }
  });
});
