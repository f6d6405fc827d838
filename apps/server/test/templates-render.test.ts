import { describe, expect, it } from "vitest";
import {
  findUnknownPlaceholders,
  htmlToPlainText,
  messageFormat,
  PLACEHOLDERS,
  renderContent,
  smsSegments,
} from "../src/modules/templates/render.js";

const NBSP = "\u00a0";

describe("placeholders", () => {
  it("lists the sixteen personal fields of the issue", () => {
    expect([...PLACEHOLDERS].sort()).toEqual(
      [
        "first_name",
        "last_name",
        "card_number",
        "points",
        "pending_points",
        "tier",
        "discount",
        "program_name",
        "company_name",
        "member_ref_link",
        "portal_link",
        "reward_name",
        "voucher_code",
        "points_change",
        "expiring_points",
        "expiry_date",
      ].sort(),
    );
  });

  it("finds unknown fields once each, in order, and leaves CSS and known fields alone", () => {
    const text = "Hi {first_name} {foo}, {points} { bar } <style>p { color: red }</style> {foo} {First_Name} {voucher_code}";
    expect(findUnknownPlaceholders(text)).toEqual(["foo", "bar", "First_Name"]);
    expect(findUnknownPlaceholders("{first_name} {member_ref_link} {expiry_date}")).toEqual([]);
    expect(findUnknownPlaceholders("no fields, {} and { } and {1abc} and {a-b}")).toEqual([]);
  });
});

describe("renderContent", () => {
  const ctx = {
    first_name: "<b>Ann & Co</b>",
    points: `1${NBSP}234`,
    member_ref_link: "https://loyalty.example.com/p/cafe/join?ref=K7M3XQ2P",
  };

  it("escapes values in HTML, but not in the subject or a written text", () => {
    const out = renderContent(
      { subject: "Hi {first_name}", html: '<p>Hi {first_name}, <a href="{member_ref_link}">join</a></p>', text: "Hi {first_name}" },
      ctx,
      "email",
    );
    expect(out.subject).toBe("Hi <b>Ann & Co</b>");
    expect(out.html).toBe(
      '<p>Hi &lt;b&gt;Ann &amp; Co&lt;/b&gt;, <a href="https://loyalty.example.com/p/cafe/join?ref=K7M3XQ2P">join</a></p>',
    );
    expect(out.text).toBe("Hi <b>Ann & Co</b>");
  });

  it("escapes quotes, so a value cannot leave an attribute", () => {
    const out = renderContent({ subject: "s", html: '<a title="{first_name}">x</a>' }, { first_name: `"><script>x</script>` }, "email");
    expect(out.html).toBe('<a title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">x</a>');
  });

  it("generates the plain text from the rendered HTML when none is written", () => {
    const out = renderContent(
      {
        subject: "s",
        html: '<h1>Hello {first_name}</h1><p>You have <strong>{points}</strong> points.</p><p><a href="{member_ref_link}">Invite friends</a></p><ul><li>one</li><li>two</li></ul>',
      },
      ctx,
      "email",
    );
    expect(out.text).toContain("Hello <b>Ann & Co</b>");
    expect(out.text).toContain(`You have 1${NBSP}234 points.`);
    expect(out.text).toContain("Invite friends [https://loyalty.example.com/p/cafe/join?ref=K7M3XQ2P]");
    expect(out.text).toMatch(/\* one\n \* two/);
    expect(out.text).not.toContain("<h1>");
  });

  it("empties known fields without a value and leaves anything else in braces as written", () => {
    const out = renderContent({ subject: "{voucher_code}!", html: "<p>{voucher_code}|{unknown}</p>" }, {}, "email");
    expect(out.subject).toBe("!");
    expect(out.html).toBe("<p>|{unknown}</p>");
  });

  it("accepts spaces inside the braces", () => {
    expect(renderContent({ text: "Hi { first_name }" }, { first_name: "Ann" }, "sms").text).toBe("Hi Ann");
  });

  it("keeps a subject on one line", () => {
    expect(renderContent({ subject: "Hi {first_name}", html: "x" }, { first_name: "Ann\r\nBcc: x@y" }, "email").subject).toBe(
      "Hi Ann Bcc: x@y",
    );
  });

  it("renders an SMS from its text only, with plain spaces in formatted numbers", () => {
    const out = renderContent({ subject: "ignored", html: "<p>ignored</p>", text: "{first_name}: {points} pkt" }, ctx, "sms");
    expect(out).toEqual({ subject: "", html: "", text: "<b>Ann & Co</b>: 1 234 pkt", url: "" });
    expect(smsSegments("Ann: 1 234 pkt").encoding).toBe("gsm7");
  });

  it("turns links whose text is the address into the address alone", () => {
    expect(htmlToPlainText('<p><a href="https://x.pl/a">https://x.pl/a</a></p>')).toBe("https://x.pl/a");
  });
});

