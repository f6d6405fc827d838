/**
 * The admin's layout rules (ARCHITECTURE.md, "The admin panel"): feature folders that do not
 * import each other, navigation imported only from the top, small files, query keys from the
 * factories, one date picker. Static: reads the source, no browser.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

const SOURCES = files(SRC).map((file) => ({ file: path.relative(SRC, file), code: readFileSync(file, "utf8") }));

/** The src-relative files a source imports (relative imports only). */
function importsOf(file: string, code: string): string[] {
  return [...code.matchAll(/(?:from|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) =>
    path.normalize(path.join(path.dirname(file), m[1] ?? "")),
  );
}

const TOP = ["App.tsx", "navigation.tsx", "main.tsx"];
const featureOf = (file: string) => /^screens\/([^/]+)\//.exec(file)?.[1];

describe("admin layout", () => {
  it("no feature folder imports another feature folder", () => {
    const crossings = SOURCES.flatMap(({ file, code }) => {
      const own = featureOf(file);
      if (!own) return [];
      return importsOf(file, code)
        .filter((target) => featureOf(`${target}/`) !== undefined && featureOf(`${target}/`) !== own)
        .map((target) => `${file} -> ${target}`);
    });
    expect(crossings).toEqual([]);
  });

  it("shared code (components, api) imports no screen, and only App imports the navigation", () => {
    const wrong = SOURCES.flatMap(({ file, code }) =>
      importsOf(file, code)
        .filter(
          (target) =>
            (target === "navigation" && file !== "App.tsx") ||
            (target.startsWith("screens/") && !file.startsWith("screens/") && !TOP.includes(file)),
        )
        .map((target) => `${file} -> ${target}`),
    );
    expect(wrong).toEqual([]);
  });

  it("no source file is longer than 500 lines", () => {
    const long = SOURCES.filter(({ code }) => code.split("\n").length > 500).map(({ file, code }) => `${file}: ${code.split("\n").length}`);
    expect(long).toEqual([]);
  });

  it("query keys come from the factories in api/query-keys.ts", () => {
    const handWritten = SOURCES.filter(({ file }) => file !== "api/query-keys.ts").flatMap(({ file, code }) =>
      [...code.matchAll(/queryKey:\s*\[\s*["'`]/g)].map((m) => `${file}: ${code.slice(m.index, m.index + 40)}`),
    );
    expect(handWritten).toEqual([]);
  });

  it("dates are picked with the one localised picker (components/DateFields.tsx)", () => {
    const native = SOURCES.filter(({ code }) => /type=["'](date|datetime-local)["']/.test(code)).map(({ file }) => file);
    const direct = SOURCES.filter(({ file, code }) => file !== "components/DateFields.tsx" && /from "@mantine\/dates"/.test(code))
      .filter(({ file }) => file !== "components/LocalizedDates.tsx")
      .map(({ file }) => file);
    expect([...native, ...direct]).toEqual([]);
  });
});
