/**
 * Every translation key exists in both pl.json and en.json, and every key the code uses
 * (t("…"), labelKey: "…", and the dynamic families roles.*, permissions.*, weekdays.*) exists in both.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import openapi from "@regulars/sdk/openapi.json";
import { describe, expect, it } from "vitest";
import { en, pl } from "../src/i18n/resources";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

export function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(tsx?|jsx?)$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Keys written literally in the code. */
export function usedKeys(code: string): string[] {
  const keys = new Set<string>();
  const patterns = [
    /\bt\(\s*["'`]([A-Za-z0-9_.]+)["'`]/g, // t("a.b")
    /\b(?:labelKey|titleKey)\s*:\s*["']([A-Za-z0-9_.]+)["']/g, // navigation config
    /["']((?:validation|errors|serverErrors|fieldErrors|fields)\.[A-Za-z0-9_]+)["']/g, // message maps
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1]) keys.add(m[1]);
  return [...keys];
}

const enKeys = new Set(leafKeys(en));
const plKeys = new Set(leafKeys(pl));

describe("translations", () => {
  it("pl.json and en.json have the same keys", () => {
    expect(
      [...enKeys].filter((k) => !plKeys.has(k)),
      "missing in pl.json",
    ).toEqual([]);
    expect(
      [...plKeys].filter((k) => !enKeys.has(k)),
      "missing in en.json",
    ).toEqual([]);
  });

  it("no translation is empty", () => {
    const empty = (o: unknown, lang: string) =>
      leafKeys(o)
        .filter((k) => {
          const v = k.split(".").reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], o);
          return typeof v !== "string" || v.trim() === "";
        })
        .map((k) => `${lang}:${k}`);
    expect([...empty(en, "en"), ...empty(pl, "pl")]).toEqual([]);
  });

  it("every key used in the code exists in both languages", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    let count = 0;
    for (const file of files) {
      const code = readFileSync(file, "utf8");
      const keys = usedKeys(code);
      for (const key of keys) {
        count++;
        for (const [lang, set] of [
          ["pl", plKeys],
          ["en", enKeys],
        ] as const) {
          if (!set.has(key)) missing.push(`${lang}: ${key} (${path.relative(SRC, file)})`);
        }
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("every role, permission and weekday of the API has a name in both languages", () => {
    const schemas = openapi.components.schemas as Record<
      string,
      { properties?: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }
    >;
    const staff = schemas.StaffMember?.properties ?? {};
    const roles = staff.role?.enum ?? [];
    const permissions = staff.permissions?.items?.enum ?? [];
    expect(roles.length).toBeGreaterThan(3);
    expect(permissions.length).toBeGreaterThan(5);
    const needed = [
      ...roles.map((r) => `roles.${r}`),
      ...permissions.map((p) => `permissions.${p}`),
      ...["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap((d) => [`weekdays.${d}`, `weekdays.short.${d}`]),
      ...["staff", "api_key", "system"].map((a) => `audit.actorTypes.${a}`),
    ];
    const missing = needed.flatMap((k) => [enKeys.has(k) ? [] : [`en: ${k}`], plKeys.has(k) ? [] : [`pl: ${k}`]].flat());
    expect(missing).toEqual([]);
  });

  it("the checker itself notices a missing key", () => {
    const code = 'const a = t("locations.title"); const b = t("locations.doesNotExist"); const n = { labelKey: "nav.nope" };';
    const keys = usedKeys(code);
    expect(keys).toEqual(expect.arrayContaining(["locations.title", "locations.doesNotExist", "nav.nope"]));
    expect(keys.filter((k) => !enKeys.has(k))).toEqual(["locations.doesNotExist", "nav.nope"]);
    const partial = { a: { b: "x", c: "y" } };
    expect(leafKeys(partial)).toEqual(["a.b", "a.c"]);
  });
});
