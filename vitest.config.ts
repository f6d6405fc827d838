import { defineConfig } from "vitest/config";

// Two projects. "server": API and domain tests, run on PGlite and (DATABASE_URL) on PostgreSQL.
// "browser": the admin UI in Chromium, run once per CI run (on PGlite): it tests the UI, and the
// server lane already covers both databases. Both migrate once per run (test/global-setup.ts).
// The browser project comes first and its files run two at a time like the server's (each file
// has its own app, database and Chromium): a project limited to one file at a time is run after
// all the others, which left one core idle for the browser lane's ten minutes.
const globalSetup = ["apps/server/test/global-setup.ts"];

export default defineConfig({
  test: {
    // Two cores: two files at a time.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "browser",
          include: ["apps/admin/e2e/**/*.test.ts", "apps/portal/e2e/**/*.test.ts", "packages/widget/e2e/**/*.test.ts"],
          globalSetup,
          pool: "forks",
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "server",
          include: ["apps/server/test/**/*.test.ts"],
          globalSetup,
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
