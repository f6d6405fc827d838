/** A real SMTP server for the browser tests (smtp-server), with a small MIME reader for what it receives. */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Decoded top-level headers, lower-case names. */
  headers: Record<string, string>;
  html: string;
  text: string;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  /** What the server answers to an accepted message (the UI must show this line). */
  answer(n: number): string;
  messages: ReceivedMail[];
  logins: string[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Plain SMTP on a free local port, requiring the given login (no TLS: security "none"). */
export async function startSmtp(auth: { user: string; pass: string }): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const answer = (n: number) => `Accepted by the e2e SMTP server as mail-${n}`;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(login, _session, callback) {
      logins.push(login.username ?? "");
      if (login.username === auth.user && login.password === auth.pass) return callback(null, { user: login.username });
      return callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        callback(null, answer(messages.length));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    port,
    answer,
    messages,
    logins,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} e-mails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeQuotedPrintable(s: string): string {
  const input = s.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const hex = input.slice(i + 1, i + 3);
    if (input[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(input[i] as string, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** RFC 2047 encoded words in headers ("=?UTF-8?Q?Cze=C5=9B=C4=87?="). */
function decodeWords(value: string): string {
  return value.replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=\s*/g, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replaceAll("_", " ")),
  );
}

function split(part: string): { headers: Record<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? "" : part.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers["content-transfer-encoding"] ?? "").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** Headers plus the text/html and text/plain parts, however deeply nested in multiparts. */
function parseMail(raw: string): { headers: Record<string, string>; html: string; text: string } {
  const top = split(raw);
  const out = { headers: top.headers, html: "", text: "" };
  const walk = (headers: Record<string, string>, body: string) => {
    const type = headers["content-type"] ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith("multipart/") && boundary) {
      for (const part of body.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const p = split(part.replace(/^\r?\n/, ""));
        walk(p.headers, p.body);
      }
      return;
    }
    if (type.toLowerCase().startsWith("text/html")) out.html ||= decodeBody(headers, body);
    else if (type.toLowerCase().startsWith("text/plain")) out.text ||= decodeBody(headers, body);
  };
  walk(top.headers, top.body);
  return out;
}
