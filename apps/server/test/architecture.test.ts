/**
 * The layout rules of ARCHITECTURE.md, checked on the source: small files, dependencies that point
 * one way between module folders, and one way to write SQL.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = path.join(serverDir, "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

const rel = (file: string) => path.relative(serverDir, file);
const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from "([^"]+)"/gms)].map((m) => m[1] as string);
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
