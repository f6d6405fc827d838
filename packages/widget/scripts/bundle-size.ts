/**
 * widget.js must stay at most 20 KB gzipped (issue 22: it loads on every page of the company's
 * site). Prints the figure and fails the build over the budget.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_BYTES = 20 * 1024;

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/widget.js");
const raw = readFileSync(file);
const gzipped = gzipSync(raw, { level: 9 }).length;
const verdict = gzipped <= BUDGET_BYTES ? "within" : "OVER";
console.log(
  `widget.js: ${(gzipped / 1024).toFixed(1)} KB gzipped, ${(raw.length / 1024).toFixed(1)} KB raw (${verdict} the budget of ${BUDGET_BYTES / 1024} KB gzipped)`,
);
if (gzipped > BUDGET_BYTES) process.exit(1);
