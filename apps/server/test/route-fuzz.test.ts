import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff, createApiKeyVia, createTestCompany, onPostgres, startTestApp } from "./harness.js";
import { memberMatrixFixtures } from "./matrix/member-fixtures.js";
import { MEMBER_MATRIX_MODULES } from "./matrix/member-modules.js";
import { MATRIX_MODULES } from "./matrix/modules.js";
import type { MatrixFixtures, RouteCase } from "./matrix/types.js";
import { reportReliability } from "./reliability.js";

/**
 * Route fuzz (issue 20): every /api/v1 route of the OpenAPI document, called with mutations of a
 * valid request (wrong types, too long strings, NUL and other control characters, look-alike
 * unicode digits, unknown fields, 2^63 and -2^63, nulls, missing required fields, wrong content
 * types, broken path ids). Every answer must be a 4xx naming the field (or a top-level code for
 * content type, size and not found), never a 5xx, and no table may gain or lose a row.
 *
 * The valid request of a route is the route matrix's call (real fixture ids), else one made from
 * the schema, so a new route is fuzzed without new code. Mutations are drawn with a seeded random
 * generator (FUZZ_SEED to vary it): a failure names its seed, route and mutation and reproduces.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
/** Mutations per route at most; drawn from all the route's candidates. */
const PER_ROUTE = 30;
/** Tables every request may write whatever its input (none today; e.g. rate-limit counters). */
const WRITTEN_BY_ANY_REQUEST: string[] = [];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: Json[];
  const?: Json;
  default?: Json;
  examples?: Json[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  additionalProperties?: boolean | Schema;
  $ref?: string;
}
interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Request {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: Json;
  contentType?: string;
  rawBody?: string;
}
interface Mutation {
  kind: string;
  /** The field the answer should name (body path, query.x or params.x); null: a top-level refusal. */
  field: string | null;
  request: Request;
}

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the seeded generator. */
function shuffle<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const TWO_63 = "9223372036854775808";
const MINUS_TWO_63 = "-9223372036854775808";
const CONTROL = ["a\u0000b", "\u001b[2J", "x\u0008y", "\u007f"];

let ctx: MatrixFixtures["ctx"];
let spec: Spec;
let auth: MatrixFixtures["a"]["owner"];
let member = { cookie: "", csrf: "" };
const SIGN_OUTS = /^\/api\/v1\/(auth\/logout|portal\/\{slug\}\/logout(-everywhere)?)$/;
const bases = new Map<string, Pick<RouteCase, "call">>();
const figures = { routes: 0, inputs: 0, answers4xx: 0, answers5xx: 0, writes: 0, namedField: 0, byStatus: {} as Record<string, number> };
const failures: string[] = [];

beforeAll(async () => {
  // A database of its own (on PostgreSQL a scratch copy; PGlite always is): the row counts must
  // see only this file's writes, not those of the files running beside it.
  ctx = await startTestApp({ empty: true });
  const f = { ctx } as MatrixFixtures;
  f.a = await createTestCompany(ctx, { operator: true });
  f.b = await createTestCompany(ctx);
  const bare = await addStaff(ctx, f.a, "cashier", { permissions: [] });
  f.noPermissionsA = bare.auth;
  f.noPermissionsEmail = bare.email;
  f.bKey = { apiKey: (await createApiKeyVia(ctx, f.b.owner, ["members.read"])).secret };
  for (const m of MATRIX_MODULES) {
    await m.setup(f);
    for (const c of m.cases) if (!c.consumesSession) bases.set(c.route, c);
  }
  // Portal routes get member A1's session beside the owner's (each route reads only its own cookie).
  const members = await memberMatrixFixtures(ctx, f.a, f.b);
  for (const m of MEMBER_MATRIX_MODULES) {
    await m.setup(members);
    for (const c of m.cases) bases.set(c.route, c);
  }
  member = (await members.sessionA1()) as typeof member;
  auth = f.a.owner;
  spec = ctx.app.swagger() as Spec;
}, 120_000);
afterAll(() => ctx?.close());

function resolveRef(s: Schema | undefined): Schema {
  let current = s ?? {};
  for (let i = 0; current.$ref && i < 10; i++) current = spec.components?.schemas?.[current.$ref.split("/").pop() as string] ?? {};
  return current;
}

/** The schema's variants: anyOf/oneOf unfolded, refs resolved. */
function variants(s: Schema | undefined): Schema[] {
  const r = resolveRef(s);
  const alts = r.anyOf ?? r.oneOf;
  if (alts) return alts.flatMap((a) => variants(a));
  if (r.allOf?.[0]) return variants(r.allOf[0]);
  return [r];
}

