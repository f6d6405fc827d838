import nodemailer, { type Transporter } from "nodemailer";
import { type OutboundPolicy, resolveOutboundHost } from "../../platform/outbound-guard.js";
import type { SendingSettings } from "./settings.service.js";

/** A provider's answer: ok with its message id and response line, or the reason it refused. */
export interface TransportResult {
  ok: boolean;
  providerMessageId: string | null;
  /** The SMTP server's / SMS provider's own answer, or the connection error. */
  response: string;
}

export interface EmailToSend {
  to: string;
  subject: string;
  html: string;
  text: string;
  unsubscribeUrl: string | null;
  /** Our delivery id, sent as a header so bounces and support can be traced back. */
  deliveryId: string;
}

const TIMEOUT_MS = 15_000;

export interface EmailTransport {
  send(mail: EmailToSend): Promise<TransportResult>;
  close(): void;
}

/**
 * One SMTP connection pool per company and dispatcher pass; nodemailer does the protocol. The host
 * is resolved and checked (platform/outbound-guard.ts) before the first message, and nodemailer
 * connects to that checked address, with the host name kept for TLS certificate checks.
 */
export function emailTransport(settings: SendingSettings, policy: OutboundPolicy): EmailTransport {
  const s = settings.row;
  let connecting: Promise<Transporter> | null = null;
  const connect = async (): Promise<Transporter> => {
    const checked = await resolveOutboundHost(s.smtp_host, policy);
    return nodemailer.createTransport({
      host: checked.address,
      port: s.smtp_port,
      secure: s.smtp_security === "tls",
      requireTLS: s.smtp_security === "starttls",
      ignoreTLS: s.smtp_security === "none",
      // SNI and the certificate check use the name the company typed, not the address.
      servername: checked.address === s.smtp_host ? undefined : s.smtp_host,
      auth: s.smtp_username ? { user: s.smtp_username, pass: settings.smtpPassword ?? "" } : undefined,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS * 2,
    });
  };
  return {
    async send(mail) {
      const headers: Record<string, string> = { "X-Regulars-Message-Id": mail.deliveryId };
      if (mail.unsubscribeUrl) {
        headers["List-Unsubscribe"] = `<${mail.unsubscribeUrl}>`;
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      try {
        connecting ??= connect();
        const transporter = await connecting;
        const info = await transporter.sendMail({
          from: s.from_name ? { name: s.from_name, address: s.from_email ?? "" } : (s.from_email ?? ""),
          replyTo: s.reply_to ?? undefined,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers,
        });
        const rejected = (info.rejected ?? []).map(String);
        if (rejected.length > 0)
          return { ok: false, providerMessageId: info.messageId ?? null, response: `rejected ${rejected.join(", ")}: ${info.response}` };
        return { ok: true, providerMessageId: info.messageId ?? null, response: info.response ?? "accepted" };
      } catch (err) {
        return { ok: false, providerMessageId: null, response: describeError(err) };
      }
    },
    close() {
      connecting?.then((t) => t.close()).catch(() => undefined);
    },
  };
}

/** The server's answer when there was one ("535 5.7.8 Authentication failed"), else the error. */
export function describeError(err: unknown): string {
  const e = err as { message?: string; response?: string; code?: string };
  const message = e?.message ?? String(err);
  if (e?.response && !message.includes(e.response)) return `${message} (${e.response})`;
  return message;
}

export interface SmsToSend {
  to: string;
  text: string;
  deliveryId: string;
}

/** Sends one SMS through the company's provider. */
export async function sendSms(settings: SendingSettings, sms: SmsToSend): Promise<TransportResult> {
  const s = settings.row;
  try {
    switch (s.sms_provider) {
      case "log":
        return { ok: true, providerMessageId: `log-${sms.deliveryId}`, response: "recorded by the log-only provider (nothing was sent)" };
      case "smsapi":
        return await sendViaSmsapi(settings, sms);
      case "http":
        return await sendViaHttp(settings, sms);
      default:
        return { ok: false, providerMessageId: null, response: "No SMS provider is configured" };
    }
  } catch (err) {
    return { ok: false, providerMessageId: null, response: describeError(err) };
  }
}

interface SmsapiAnswer {
  error?: number;
  message?: string;
  count?: number;
  list?: { id?: string; points?: number; number?: string; status?: string; error?: unknown }[];
}

/** SMSAPI.pl REST: POST {base}/sms.do, Bearer token, form fields; answers JSON (an `error` code on failure). */
async function sendViaSmsapi(settings: SendingSettings, sms: SmsToSend): Promise<TransportResult> {
  const s = settings.row;
  const form = new URLSearchParams({ to: sms.to.replace(/^\+/, ""), message: sms.text, format: "json", encoding: "utf-8" });
  if (s.sms_sender_name) form.set("from", s.sms_sender_name);
  if (s.sms_normalize_polish) form.set("normalize", "1");
  const res = await fetch(`${s.smsapi_base_url.replace(/\/+$/, "")}/sms.do`, {
    method: "POST",
    headers: { authorization: `Bearer ${settings.smsToken ?? ""}`, "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = await res.text();
  let answer: SmsapiAnswer;
  try {
    answer = JSON.parse(body) as SmsapiAnswer;
  } catch {
    return { ok: false, providerMessageId: null, response: `SMSAPI HTTP ${res.status}: ${body.slice(0, 300)}` };
  }
  if (answer.error !== undefined && answer.error !== null)
    return { ok: false, providerMessageId: null, response: `SMSAPI error ${answer.error}: ${answer.message ?? "no message"}` };
  const first = answer.list?.[0];
  if (!res.ok || !first) return { ok: false, providerMessageId: null, response: `SMSAPI HTTP ${res.status}: ${body.slice(0, 300)}` };
  return {
    ok: true,
    providerMessageId: first.id ?? null,
    response: `SMSAPI ${first.status ?? "accepted"} id=${first.id ?? "?"}${first.points !== undefined ? ` points=${first.points}` : ""}`,
  };
}

/** Inserts a value into a JSON template where the placeholder sits inside a string. */
function jsonInner(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Generic HTTP: POST the company's JSON body template with {to}, {message}, {sender} filled in. */
async function sendViaHttp(settings: SendingSettings, sms: SmsToSend): Promise<TransportResult> {
  const s = settings.row;
  if (!s.sms_http_url || !s.sms_http_body_template)
    return { ok: false, providerMessageId: null, response: "The HTTP provider has no URL or body template" };
  const values: Record<string, string> = { to: sms.to, message: sms.text, sender: s.sms_sender_name };
  const body = s.sms_http_body_template.replaceAll(/\{(to|message|sender)\}/g, (_, k: string) => jsonInner(values[k] ?? ""));
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (s.sms_http_auth_header && settings.smsToken) headers[s.sms_http_auth_header] = settings.smsToken;
  const res = await fetch(s.sms_http_url, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const answer = await res.text();
  let id: string | null = null;
  try {
    const parsed = JSON.parse(answer) as Record<string, unknown>;
    const candidate = parsed.id ?? parsed.messageId ?? parsed.message_id;
    if (typeof candidate === "string" || typeof candidate === "number") id = String(candidate);
  } catch {
    // a plain-text answer is fine; it is recorded as the response
  }
  return { ok: res.ok, providerMessageId: id, response: `HTTP ${res.status}: ${answer.slice(0, 300)}` };
}
