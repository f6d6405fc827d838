import type { FastifyRequest } from "fastify";
import { AppError, detail, type ErrorDetail, invalidFields } from "./errors.js";
import type { App } from "./http.js";

/**
 * Checks every request makes before its route's schema sees it, so that no route can forget them.
 *
 * Control characters: PostgreSQL cannot store NUL in text at all (PGlite answers "invalid message
 * format", a 500), and the other C0 controls (and DEL) are invisible: in a name, a card number or a
 * note they make two values that look the same differ, and they break CSV exports, terminals and
 * e-mail. No field of the API has a use for them. Tab, line feed and carriage return stay allowed:
 * notes, templates and CSV imports are multi-line text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Enough details to name the problem; a hostile body could hold thousands. */
const MAX_DETAILS = 20;

export function registerRequestGuards(app: App): void {
  // onRequest: before Fastify parses the body, so a form or text body never reaches the schema.
  app.addHook("onRequest", async (req) => {
    if (hasJsonBodySchema(req) && sendsBody(req) && !isJson(req.headers["content-type"])) {
      throw new AppError(
        "unsupported_media_type",
        `Send the body as application/json (got ${req.headers["content-type"] || "no content type"})`,
      );
    }
  });
  app.addHook("preValidation", async (req) => {
    const found: ErrorDetail[] = [];
    findControlCharacters(req.body, "", found);
    findControlCharacters(req.query, "query.", found);
    findControlCharacters(req.params, "params.", found);
    if (found.length > 0) throw invalidFields(found);
  });
}

/** A route whose schema declares a JSON body (multipart upload routes declare none and keep theirs). */
function hasJsonBodySchema(req: FastifyRequest): boolean {
  const schema = req.routeOptions.schema as { body?: unknown; consumes?: string[] } | undefined;
  return Boolean(schema?.body) && !schema?.consumes?.some((c) => !isJson(c));
}

function sendsBody(req: FastifyRequest): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** Collects the paths (as the schema errors name them: `lines.0.name`, `query.q`) of strings and keys holding control characters. */
function findControlCharacters(value: unknown, path: string, found: ErrorDetail[]): void {
  if (found.length >= MAX_DETAILS) return;
  if (typeof value === "string") {
    if (CONTROL_CHARACTERS.test(value)) found.push(detail(path.replace(/\.$/, "") || "body", "control_characters"));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, inner] of Object.entries(value)) {
    if (CONTROL_CHARACTERS.test(key)) {
      found.push(detail(`${path}${JSON.stringify(key).slice(1, -1)}`, "control_characters"));
      continue;
    }
    findControlCharacters(inner, `${path}${key}.`, found);
  }
}
