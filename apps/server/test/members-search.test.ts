import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RANGE_READ_BOUND } from "../src/modules/members/list-members.js";
import { prefixEnd } from "../src/modules/members/members.search.js";
import { getMemberForUpdate, memberIdsByCardNumber } from "../src/modules/members/members.service.js";
import {
  type Auth,
  call,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  purchaseVia,
  startTestApp,
  type TestCompany,
  type TestContext,
} from "./harness.js";

// The member list's search (card, phone, e-mail, name; ranks and cursors), its filters, and the
// member lookups other modules use. Registering and changing members: members.test.ts.

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

async function createMember(auth: Auth, body: Record<string, unknown> = {}) {
  const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth, body });
  if (res.statusCode !== 201) throw new Error(`createMember failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

const ids = (res: { data: { data: { id: string }[] } }) => res.data.data.map((m) => m.id);

describe("search and filters", () => {
  let company: TestCompany;
  const m: Record<string, { id: string; cardNumber: string }> = {};
  const search = async (q: string) =>
    ids(await call(ctx, { method: "GET", url: `/api/v1/members?q=${encodeURIComponent(q)}`, auth: company.owner }));

  beforeAll(async () => {
    company = await createTestCompany(ctx);
    m.exactMail = await createMember(company.owner, { firstName: "Anna", lastName: "Mail", email: "anna@example.com" });
    m.kowalski = await createMember(company.owner, {
      firstName: "Jan",
      lastName: "Kowalski",
      email: "jan.kowalski@example.com",
      phone: "600 100 200",
      cardNumber: "CARD-1001",
      tags: ["vip"],
    });
    m.lukasz = await createMember(company.owner, { firstName: "Łukasz", lastName: "Żółć", phone: "+48 501 234 567" });
    m.longerMail = await createMember(company.owner, {
      firstName: "Anna",
      lastName: "Druga",
      email: "anna@example.com.pl",
      status: "blocked",
    });
    m.other = await createMember(company.owner, {
      firstName: "Zofia",
      lastName: "Wiśniewska",
      cardNumber: "CARD-2002",
      tags: ["vip", "new"],
    });
  });

  it("finds by card number prefix, phone digits with spaces, e-mail prefix", async () => {
    expect(await search("card-10")).toEqual([m.kowalski?.id]);
    expect((await search("CARD-")).sort()).toEqual([m.kowalski?.id, m.other?.id].sort());
    expect(await search("600 1")).toEqual([m.kowalski?.id]);
    expect(await search("+48 600 100")).toEqual([m.kowalski?.id]);
    expect(await search("0048600")).toEqual([m.kowalski?.id]);
    expect(await search("jan.kow")).toEqual([m.kowalski?.id]);
    expect(await search(m.lukasz?.cardNumber as string)).toEqual([m.lukasz?.id]);
  });

  it("finds a card number typed with spaces or dashes (as printed on the card or read out)", async () => {
    const card = m.lukasz?.cardNumber as string;
    const spaced = card.replace(/(.{4})/g, "$1 ").trim();
    expect(spaced).toContain(" ");
    expect(await search(spaced)).toEqual([m.lukasz?.id]);
    expect(await search(` ${spaced.replace(/ /g, "-")} `)).toEqual([m.lukasz?.id]);
    expect(await search(spaced.slice(0, 7))).toContain(m.lukasz?.id);
    // A stored card number with a dash, typed with a space.
    expect(await search("card 1001")).toEqual([m.kowalski?.id]);
    // The first page ranks the exact card first.
    const res = await call(ctx, { method: "GET", url: `/api/v1/members?q=${encodeURIComponent(spaced)}`, auth: company.owner });
    expect(res.data.data[0]).toMatchObject({ id: m.lukasz?.id, cardNumber: card });
  });

  it("pages a card prefix shared by more members than one bounded index read takes, newest first", async () => {
    // Digit queries read each prefix's index range up to RANGE_READ_BOUND entries with a plan kept
    // for all values; a larger range is searched with a plan for its values instead. Both answer alike.
    const many = await createTestCompany(ctx);
    // the oldest, and an exact match of the second search below
    const exact = (await createMember(many.owner, { cardNumber: "7700-01" })).id as string;
    const total = RANGE_READ_BOUND + 5;
    const byCard = new Map<string, string>();
    for (let i = 0; i < total; i += 25) {
      const cards = Array.from({ length: Math.min(25, total - i) }, (_, j) => `7700-${String(i + j).padStart(4, "0")}`);
      const batch = await Promise.all(
        cards.map((cardNumber) => createMember(many.owner, { cardNumber, ...(cardNumber === "7700-0042" ? { status: "blocked" } : {}) })),
      );
      for (const [j, m] of batch.entries()) byCard.set(cards[j] as string, m.id);
    }
    // ids sort by creation time: the newest first is the greatest first
    const newestFirst = (cards: string[]) =>
      cards
        .map((c) => byCard.get(c) as string)
        .sort()
        .reverse();
    const pages = async (query: string) => {
      const found: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(ctx, {
          method: "GET",
          url: `/api/v1/members?${query}&limit=60${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          auth: many.owner,
        });
        expect(res.statusCode).toBe(200);
        found.push(...ids(res));
        cursor = res.data.nextCursor;
      } while (cursor);
      return found;
    };
    // over the bound: every member once, newest first
    expect(await pages("q=7700-")).toEqual([...newestFirst([...byCard.keys()]), exact]);
    // under it (100 of them), the exact match first although it is the oldest
    const hundreds = [...byCard.keys()].filter((c) => c.startsWith("7700-01"));
    expect(await pages("q=7700-01")).toEqual([exact, ...newestFirst(hundreds)]);
    expect(await pages("q=7700-0150")).toEqual([byCard.get("7700-0150")]);
    // filters apply to both
    expect(await pages("q=7700-&status=blocked")).toEqual([byCard.get("7700-0042")]);
    expect(await pages("q=7700-00&status=blocked")).toEqual([byCard.get("7700-0042")]);
  });

  it("turns a prefix into the index range of every string that starts with it", () => {
    expect(prefixEnd("RB0001")).toBe("RB0002");
    expect(prefixEnd("+4860")).toBe("+4861");
    expect(prefixEnd("anna@")).toBe("annaA");
    expect(prefixEnd("zaż")).toBe("zaŽ");
    expect(prefixEnd("a\u{1F600}")).toBe("a\u{1F601}");
    expect(prefixEnd("a\uD7FF")).toBe("a\uE000");
    expect(prefixEnd("a\u{10FFFF}")).toBeNull();
  });

  it("puts an exact e-mail match first", async () => {
    expect(await search("anna@example.com")).toEqual([m.exactMail?.id, m.longerMail?.id]);
  });

  it("finds names with a typo, in any case, with or without Polish letters", async () => {
    expect(await search("Kowalsky")).toContain(m.kowalski?.id);
    expect(await search("jan kow")).toEqual([m.kowalski?.id]);
    expect(await search("Łukasz")).toEqual([m.lukasz?.id]);
    expect(await search("ŁUKASZ")).toEqual([m.lukasz?.id]);
    expect(await search("lukasz")).toEqual([m.lukasz?.id]);
    expect(await search("żółć")).toEqual([m.lukasz?.id]);
    expect(await search("zolc")).toEqual([m.lukasz?.id]);
    expect(await search("Wisniewska")).toEqual([m.other?.id]);
    expect(await search("nobody-like-this")).toEqual([]);
    expect(await search("100%")).toEqual([]);
  });

  it("filters by status, tag and join location, and pages with a cursor", async () => {
    const blocked = await call(ctx, { method: "GET", url: "/api/v1/members?status=blocked", auth: company.owner });
    expect(ids(blocked)).toEqual([m.longerMail?.id]);
    const vip = await call(ctx, { method: "GET", url: "/api/v1/members?tag=vip", auth: company.owner });
    expect(ids(vip)).toEqual([m.other?.id, m.kowalski?.id]);
    const all = [m.other, m.longerMail, m.lukasz, m.kowalski, m.exactMail].map((x) => x?.id);
    const first = await call(ctx, { method: "GET", url: "/api/v1/members?limit=2", auth: company.owner });
    expect(ids(first)).toEqual(all.slice(0, 2));
    const second = await call(ctx, { method: "GET", url: `/api/v1/members?limit=2&cursor=${first.data.nextCursor}`, auth: company.owner });
    expect(ids(second)).toEqual(all.slice(2, 4));
    const third = await call(ctx, { method: "GET", url: `/api/v1/members?limit=2&cursor=${second.data.nextCursor}`, auth: company.owner });
    expect(third.data).toMatchObject({ data: [{ id: all[4] }], nextCursor: null });
    // a search pages too, exact matches first
    const s1 = await call(ctx, { method: "GET", url: "/api/v1/members?q=anna%40example.com&limit=1", auth: company.owner });
    expect(ids(s1)).toEqual([m.exactMail?.id]);
    const s2 = await call(ctx, {
      method: "GET",
      url: `/api/v1/members?q=anna%40example.com&limit=1&cursor=${encodeURIComponent(s1.data.nextCursor)}`,
      auth: company.owner,
    });
    expect(s2.data).toMatchObject({ data: [{ id: m.longerMail?.id }], nextCursor: null });
    const location = await createLocationVia(ctx, company.owner);
    const joined = await createMember(company.owner, { joinLocationId: location });
    expect(ids(await call(ctx, { method: "GET", url: `/api/v1/members?joinLocationId=${location}`, auth: company.owner }))).toEqual([
      joined.id,
    ]);
  });

  it.each([
    ["query.limit", "limit=0"],
    ["query.status", "status=gone"],
    ["query.bogus", "bogus=1"],
    ["query.field.nope", "field.nope=1"],
  ])("refuses a bad list parameter %s", async (path, qs) => {
    const res = await call(ctx, { method: "GET", url: `/api/v1/members?${qs}`, auth: company.owner });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("offers lookups to other modules", async () => {
    const found = await memberIdsByCardNumber(ctx.db, company.companyId, [" card-1001", "NO-SUCH-CARD"]);
    expect(found).toEqual(new Map([["CARD-1001", m.kowalski?.id]]));
    expect(await memberIdsByCardNumber(ctx.db, a.companyId, ["CARD-1001"])).toEqual(new Map());
    const locked = await ctx.db.transaction((tx) => getMemberForUpdate(tx, company.companyId, m.kowalski?.id as string));
    expect(locked).toEqual({
      id: m.kowalski?.id,
      cardNumber: "CARD-1001",
      status: "active",
      tags: ["vip"],
      firstName: "Jan",
      lastName: "Kowalski",
      email: "jan.kowalski@example.com",
      phone: "+48600100200",
      birthday: null,
      referrerId: null,
      configVersion: (await ctx.db.query<{ v: number }>("select config_version as v from companies where id = $1", [company.companyId]))[0]
        ?.v,
    });
    await expect(ctx.db.transaction((tx) => getMemberForUpdate(tx, a.companyId, m.kowalski?.id as string))).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("points and tier in the list", () => {
  it("shows each member's balance and tier in the chosen program, by default the oldest active one, in every kind of search", async () => {
    const company = await createTestCompany(ctx);
    await createProgramVia(ctx, company.owner, { status: "draft" });
    const main = await createProgramVia(ctx, company.owner);
    const gold = await createTierVia(ctx, company.owner, main, { name: "Gold", threshold: 1, color: "#f59f00" });
    const later = await createProgramVia(ctx, company.owner, { pendingDays: 14 });
    const rich = await createMemberVia(ctx, company.owner, {
      firstName: "Bogumiła",
      lastName: "Punktowa",
      cardNumber: "PTS-0001",
      phone: "600 300 400",
    });
    const poor = await createMemberVia(ctx, company.owner, { firstName: "Bogumił", lastName: "Bezpunktowy", cardNumber: "PTS-0002" });
    expect((await purchaseVia(ctx, company.owner, main, rich.id, 12_345)).statusCode).toBe(201);
    expect((await purchaseVia(ctx, company.owner, later, rich.id, 5_000)).statusCode).toBe(201);
    const list = async (query: string) => {
      const res = await call(ctx, { method: "GET", url: `/api/v1/members?include=balance&${query}`, auth: company.owner });
      expect(res.statusCode).toBe(200);
      return new Map(res.data.data.map((x: { id: string; balance: unknown }) => [x.id, x.balance]));
    };
    const inMain = { programId: main, available: 123, pending: 0, expiringSoon: 0, tier: { id: gold.id, name: "Gold", color: "#f59f00" } };
    const inLater = { programId: later, available: 0, pending: 50, expiringSoon: 0, tier: null };
    // newest first, card and phone (the statement with the generic plan), name (the planned one, and the fuzzy one)
    for (const query of ["", "q=PTS-000", "q=PTS-0001", "q=600 300", "q=punktowa", "q=Punktova"]) {
      const balances = await list(query);
      expect(balances.get(rich.id), query).toEqual(inMain);
      if (balances.has(poor.id)) expect(balances.get(poor.id), query).toBeNull();
    }
    expect((await list("q=PTS-000")).get(poor.id)).toBeNull();
    // another program on request; one of another company is no program of this one
    expect((await list(`programId=${later}`)).get(rich.id)).toEqual(inLater);
    expect((await list(`q=PTS-0001&programId=${later}`)).get(rich.id)).toEqual(inLater);
    const elsewhere = await createProgramVia(ctx, a.owner);
    expect((await list(`programId=${elsewhere}`)).get(rich.id)).toBeNull();
    // Without include=balance the list reads no balances (a search at the counter does not need them).
    const plain = await call(ctx, { method: "GET", url: "/api/v1/members?q=PTS-0001", auth: company.owner });
    expect(plain.data.data[0]).not.toHaveProperty("balance");
  });
});