describe("numbers and dates in the company's language", () => {
  it("formats Polish with a non-breaking space between thousands and day.month.year", () => {
    const pl = messageFormat("pl");
    expect(pl.number(1234)).toBe(`1${NBSP}234`);
    expect(pl.number(1234567)).toBe(`1${NBSP}234${NBSP}567`);
    expect(pl.number(12)).toBe("12");
    expect(pl.percent(500)).toBe("5%");
    expect(pl.percent(250)).toBe("2,5%");
    expect(pl.day("2026-12-31")).toBe("31.12.2026");
    expect(pl.day("2026-03-05")).toBe("05.03.2026");
  });

  it("formats English with commas and the month's name", () => {
    const en = messageFormat("en");
    expect(en.number(1234)).toBe("1,234");
    expect(en.percent(250)).toBe("2.5%");
    expect(en.day("2026-12-31")).toBe("31 December 2026");
  });
});

describe("smsSegments", () => {
  it("counts GSM-7: 160 in one part, then 153 per part", () => {
    expect(smsSegments("")).toEqual({ characters: 0, segments: 0, encoding: "gsm7" });
    expect(smsSegments("a".repeat(160))).toEqual({ characters: 160, segments: 1, encoding: "gsm7" });
    expect(smsSegments("a".repeat(161))).toEqual({ characters: 161, segments: 2, encoding: "gsm7" });
    expect(smsSegments("a".repeat(306))).toEqual({ characters: 306, segments: 2, encoding: "gsm7" });
    expect(smsSegments("a".repeat(307))).toEqual({ characters: 307, segments: 3, encoding: "gsm7" });
  });

  it("counts the extension table (€ [ ] { } ^ ~ | \\) twice and never splits one between parts", () => {
    expect(smsSegments("€".repeat(80))).toEqual({ characters: 160, segments: 1, encoding: "gsm7" });
    expect(smsSegments("€".repeat(81))).toEqual({ characters: 162, segments: 2, encoding: "gsm7" });
    expect(smsSegments("[]{}^~|\\").characters).toBe(16);
    // 152 plain + one € = 154 septets: the € does not fit in the first part's 153, so it opens a second.
    expect(smsSegments(`${"a".repeat(152)}€${"a".repeat(152)}`)).toMatchObject({ characters: 306, segments: 3 });
  });

  it("keeps GSM-7 for its accented letters (é, ñ, ü, à, Ø, Δ)", () => {
    expect(smsSegments("Café señor über à Øre Δ").encoding).toBe("gsm7");
  });

  it("switches to UCS-2 for Polish letters: 70 in one part, then 67 per part", () => {
    for (const letter of "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ") expect(smsSegments(`Dzien dobry ${letter}`).encoding).toBe("ucs2");
    expect(smsSegments("ą".repeat(70))).toEqual({ characters: 70, segments: 1, encoding: "ucs2" });
    expect(smsSegments("ą".repeat(71))).toEqual({ characters: 71, segments: 2, encoding: "ucs2" });
    expect(smsSegments("ą".repeat(134))).toEqual({ characters: 134, segments: 2, encoding: "ucs2" });
    expect(smsSegments("ą".repeat(135))).toEqual({ characters: 135, segments: 3, encoding: "ucs2" });
    expect(smsSegments("Zażółć gęślą jaźń")).toEqual({ characters: 17, segments: 1, encoding: "ucs2" });
  });

  it("counts UCS-2 in UTF-16 code units: an emoji is two and is not split", () => {
    expect(smsSegments("😀".repeat(35))).toEqual({ characters: 70, segments: 1, encoding: "ucs2" });
    expect(smsSegments("😀".repeat(36))).toEqual({ characters: 72, segments: 2, encoding: "ucs2" });
    // 66 units + an emoji (2) do not fit in 67: the emoji opens the second part.
    expect(smsSegments(`${"ą".repeat(66)}😀${"ą".repeat(66)}`)).toMatchObject({ characters: 134, segments: 3 });
  });

  it("treats a non-breaking space as outside GSM-7", () => {
    expect(smsSegments(`1${NBSP}234`).encoding).toBe("ucs2");
  });
});
