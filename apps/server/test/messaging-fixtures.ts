import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message as the test SMTP server received it: envelope, decoded headers and bodies. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  html: string;
  text: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** User names of every login attempt. */
  logins: string[];
  /** What the server answers to the n-th accepted message (1-based). */
  answer(n: number): string;
  /** Waits until `count` messages have arrived (or fails after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a free local port. With `auth`, it requires that login
 * (plain AUTH over an unencrypted connection, which nodemailer does with security "none").
 */
export async function startSmtpServer(opts: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const answer = (n: number) => `Message queued as test-${n}`;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: opts.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? "");
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return callback(null, { user: auth.username });
      return callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...(await parseMail(raw)),
        });
        callback(null, answer(messages.length));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return {
    port,
    messages,
    logins,
    answer,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} e-mails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP port nothing listens on (bound, read, released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Headers (lower-case names, encoded words decoded, addresses as text) and the HTML and plain-text
 * bodies of a received message, read by mailparser.
 */
async function parseMail(raw: string): Promise<{ headers: Record<string, string>; html: string; text: string }> {
  const parsed = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = parsed.headers.get(key);
    if (typeof value === "string") headers[key] = value;
    else if (value && typeof value === "object" && "html" in value) headers[key] = (value as AddressObject).text;
    else
      headers[key] = line
        .slice(line.indexOf(":") + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim();
  }
  return { headers, html: (parsed.html || "").trimEnd(), text: (parsed.text ?? "").trimEnd() };
}

// ---- an SMS provider speaking SMSAPI.pl's REST API, and a generic JSON endpoint ----

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  form: Record<string, string>;
}

export interface TestHttpProvider {
  baseUrl: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * SMSAPI.pl as its documentation describes it: POST /sms.do with `Authorization: Bearer <token>`
 * and form fields; answers `{ count, list: [{ id, points, number, status, … }] }`, or
 * `{ error, message }` (e.g. 101 "Authorization failed", 13 "No correct phone numbers").
 */
export async function startSmsapiServer(token: string): Promise<TestHttpProvider> {
  const requests: ReceivedRequest[] = [];
  let counter = 0;
  return listen(requests, (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/sms.do") return json(404, { error: 404, message: "Not found" });
    if (req.headers.authorization !== `Bearer ${token}`) return json(401, { error: 101, message: "Authorization failed" });
    const to = req.form.to ?? "";
    if (!/^\d{9,15}$/.test(to)) return json(200, { error: 13, message: "No correct phone numbers" });
    counter++;
    return json(200, {
      count: 1,
      list: [
        {
          id: `6A1B2C3D4E5F${counter}`,
          points: 0.16,
          number: to,
          date_sent: Math.floor(Date.now() / 1000),
          submitted_number: to,
          status: "QUEUE",
          error: null,
          idx: null,
          parts: 1,
        },
      ],
      message: "",
      length: (req.form.message ?? "").length,
      parts: 1,
    });
  });
}

/** A generic JSON endpoint: answers 200 `{ "id": "…" }`, or `status` with a text when told. */
export async function startJsonEndpoint(answer: { status: number; body: string } = { status: 200, body: '{"id":"gen-1"}' }) {
  const requests: ReceivedRequest[] = [];
  return listen(requests, (_req, res) => {
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
}

async function listen(
  requests: ReceivedRequest[],
  handle: (req: ReceivedRequest, res: import("node:http").ServerResponse) => void,
): Promise<TestHttpProvider> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const form = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded")
        ? Object.fromEntries(new URLSearchParams(body))
        : {};
      const r: ReceivedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, form };
      requests.push(r);
      handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
