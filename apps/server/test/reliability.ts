import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { onPostgres } from "./harness.js";

const DIR = path.resolve(import.meta.dirname, "../../../test-output/reliability");

/**
 * A figure for docs/RELIABILITY.md: one printed line (`RELIABILITY <name>: {…}`) and
 * test-output/reliability/<name>-<pglite|postgres>.json, which the document's figures are copied from.
 */
export function reportReliability(
  name: string,
  figures: Record<string, unknown>,
  db: "pglite" | "postgres" = onPostgres ? "postgres" : "pglite",
): void {
  console.log(`RELIABILITY ${name}: ${JSON.stringify(figures)}`);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(path.join(DIR, `${name}-${db}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}
