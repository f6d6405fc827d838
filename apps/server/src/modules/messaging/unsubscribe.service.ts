import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import type { ConsentPurpose } from "../consents/consents.schemas.js";
import { memberConsents } from "../consents/consents.service.js";
import { withdrawConsentsByUnsubscribe } from "../members/member-consents.js";
import { escapeHtml } from "./email-layout.js";
import { type UnsubscribeClaim, verifyUnsubscribeToken } from "./unsubscribe-token.js";

type Lang = "pl" | "en";

const PURPOSES: Record<ConsentPurpose, Record<Lang, string>> = {
  direct_marketing: { pl: "marketing bezpośredni", en: "direct marketing" },
  newsletter: { pl: "newsletter", en: "the newsletter" },
  commercial_information: { pl: "informacje handlowe", en: "commercial information" },
  profiling: { pl: "profilowanie", en: "profiling" },
  sms_marketing: { pl: "wiadomości marketingowe", en: "marketing messages" },
  push_notifications: { pl: "powiadomienia push", en: "push notifications" },
  other: { pl: "wiadomości", en: "messages" },
};

const CHANNELS: Record<"email" | "sms" | "push", Record<Lang, string>> = {
  email: { pl: "e-mailem", en: "by e-mail" },
  sms: { pl: "SMS-em", en: "by text message" },
  push: { pl: "jako powiadomienia push", en: "as push notifications" },
};

const TEXTS = {
  pl: {
    title: "Wypisz się",
    question: (what: string, how: string) => `Czy chcesz przestać otrzymywać ${what} ${how}?`,
    willWithdraw: "Wycofamy te zgody:",
    button: "Wypisz mnie",
    done: "Gotowe. Wycofaliśmy Twoją zgodę.",
    doneList: "Wycofane zgody:",
    nothing: "Nie masz już aktywnej zgody na te wiadomości. Nie wyślemy ich do Ciebie.",
    invalid: "Ten link jest nieprawidłowy lub nieaktualny.",
  },
  en: {
    title: "Unsubscribe",
    question: (what: string, how: string) => `Do you want to stop receiving ${what} ${how}?`,
    willWithdraw: "We will withdraw these consents:",
    button: "Unsubscribe me",
    done: "Done. Your consent has been withdrawn.",
    doneList: "Withdrawn consents:",
    nothing: "You have no active consent for these messages any more. We will not send them to you.",
    invalid: "This link is invalid or no longer valid.",
  },
} as const;

function page(lang: Lang, companyName: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(TEXTS[lang].title)}${companyName ? ` · ${escapeHtml(companyName)}` : ""}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f3f4f6;color:#1a1a1a;line-height:1.5}
main{max-width:480px;margin:0 auto;padding:32px 16px}
.card{background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:0 0 4px}
.company{color:#555;margin:0 0 16px}
ul{padding-left:20px}
button{width:100%;min-height:48px;font-size:1rem;border:0;border-radius:8px;background:#1c7ed6;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
</style>
</head>
<body><main><div class="card">${body}</div></main></body>
</html>`;
}

export interface UnsubscribePage {
  status: number;
  html: string;
}

function invalidPage(): UnsubscribePage {
  const body = `<h1>${TEXTS.pl.title} / ${TEXTS.en.title}</h1><p lang="pl">${TEXTS.pl.invalid}</p><p lang="en">${TEXTS.en.invalid}</p>`;
  return { status: 404, html: page("pl", "", body) };
}

async function context(db: Db, config: Config, token: string) {
  const claim = verifyUnsubscribeToken(config, token);
  if (!claim) return null;
  const company = await getCompany(db, claim.companyId).catch(() => null);
  if (!company) return null;
  const consents = await memberConsents(db, claim.companyId, claim.memberId).catch(() => null);
  if (!consents) return null;
  return { claim, company, consents };
}

function header(lang: Lang, companyName: string): string {
  return `<h1>${escapeHtml(TEXTS[lang].title)}</h1><p class="company">${escapeHtml(companyName)}</p>`;
}

function covered<T extends { purpose: string; channel: string; granted: boolean }>(claim: UnsubscribeClaim, states: T[]): T[] {
  return states.filter((s) => s.granted && s.purpose === claim.purpose && (s.channel === claim.channel || s.channel === "any"));
}

/** GET: what will be withdrawn, and a button that POSTs to the same address. */
export async function unsubscribeForm(opts: { db: Db; config: Config; token: string }): Promise<UnsubscribePage> {
  const c = await context(opts.db, opts.config, opts.token);
  if (!c) return invalidPage();
  const lang = c.company.language;
  const t = TEXTS[lang];
  const granted = covered(c.claim, c.consents.current);
  if (granted.length === 0) return { status: 200, html: page(lang, c.company.name, `${header(lang, c.company.name)}<p>${t.nothing}</p>`) };
  const body = `${header(lang, c.company.name)}
<p>${escapeHtml(t.question(PURPOSES[c.claim.purpose][lang], CHANNELS[c.claim.channel][lang]))}</p>
<p>${t.willWithdraw}</p>
<ul>${granted.map((g) => `<li>${escapeHtml(g.name)}</li>`).join("")}</ul>
<form method="post"><button type="submit">${t.button}</button></form>`;
  return { status: 200, html: page(lang, c.company.name, body) };
}

/** POST (the page's button, or RFC 8058 one-click from the mail client): withdraws and confirms. */
export async function unsubscribe(opts: { db: Db; config: Config; token: string; ip: string }): Promise<UnsubscribePage> {
  const c = await context(opts.db, opts.config, opts.token);
  if (!c) return invalidPage();
  const lang = c.company.language;
  const t = TEXTS[lang];
  const withdrawn = await withdrawConsentsByUnsubscribe({
    db: opts.db,
    companyId: c.claim.companyId,
    memberId: c.claim.memberId,
    purpose: c.claim.purpose,
    channel: c.claim.channel,
    ip: opts.ip,
  });
  const names = new Map(c.consents.current.map((s) => [s.consentId, s.name]));
  const body =
    withdrawn.length === 0
      ? `${header(lang, c.company.name)}<p>${t.nothing}</p>`
      : `${header(lang, c.company.name)}<p>${t.done}</p><p>${t.doneList}</p><ul>${withdrawn
          .map((w) => `<li>${escapeHtml(names.get(w.consentId) ?? w.key)}</li>`)
          .join("")}</ul>`;
  return { status: 200, html: page(lang, c.company.name, body) };
}
