/**
 * The portal's translations: every feature's messages.ts (and the shell's) has the same keys in
 * Polish and English, no empty string, its own namespace; every key the code uses literally
 * (t("a.b")) exists in both. Plural forms count as their base key (Polish has _few and _many,
 * English does not). Runs in the browser project (with the portal's other tests), needs no browser.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { FeatureMessages } from "../src/i18n";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");
const modules = import.meta.glob<FeatureMessages>(["../src/shell/messages.ts", "../src/features/*/messages.ts"], {
  eager: true,
  import: "messages",
});

const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(node: unknown, prefix = ""): [string, unknown][] {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return [[prefix, node]];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const keysOf = (node: unknown) => new Set(leaves(node).map(([k]) => k.replace(PLURAL, "")));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("portal translations", () => {
  const entries = Object.entries(modules);

  it("finds the shell's and the features' messages", () => {
    expect(entries.length).toBeGreaterThanOrEqual(2);
  });

  it.each(entries)("%s has the same keys in pl and en, none empty", (_file, m) => {
    const pl = keysOf(m.pl);
    const en = keysOf(m.en);
    expect(
      [...pl].filter((k) => !en.has(k)),
      "missing in en",
    ).toEqual([]);
    expect(
      [...en].filter((k) => !pl.has(k)),
      "missing in pl",
    ).toEqual([]);
    const empty = [...leaves(m.pl), ...leaves(m.en)].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => k);
    expect(empty, "empty or not text").toEqual([]);
  });

  it("gives every feature its own namespace", () => {
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const [file, m] of entries) {
      for (const ns of new Set([...Object.keys(m.pl), ...Object.keys(m.en)])) {
        const owner = owners.get(ns);
        if (owner) clashes.push(`${ns}: ${owner} and ${file}`);
        owners.set(ns, file);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("has every key the code uses in both languages", () => {
    const pl = new Set(entries.flatMap(([, m]) => [...keysOf(m.pl)]));
    const en = new Set(entries.flatMap(([, m]) => [...keysOf(m.en)]));
    const missing: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const code = readFileSync(file, "utf8");
      for (const match of code.matchAll(/\bt\(\s*["'`]([A-Za-z0-9_.]+)["'`]/g)) {
        const key = match[1]!;
        if (!pl.has(key)) missing.push(`pl: ${key} (${path.relative(SRC, file)})`);
        if (!en.has(key)) missing.push(`en: ${key} (${path.relative(SRC, file)})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