const typesOf = (s: Schema | undefined): string[] =>
  variants(s).flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : v.enum || v.const !== undefined ? ["enum"] : ["any"]));

/** A value the schema takes: its example or default, else a small one of its type. */
function validValue(s: Schema | undefined, depth = 0): Json {
  const v = variants(s).find((x) => x.type !== "null") ?? resolveRef(s);
  if (v.examples?.[0] !== undefined) return v.examples[0];
  if (v.default !== undefined) return v.default;
  if (v.const !== undefined) return v.const;
  if (v.enum?.[0] !== undefined) return v.enum[0];
  const type = Array.isArray(v.type) ? v.type.find((t) => t !== "null") : v.type;
  switch (type) {
    case "string":
      if (v.format === "email") return "fuzz@example.com";
      if (v.format === "date-time") return new Date().toISOString();
      if (v.format === "date") return "2026-01-01";
      if (v.format === "uri") return "https://example.com";
      return "x".repeat(Math.max(1, v.minLength ?? 1));
    case "integer":
    case "number":
      return Math.max(v.minimum ?? 1, 1);
    case "boolean":
      return false;
    case "array":
      return depth > 3 ? [] : Array.from({ length: v.minItems ?? 0 }, () => validValue(v.items, depth + 1));
    case "object": {
      const out: Record<string, Json> = {};
      if (depth > 3) return out;
      for (const key of v.required ?? []) out[key] = validValue(v.properties?.[key], depth + 1);
      return out;
    }
    default:
      return "x";
  }
}

/** A value of none of the schema's types. */
function wrongType(s: Schema | undefined): Json | undefined {
  const types = new Set(typesOf(s));
  if (types.has("any")) return undefined;
  const candidates: [string, Json][] = [
    ["object", { fuzz: 1 }],
    ["array", [1]],
    ["string", "fuzz"],
    ["number", 1.5],
    ["boolean", true],
  ];
  const found = candidates.find(([t]) => !types.has(t) && !(t === "number" && types.has("integer")));
  if (!found) return undefined;
  // An enum (or const) takes only its values: a string outside them is the wrong kind.
  if (types.has("enum") && found[0] === "object") return "not-one-of-the-options";
  return found[1];
}

const isNullable = (s: Schema | undefined) => typesOf(s).includes("null");
const isString = (s: Schema | undefined) => typesOf(s).every((t) => t === "string" || t === "null") && typesOf(s).includes("string");
const isNumber = (s: Schema | undefined) => typesOf(s).some((t) => t === "integer" || t === "number");
const objectOf = (s: Schema | undefined) => variants(s).find((v) => v.type === "object" && v.properties);

