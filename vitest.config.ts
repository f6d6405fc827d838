import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Two projects. "server": API and domain tests, run on PGlite and (DATABASE_URL) on PostgreSQL.
// "browser": the admin UI in Chromium, run once per CI run (on PGlite): it tests the UI, and the
// server lane already covers both databases. Both migrate once per run (test/global-setup.ts).
// The browser project comes first and its files run two at a time like the server's (each file
// has its own app, database and Chromium): a project limited to one file at a time is run after
// all the others, which left one core idle for the browser lane's ten minutes.
const globalSetup = ["apps/server/test/global-setup.ts"];

// Files that start real `regulars` processes take a minute or more but are small, and a clean
// clone has no timings, so Vitest (larger files first) ran them last: shutdown.test.ts alone kept
// one core busy for the last 25 s of the PGlite lane while the other idled (CI of issue 22).
// Within each project they start first, beside the quick files.
const SLOW_FIRST = ["shutdown.test.ts", "restart-cli.test.ts", "backup.test.ts", "crash.test.ts", "every-screen.test.ts"];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const order = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    // Projects stay in Vitest's order (contiguous); only the order inside each project changes.
    return order
      .map((file, index) => ({ file, index }))
      .sort((a, b) => (a.file.project.name !== b.file.project.name ? a.index - b.index : rank(a.file) - rank(b.file) || a.index - b.index))
      .map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    // Two cores: two files at a time.
    maxWorkers: 2,
    sequence: { sequencer: SlowFilesFirst },
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
