import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { queueMessage } from "../messaging/outbox.service.js";
import { portalLink } from "../templates/render.js";

// The transactional messages of member identity, in the member's language, queued through the
// company's outbox (purpose null: no consent needed to receive one's own sign-in code). The dedupe
// key is the code's id, so a retried request never sends a code twice.

type Language = "pl" | "en";

export type IdentityMessageKind = "verify_email" | "already_member" | "login_code" | "password_reset" | "activation_code";

interface Texts {
  subject: string;
  /** Paragraphs; the link (if any) and the code are added. */
  lines: string[];
  linkLabel?: string;
  sms?: string;
}

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function texts(kind: IdentityMessageKind, lang: Language, company: string, code: string, minutes: number): Texts {
  const pl = lang === "pl";
  switch (kind) {
    case "verify_email":
      return pl
        ? {
            subject: `Potwierdź adres e-mail – ${company}`,
            lines: [
              `Dziękujemy za rejestrację w programie ${company}.`,
              "Aby założyć kartę, potwierdź adres e-mail, otwierając link poniżej albo wpisując kod na stronie rejestracji.",
              `Kod: ${code}`,
              "Jeśli to nie Ty zakładasz konto, zignoruj tę wiadomość.",
            ],
            linkLabel: "Potwierdź adres e-mail",
          }
        : {
            subject: `Confirm your e-mail address – ${company}`,
            lines: [
              `Thank you for joining ${company}'s program.`,
              "To create your card, confirm your e-mail address by opening the link below or typing the code on the sign-up page.",
              `Code: ${code}`,
              "If you did not sign up, ignore this message.",
            ],
            linkLabel: "Confirm my e-mail address",
          };
    case "already_member":
      return pl
        ? {
            subject: `Masz już kartę – ${company}`,
            lines: [
              "Ktoś (prawdopodobnie Ty) próbował założyć konto z tym adresem e-mail, ale masz już kartę w naszym programie.",
              "Zaloguj się albo, jeśli karta została założona w sklepie, aktywuj ją na stronie programu.",
            ],
            linkLabel: "Zaloguj się",
          }
        : {
            subject: `You already have a card – ${company}`,
            lines: [
              "Someone (probably you) tried to sign up with this e-mail address, but you already have a card in our program.",
              "Sign in, or if your card was created in the shop, activate it on the program's page.",
            ],
            linkLabel: "Sign in",
          };
    case "login_code":
      return pl
        ? {
            subject: `Kod logowania – ${company}`,
            lines: [`Twój kod logowania do programu ${company}: ${code}`, `Kod jest ważny ${minutes} minut.`],
          }
        : {
            subject: `Your sign-in code – ${company}`,
            lines: [`Your code to sign in to ${company}: ${code}`, `The code is valid for ${minutes} minutes.`],
          };
    case "password_reset":
      return pl
        ? {
            subject: `Ustaw nowe hasło – ${company}`,
            lines: [
              "Otrzymaliśmy prośbę o zmianę hasła. Otwórz link poniżej albo wpisz kod na stronie zmiany hasła.",
              `Kod: ${code}`,
              `Link i kod są ważne ${minutes} minut. Jeśli to nie Ty, zignoruj tę wiadomość – hasło się nie zmieni.`,
            ],
            linkLabel: "Ustaw nowe hasło",
          }
        : {
            subject: `Set a new password – ${company}`,
            lines: [
              "We received a request to change your password. Open the link below or type the code on the password page.",
              `Code: ${code}`,
              `The link and code are valid for ${minutes} minutes. If this was not you, ignore this message: your password stays.`,
            ],
            linkLabel: "Set a new password",
          };
    case "activation_code":
      return pl
        ? {
            subject: `Aktywacja karty – ${company}`,
            lines: [`Kod aktywacji Twojej karty w programie ${company}: ${code}`, `Kod jest ważny ${minutes} minut.`],
            sms: `${company}: kod aktywacji karty: ${code} (ważny ${minutes} min).`,
          }
        : {
            subject: `Card activation – ${company}`,
            lines: [`Your code to activate your ${company} card: ${code}`, `The code is valid for ${minutes} minutes.`],
            sms: `${company}: your card activation code: ${code} (valid ${minutes} min).`,
          };
  }
}

/** Where a portal link leads: `path` under the company's portal, with its query. */
export function portalUrl(config: Config, slug: string, path: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query).toString();
  return `${portalLink(config, slug)}/${path}${q ? `?${q}` : ""}`;
}

export async function queueIdentityMessage(
  tx: Queryable,
  opts: {
    config: Config;
    now: Date;
    companyId: string;
    companyName: string;
    memberId: string | null;
    kind: IdentityMessageKind;
    channel?: "email" | "sms";
    to: string;
    language: Language;
    code: string;
    minutes: number;
    link: string | null;
    dedupeKey: string;
  },
): Promise<void> {
  const t = texts(opts.kind, opts.language, opts.companyName, opts.code, opts.minutes);
  const base = {
    companyId: opts.companyId,
    memberId: opts.memberId,
    kind: `member.${opts.kind}`,
    purpose: null,
    to: opts.to,
    language: opts.language,
    dedupeKey: `member-auth:${opts.dedupeKey}`,
    redactAfterSend: true,
  };
  if (opts.channel === "sms") {
    await queueMessage(tx, { ...base, channel: "sms", text: t.sms ?? t.lines.join(" ") }, opts);
    return;
  }
  const link = opts.link && t.linkLabel ? opts.link : null;
  const html = [
    ...t.lines.map((l) => `<p>${esc(l)}</p>`),
    ...(link ? [`<p><a href="${esc(link)}">${esc(t.linkLabel as string)}</a></p>`] : []),
  ].join("\n");
  const text = [...t.lines, ...(link ? [`${t.linkLabel}: ${link}`] : [])].join("\n\n");
  await queueMessage(tx, { ...base, channel: "email", subject: t.subject, html, text }, opts);
}
