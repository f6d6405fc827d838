import { defineConfig } from "vite";

// One self-contained IIFE file, served by the API server at /widget.js
// (apps/server/src/platform/static-widget.ts): no chunks, no CSS files, no module syntax, so a host
// page can load it with a plain <script async>.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    minify: true,
    sourcemap: false,
    lib: {
      entry: "src/main.ts",
      formats: ["iife"],
      name: "RegularsWidget",
      fileName: () => "widget.js",
    },
  },
});
