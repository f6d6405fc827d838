/**
 * The layout rules of ARCHITECTURE.md, checked on the source: small files, dependencies that point
 * one way between module folders, and one way to write SQL.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = path.join(serverDir, "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

const rel = (file: string) => path.relative(serverDir, file);
const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from "([^"]+)"/gms)].map((m) => m[1] as string);
const moduleOf = (file: string) => /modules\/([^/]+)\//.exec(path.relative(srcDir, file).split(path.sep).join("/"))?.[1];

describe("layout", () => {
  it("has no hand-written server file over 500 lines", () => {
    const long = [...tsFiles(srcDir), ...tsFiles(path.join(serverDir, "test"))]
      .map((f) => ({ file: rel(f), lines: readFileSync(f, "utf8").split("\n").length }))
      .filter((f) => f.lines > 500);
    expect(long).toEqual([]);
  });

  it("has no import cycle between module folders, and platform/ imports no module", () => {
    const edges = new Map<string, Set<string>>();
    const platformImports: string[] = [];
    for (const file of tsFiles(srcDir)) {
      const from = moduleOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const to = moduleOf(path.resolve(path.dirname(file), spec));
        if (!from && to && rel(file).startsWith("src/platform/")) platformImports.push(`${rel(file)} -> ${spec}`);
        if (from && to && from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(platformImports).toEqual([]);
    // Depth-first search; a back edge closes a cycle, reported as the path around it.
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (node: string, trail: string[]) => {
      state.set(node, "open");
      for (const next of edges.get(node) ?? []) {
        if (state.get(next) === "open") cycles.push([...trail.slice(trail.indexOf(next)), node, next].join(" -> "));
        else if (!state.has(next)) visit(next, [...trail, node]);
      }
      state.set(node, "done");
    };
    for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it("writes and reads a table only in its owner module, but for the listed exceptions", () => {
    // Every table of the migrations -> the module folder whose code writes it (and reads it for others).
    const owners: Record<string, string> = {
      companies: "companies",
      ...Object.fromEntries(["staff_accounts", "memberships", "sessions", "login_attempts"].map((t) => [t, "auth"])),
      staff_invitations: "staff",
      ...Object.fromEntries(
        ["member_credentials", "member_sessions", "member_signups", "member_auth_codes", "member_auth_attempts"].map((t) => [
          t,
          "member-auth",
        ]),
      ),
      portal_settings: "portal-settings",
      widget_settings: "widget",
      api_keys: "api-keys",
      audit_log: "audit", // written through platform/audit.ts in the writer's transaction
      ...Object.fromEntries(["events", "event_consumers", "event_consumptions"].map((t) => [t, "platform"])),
      rate_limit_hits: "platform", // platform/rate-limit.ts: the API limits' shared counts
      media: "media",
      locations: "locations",
      members: "members",
      member_settings: "members",
      custom_field_definitions: "custom-fields",
      ...Object.fromEntries(["consent_definitions", "consent_versions", "member_consent_events"].map((t) => [t, "consents"])),
      programs: "programs",
      tiers: "tiers",
      tier_changes: "tiers",
      earning_rules: "rules",
      rule_awards: "rules",
      ...Object.fromEntries(["enrollments", "ledger_entries", "point_lots", "lot_allocations"].map((t) => [t, "ledger"])),
      purchases: "purchases",
      purchase_returns: "purchases",
      referrals: "referrals",
      ...Object.fromEntries(["rewards", "reward_location_stock", "reward_stock_movements"].map((t) => [t, "rewards"])),
      voucher_pools: "vouchers",
      voucher_codes: "vouchers",
      redemptions: "redemptions",
      message_settings: "messaging",
      message_deliveries: "messaging",
      message_templates: "templates",
      program_notifications: "notifications",
      campaigns: "campaigns",
      portal_pages: "portal-settings",
      privacy_requests: "privacy",
      push_vapid_keys: "push",
      push_subscriptions: "push",
      automation_scenarios: "automation",
      automation_runs: "automation",
      webhook_endpoints: "webhooks",
      webhook_deliveries: "webhooks",
      shop_connections: "connectors",
      shop_connection_routes: "connectors",
      shop_deliveries: "connectors",
    };
    // Statements that must name another module's table themselves (ARCHITECTURE.md says why).
    const birthdays = "the birthday job finds due members in one set-based query over enrollments, members, programs, rules, time zones";
    const allowed: { module: string; table: string; reason: string }[] = [
      { module: "campaigns", table: "members", reason: "a campaign's audience is one query (count and recipients of a million members)" },
      { module: "campaigns", table: "enrollments", reason: "the audience's program and tier filter, in the same query" },
      { module: "ledger", table: "programs", reason: "the balance read (hot path) names the program in the same statement" },
      { module: "ledger", table: "tiers", reason: "the balance read (hot path) names the tier in the same statement" },
      { module: "auth", table: "companies", reason: "the session's company list shows names; auth stands below companies" },
      { module: "points", table: "enrollments", reason: birthdays },
      { module: "points", table: "members", reason: birthdays },
      { module: "points", table: "programs", reason: birthdays },
      { module: "points", table: "earning_rules", reason: birthdays },
      { module: "points", table: "companies", reason: birthdays },
      {
        module: "tiers",
        table: "enrollments",
        reason: "tiers write the tier columns of enrollments; the scheduled job reads and writes them set-based",
      },
      {
        module: "tiers",
        table: "ledger_entries",
        reason: "the scheduled job sums a chunk's entries in its statement (the ledger's QUALIFYING_ fragments)",
      },
      {
        module: "member-auth",
        table: "members",
        reason: "every portal request's session read checks, in the same statement, that the member is active and not erased",
      },
      {
        module: "portal-settings",
        table: "companies",
        reason: "every portal request finds its company by slug or own domain with the portal switch, in one statement",
      },
    ];
    const migrations = path.join(serverDir, "migrations");
    const tables = readdirSync(migrations).flatMap((f) =>
      [...readFileSync(path.join(migrations, f), "utf8").matchAll(/create table (?:if not exists )?(\w+)/gi)].map((m) => m[1] as string),
    );
    expect(tables.filter((t) => !owners[t])).toEqual([]);
    const folders = new Set(readdirSync(path.join(srcDir, "modules")));
    expect(Object.values(owners).filter((o) => o !== "platform" && !folders.has(o))).toEqual([]);

    // The SQL of a source file, read with the TypeScript parser: its template literals (nested
    // ones too, each placeholder as "?") and the strings given to raw().
    const sqlTexts = (file: string): string[] => {
      const texts: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isNoSubstitutionTemplateLiteral(node)) texts.push(node.text);
        else if (ts.isTemplateExpression(node)) texts.push([node.head.text, ...node.templateSpans.map((t) => t.literal.text)].join(" ? "));
        else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "raw") {
          const [arg] = node.arguments;
          if (arg && ts.isStringLiteral(arg)) texts.push(arg.text);
        }
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest));
      return texts;
    };

    const found = new Set<string>();
    const foreign: string[] = [];
    for (const file of tsFiles(path.join(srcDir, "modules"))) {
      const module = moduleOf(file) as string;
      for (const text of sqlTexts(file)) {
        const statement = text.replace(/--[^\n]*/g, "");
        for (const m of statement.matchAll(/\b(insert\s+into|update|delete\s+from|from|join)\s+(\w+)/gi)) {
          const table = (m[2] as string).toLowerCase();
          const owner = owners[table];
          if (!owner || owner === module) continue;
          const exception = allowed.find((a) => a.module === module && a.table === table);
          if (exception) found.add(`${module}/${table}`);
          else foreign.push(`${rel(file)}: ${(m[1] as string).toLowerCase()} ${table} (owner: ${owner})`);
        }
      }
    }
    expect([...new Set(foreign)]).toEqual([]);
    // An exception that no longer happens is taken off the list.
    expect(allowed.map((a) => `${a.module}/${a.table}`).filter((a) => !found.has(a))).toEqual([]);
  });

  it("writes SQL with the sql template: no hand-numbered $n parameters in the application", () => {
    // platform/db*.ts passes text through to the drivers; the job queue (pg-boss) hands us its own SQL.
    const exempt = /^src\/platform\/(db[^/]*|jobs)\.ts$/;
    const numbered = tsFiles(srcDir)
      .filter((f) => !exempt.test(rel(f).split(path.sep).join("/")))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ at: `${rel(f)}:${i + 1}`, line }))
          .filter(({ line }) => /\$\d/.test(line) && !/^\s*(\/\/|\*)/.test(line)),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(numbered).toEqual([]);
  });
});
