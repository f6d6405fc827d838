/**
 * The portal's first screen must load at most 150 KB of JavaScript, gzipped (issue 21: phone
 * first). Counts the entry chunk and everything it imports statically (Vite's manifest.json),
 * prints the figure and fails the build over the budget. Lazy screens are not counted: they load
 * when opened.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_BYTES = 150 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

/** The files the entry loads before the first screen: the entry and its static imports, transitively. */
export function firstScreenFiles(manifest: Record<string, ManifestChunk>): string[] {
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry && c.file.endsWith(".js"));
  if (entries.length !== 1) throw new Error(`expected one JS entry in the manifest, found ${entries.length}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  visit(entries[0]![0]);
  return [...seen].map((key) => manifest[key]!.file);
}

function main(): void {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
  const manifest = JSON.parse(readFileSync(path.join(dist, ".vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const files = firstScreenFiles(manifest);
  let total = 0;
  for (const file of files) {
    const gz = gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
    total += gz;
    console.log(`  ${file}: ${(gz / 1024).toFixed(1)} KB gzipped`);
  }
  const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
  console.log(
    `Portal first screen JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${verdict} the budget of ${BUDGET_BYTES / 1024} KB)`,
  );
  if (total > BUDGET_BYTES) process.exit(1);
}

main();