function setAt(body: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(body) as Record<string, Json>;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Every mutation of one body field (path into the body, its schema, required or not). */
function fieldMutations(base: Request, path: (string | number)[], s: Schema | undefined, required: boolean): Mutation[] {
  const field = path.join(".");
  const out: Mutation[] = [];
  const put = (kind: string, value: Json | undefined) =>
    out.push({ kind, field, request: { ...base, body: setAt(base.body ?? {}, path, value) } });
  const wrong = wrongType(s);
  if (wrong !== undefined) put("wrong type", wrong);
  if (!isNullable(s) && !typesOf(s).includes("any")) put("null", null);
  if (required) put("missing required", undefined);
  if (isString(s)) {
    for (const c of CONTROL) put("control character", c);
    const max = variants(s).find((v) => v.maxLength !== undefined)?.maxLength;
    if (max !== undefined && max < 1_000_000) put("too long", "x".repeat(max + 1));
    if (variants(s).some((v) => v.enum || v.format || v.pattern)) put("unicode look-alike", "ＡＢＣ１２３");
  }
  if (isNumber(s)) {
    put("2^63", Number(TWO_63));
    put("-2^63", Number(MINUS_TWO_63));
    put("unicode digits", "١٢٣");
  }
  if (typesOf(s).includes("integer")) put("fraction", 0.5);
  const obj = objectOf(s);
  if (obj && obj.additionalProperties === false)
    out.push({
      kind: "unknown field",
      field: `${field}.fuzzUnknown`,
      request: { ...base, body: setAt(base.body ?? {}, [...path, "fuzzUnknown"], 1) },
    });
  return out;
}

/** Candidate mutations of a route's request: body fields (one level of nesting), query, path, content type. */
function mutations(base: Request, op: Operation, pattern: string): Mutation[] {
  const out: Mutation[] = [];
  const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
  if (bodySchema) {
    const root = objectOf(bodySchema);
    const body = (base.body ?? {}) as Record<string, Json>;
    if (root?.properties) {
      for (const [key, s] of Object.entries(root.properties)) {
        const at: Request = key in body ? base : { ...base, body: { ...body, [key]: validValue(s) } };
        out.push(...fieldMutations(at, [key], s, root.required?.includes(key) ?? false));
        const inner = objectOf(s);
        if (inner?.properties && typeof at.body === "object" && at.body && !Array.isArray(at.body)) {
          const value = (at.body as Record<string, Json>)[key];
          if (value && typeof value === "object" && !Array.isArray(value)) {
            for (const [k2, s2] of Object.entries(inner.properties))
              out.push(...fieldMutations(at, [key, k2], s2, inner.required?.includes(k2) ?? false));
          }
        }
        const items = variants(s).find((v) => v.type === "array")?.items;
        const first = (at.body as Record<string, Json[]>)[key];
        const itemObject = objectOf(items);
        if (itemObject?.properties && Array.isArray(first) && first[0] && typeof first[0] === "object") {
          for (const [k2, s2] of Object.entries(itemObject.properties))
            out.push(...fieldMutations(at, [key, 0, k2], s2, itemObject.required?.includes(k2) ?? false));
        }
      }
      out.push({ kind: "unknown field", field: "fuzzUnknown", request: { ...base, body: { ...body, fuzzUnknown: true } } });
    }
    out.push({ kind: "not an object", field: "body", request: { ...base, body: [] } });
    const json = JSON.stringify(base.body ?? {});
    out.push({ kind: "text/plain", field: null, request: { ...base, contentType: "text/plain", rawBody: json } });
    out.push({ kind: "form", field: null, request: { ...base, contentType: "application/x-www-form-urlencoded", rawBody: "a=1" } });
    out.push({
      kind: "malformed JSON",
      field: null,
      request: { ...base, contentType: "application/json", rawBody: `${json.slice(0, -1)},` },
    });
    out.push({
      kind: "too large",
      field: null,
      request: { ...base, contentType: "application/json", rawBody: `{"a":"${"x".repeat(1_100_000)}"}` },
    });
  }
  for (const p of op.parameters ?? []) {
    if (p.in === "query") {
      const q = (v: string) => ({ ...base, query: { ...base.query, [p.name]: v } });
      const field = `query.${p.name}`;
      out.push({ kind: "control character", field, request: q("a\u0000b") });
      if (typesOf(p.schema).some((t) => t === "integer" || t === "number")) {
        out.push({ kind: "2^63", field, request: q(TWO_63) });
        out.push({ kind: "-2^63", field, request: q(MINUS_TWO_63) });
        out.push({ kind: "wrong type", field, request: q("abc") });
        out.push({ kind: "unicode digits", field, request: q("١٢") });
      }
      if (typesOf(p.schema).includes("enum") || variants(p.schema).some((v) => v.format || v.pattern))
        out.push({ kind: "unicode look-alike", field, request: q("ＡＢＣ") });
      const max = variants(p.schema).find((v) => v.maxLength !== undefined)?.maxLength;
      if (max !== undefined) out.push({ kind: "too long", field, request: q("x".repeat(max + 1)) });
      if (p.required) {
        const { [p.name]: _, ...rest } = base.query;
        out.push({ kind: "missing required", field, request: { ...base, query: rest } });
      }
    }
  }
  const segments = pattern.split("/");
  segments.forEach((segment, i) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!name) return;
    const swap = (value: string) => {
      const parts = base.path.split("/");
      parts[i] = encodeURIComponent(value);
      return { ...base, path: parts.join("/") };
    };
    const field = `params.${name}`;
    out.push({ kind: "control character", field, request: swap("a\u0000b") });
    out.push({ kind: "too long path id", field, request: swap("x".repeat(300)) });
    out.push({ kind: "unicode path id", field, request: swap("mbr_żółć😀") });
    out.push({ kind: "2^63 path id", field, request: swap(TWO_63) });
    out.push({ kind: "unknown path id", field, request: swap("zzz_00000000000000000000000000") });
  });
  return out;
}

