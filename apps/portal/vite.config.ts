import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// Served by the API server at /p/_app/ on every host (apps/server/src/platform/static-portal.ts);
// the pages themselves are /p/<slug>/… or an own domain's /…, with index.html served per company.
export default defineConfig({
  base: "/p/_app/",
  plugins: [
    react(),
    VitePWA({
      // The server serves a manifest per company (<base>manifest.webmanifest) and the worker per
      // company at <base>sw.js (scope <base>); the app registers it itself (shell/service-worker.ts).
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "sw.ts",
      manifest: false,
      injectRegister: false,
      injectManifest: {
        // The shell and every lazy screen: a screen opened offline for the first time still loads.
        globPatterns: ["**/*.{js,css,svg,png,woff2}"],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  build: { outDir: "dist", emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5174,
    proxy: { "/api": "http://localhost:3222" },
  },
});
