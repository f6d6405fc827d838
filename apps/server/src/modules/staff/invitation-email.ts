import { escapeHtml } from "../messaging/email-layout.js";

// The invitation e-mail in the company's language; the layout (logo, colours) is messaging's.

const TEXT = {
  pl: {
    subject: (company: string) => `Zaproszenie do panelu ${company}`,
    intro: (inviter: string, company: string) => `${inviter} zaprasza Cię do panelu programu lojalnościowego ${company}.`,
    action: "Ustaw swoje hasło i zaloguj się",
    validity: (until: string) =>
      `Link działa jeden raz i jest ważny do ${until}. Jeśli nie spodziewasz się tego zaproszenia, zignoruj tę wiadomość.`,
  },
  en: {
    subject: (company: string) => `Invitation to the ${company} admin panel`,
    intro: (inviter: string, company: string) => `${inviter} invites you to the loyalty programme admin panel of ${company}.`,
    action: "Set your password and sign in",
    validity: (until: string) =>
      `The link works once and is valid until ${until}. If you did not expect this invitation, ignore this message.`,
  },
} as const;

export function invitationEmail(opts: {
  language: "pl" | "en";
  companyName: string;
  inviterName: string;
  url: string;
  expiresAt: Date;
  timeZone: string;
}): { subject: string; html: string; text: string } {
  const t = TEXT[opts.language];
  const until = new Intl.DateTimeFormat(opts.language === "pl" ? "pl-PL" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: opts.timeZone,
  }).format(opts.expiresAt);
  const intro = t.intro(opts.inviterName, opts.companyName);
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    `<p><a href="${escapeHtml(opts.url)}" style="display:inline-block;padding:10px 16px;background:#2f9e44;color:#ffffff;border-radius:6px;text-decoration:none">${escapeHtml(t.action)}</a></p>`,
    `<p style="font-size:13px;word-break:break-all">${escapeHtml(opts.url)}</p>`,
    `<p style="font-size:13px;color:#555555">${escapeHtml(t.validity(until))}</p>`,
  ].join("\n");
  const text = `${intro}\n\n${t.action}:\n${opts.url}\n\n${t.validity(until)}`;
  return { subject: t.subject(opts.companyName), html, text };
}
