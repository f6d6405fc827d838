/**
 * preview.ts as a script for a test page: the admin imports it through its own Vite build; here
 * Vite bundles it on the fly into an IIFE that puts `mountWidgetPreview` on `window.RegularsPreview`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Rolldown } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function previewScript(): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: false,
      lib: { entry: path.resolve(here, "../src/preview.ts"), formats: ["iife"], name: "RegularsPreview", fileName: () => "preview.js" },
    },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const output = Array.isArray(out) ? out[0]! : out;
  const chunk = output.output.find((o) => o.type === "chunk");
  if (chunk?.type !== "chunk") throw new Error("Vite produced no preview chunk");
  return chunk.code;
}
