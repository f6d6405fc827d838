import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the API server at /admin/ (apps/server/src/platform/static-admin.ts).
export default defineConfig({
  base: "/admin/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: { "/api": "http://localhost:3222" },
  },
});
