import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { App } from "./http.js";

export const WIDGET_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../packages/widget/dist/widget.js");

interface Built {
  mtimeMs: number;
  raw: Buffer;
  gzipped: Buffer;
  etag: string;
}

/**
 * Serves the website widget at /widget.js, the address every company's snippet names. It is
 * loaded by <script> on other sites: the resource policy must allow that, and a short cache
 * lets a new version reach every site within minutes without a versioned URL in the snippet.
 * Gzipped here because the 20 KB budget is what visitors download, proxy or not.
 */
export function registerWidgetScript(app: App): void {
  let built: Built | null = null;
  const load = (): Built | null => {
    if (!existsSync(WIDGET_SCRIPT)) return null;
    const { mtimeMs } = statSync(WIDGET_SCRIPT);
    if (built?.mtimeMs !== mtimeMs) {
      const raw = readFileSync(WIDGET_SCRIPT);
      built = {
        mtimeMs,
        raw,
        gzipped: gzipSync(raw, { level: 9 }),
        etag: `"${createHash("sha256").update(raw).digest("base64url").slice(0, 27)}"`,
      };
    }
    return built;
  };

  app.get("/widget.js", { config: { access: "public" }, schema: { hide: true } }, async (req, reply) => {
    const script = load();
    if (!script)
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The widget is not built. Run `npm run build` (npm start does this for you).");
    reply
      .header("cache-control", "public, max-age=300")
      .header("cross-origin-resource-policy", "cross-origin")
      .header("etag", script.etag)
      .header("vary", "Accept-Encoding")
      .type("text/javascript; charset=utf-8");
    if (req.headers["if-none-match"] === script.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) return reply.header("content-encoding", "gzip").send(script.gzipped);
    return reply.send(script.raw);
  });
}
