/**
 * Every action the server can write to the audit log, and every object type, has a label in both
 * languages: the log shows "Zakup zarejestrowany" / "Purchase recorded", never only
 * "purchase.recorded". The actions are read from the server's source (recordAudit / auditWrite).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en, pl } from "../src/i18n/resources";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "../src/screens/settings/audit-labels";

const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../server/src");

/**
 * Actions built from a template: the values the `${…}` can take. A new dynamic action fails the
 * test until it is listed here (and labelled).
 */
const TEMPLATES: Record<string, string[]> = {
  // rewards.service.ts, moveStock: kind "delivery" | "correction"
  "reward.stock_${opts.kind}": ["reward.stock_delivery", "reward.stock_correction"],
  // redemptions.service.ts, fulfilRedemption: method "collected" | "shipped"
  "redemption.${opts.method}": ["redemption.collected", "redemption.shipped"],
};

/** Files that write audit entries (the audit module and platform only read or define them). */
function auditWriters(): string[] {
  return readdirSync(SERVER_SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.endsWith(path.join("platform", "audit.ts")))
    .filter((f) => /\b(recordAudit|auditWrite)\(/.test(readFileSync(f, "utf8")));
}

export function serverAudit(): { actions: string[]; entities: string[]; unknown: string[] } {
  const actions = new Set<string>();
  const entities = new Set<string>();
  const unknown: string[] = [];
  for (const file of auditWriters()) {
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/\baction:\s*([^\n]+)/g)) {
      const value = m[1] as string;
      const literals = [...value.matchAll(/"([a-z_]+\.[a-z_]+)"/g)].map((x) => x[1] as string);
      const templates = [...value.matchAll(/`([^`]+)`/g)].map((x) => x[1] as string);
      for (const tpl of templates) {
        const expanded = TEMPLATES[tpl];
        if (expanded) for (const a of expanded) actions.add(a);
        else unknown.push(`${path.relative(SERVER_SRC, file)}: \`${tpl}\``);
      }
      if (literals.length === 0 && templates.length === 0) unknown.push(`${path.relative(SERVER_SRC, file)}: action: ${value.trim()}`);
      for (const a of literals) actions.add(a);
    }
    for (const m of code.matchAll(/\bentityType:\s*"([a-z_]+)"/g)) entities.add(m[1] as string);
  }
  return { actions: [...actions].sort(), entities: [...entities].sort(), unknown };
}

function lookup(strings: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
}

describe("audit log labels", () => {
  const server = serverAudit();

  it("finds the server's actions, each written as a literal or a listed template", () => {
    expect(server.unknown).toEqual([]);
    expect(server.actions.length).toBeGreaterThan(40);
    expect(server.actions).toContain("purchase.recorded");
    expect(server.actions).toContain("member.blocked");
    expect(server.actions).toContain("reward.stock_delivery");
  });

  it("lists every action and object type the server writes in the admin", () => {
    expect(server.actions.filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect(server.entities.filter((e) => !(AUDIT_ENTITIES as readonly string[]).includes(e))).toEqual([]);
  });

  it("names every action and object type in Polish and English, not by its code", () => {
    const missing: string[] = [];
    for (const [lang, strings] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      for (const a of AUDIT_ACTIONS) {
        const label = lookup(strings, `audit.actions.${a}`);
        if (typeof label !== "string" || !label.trim() || label.includes(".") || label === a) missing.push(`${lang}: ${a}`);
      }
      for (const e of AUDIT_ENTITIES) {
        const label = lookup(strings, `audit.entities.${e}`);
        if (typeof label !== "string" || !label.trim() || label.includes("_")) missing.push(`${lang}: entity ${e}`);
      }
    }
    expect(missing).toEqual([]);
    // The two languages differ where they should (not an English copy in pl).
    expect(lookup(pl, "audit.actions.purchase.recorded")).toBe("Zakup zarejestrowany");
    expect(lookup(en, "audit.actions.purchase.recorded")).toBe("Purchase recorded");
  });
});