/** The valid request of a route: the route matrix's call, else one made from the schema. */
function baseRequest(method: string, pattern: string, op: Operation): Request {
  const route = `${method.toUpperCase()} ${pattern.replace(/\{(\w+)\}/g, ":$1")}`;
  const known = bases.get(route)?.call();
  if (known) {
    const url = new URL(known.url, "http://x");
    return {
      method: method.toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: (known.body as Json) ?? (op.requestBody ? validValue(op.requestBody.content?.["application/json"]?.schema) : undefined),
    };
  }
  const query: Record<string, string> = {};
  for (const p of op.parameters ?? []) if (p.in === "query" && p.required) query[p.name] = String(validValue(p.schema));
  return {
    method: method.toUpperCase(),
    path: pattern.replace(/\{(\w+)\}/g, "zzz_00000000000000000000000000"),
    query,
    body: op.requestBody ? validValue(op.requestBody.content?.["application/json"]?.schema) : undefined,
  };
}

async function send(r: Request) {
  const qs = new URLSearchParams(r.query).toString();
  const cookieAuth = auth as { cookie: string; csrf: string };
  const csrf = r.path.startsWith("/api/v1/portal/") ? member.csrf : cookieAuth.csrf;
  const headers: Record<string, string> = { cookie: `${cookieAuth.cookie}; ${member.cookie}`, "x-csrf-token": csrf };
  let payload: string | undefined;
  if (r.rawBody !== undefined) {
    payload = r.rawBody;
    headers["content-type"] = r.contentType ?? "application/json";
  } else if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    headers["content-type"] = "application/json";
  }
  return ctx.app.inject({
    method: r.method as "GET",
    url: `${r.path}${qs ? `?${qs}` : ""}`,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
}

async function rowCounts(): Promise<Map<string, number>> {
  const tables = await ctx.db.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  const names = tables.map((t) => t.name).filter((n) => !WRITTEN_BY_ANY_REQUEST.includes(n));
  const [row] = await ctx.db.query<Record<string, number>>(
    `select ${names.map((n) => `(select count(*)::int from "${n}") as "${n}"`).join(", ")}`,
  );
  return new Map(Object.entries(row ?? {}));
}

function changed(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([t, n]) => before.get(t) !== n).map(([t, n]) => `${t} ${before.get(t)}→${n}`);
}

describe("route fuzz", () => {
  it("answers every mutated request of every route with a 4xx naming the field, never a 5xx, and writes nothing", async () => {
    const next = random(SEED);
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith("/api/v1"))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      // Signing out ends the fuzz's own session; its input (none) has nothing to mutate.
      .filter((r) => !(r.method === "post" && SIGN_OUTS.test(r.path)));
    let before = await rowCounts();
    for (const { path, method, op } of routes) {
      figures.routes++;
      const base = baseRequest(method, path, op);
      const candidates = mutations(base, op, path);
      // Draw PER_ROUTE of the candidates (seeded), so every kind gets its turn across runs.
      const chosen = shuffle(candidates, next).slice(0, PER_ROUTE);
      for (const m of chosen) {
        figures.inputs++;
        const res = await send(m.request);
        figures.byStatus[res.statusCode] = (figures.byStatus[res.statusCode] ?? 0) + 1;
        const where = `seed ${SEED} ${method.toUpperCase()} ${path} [${m.kind}${m.field ? ` ${m.field}` : ""}]`;
        if (res.statusCode >= 500) figures.answers5xx++;
        else if (res.statusCode >= 400) figures.answers4xx++;
        if (res.statusCode < 400 || res.statusCode >= 500) {
          failures.push(`${where} → ${res.statusCode} ${res.body.slice(0, 300)}`);
          continue;
        }
        const error = JSON.parse(res.body).error as { code: string; details: { path: string }[] };
        if (error.code === "validation_failed") {
          if (error.details.length === 0 || error.details.some((d) => !d.path))
            failures.push(`${where} → 400 without a field: ${res.body.slice(0, 300)}`);
          const named =
            m.field !== null &&
            error.details.some(
              (d) => d.path === m.field || d.path.startsWith(`${m.field}.`) || d.path.split(", ").includes(m.field as string),
            );
          if (named) figures.namedField++;
        }
      }
      const after = await rowCounts();
      const writes = changed(before, after);
      if (writes.length > 0) {
        figures.writes += writes.length;
        failures.push(`seed ${SEED} ${method.toUpperCase()} ${path}: rows changed: ${writes.join(", ")}`);
      }
      before = after;
    }
    const line = { ...figures, seed: SEED, database: onPostgres ? "postgres" : "pglite" };
    reportReliability("route-fuzz", line);
    expect(failures).toEqual([]);
    expect(figures.routes).toBeGreaterThan(100);
  }, 180_000);
});
