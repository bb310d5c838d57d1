import path from "node:path";
import { defineConfig } from "vitest/config";

// unit: pure logic. integration: everything that touches the database, run once against the
// embedded PostgreSQL (always) and once against TEST_DATABASE_URL's server (when set; CI sets it
// to the machine's PostgreSQL 15). Each test file gets a fresh database of its own.

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "tests/setup/server-only.ts"),
    },
  },
};

const integration = (name: string, globalSetup: string) => ({
  ...shared,
  test: {
    name,
    include: ["tests/integration/**/*.test.ts"],
    globalSetup: [globalSetup],
    setupFiles: ["tests/setup/per-file-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      // Some unit tests start Node processes (the launcher's lock and secrets): slow on a busy machine.
      { ...shared, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 20_000 } },
      integration("integration:embedded", "tests/setup/embedded-postgres.ts"),
      ...(process.env.TEST_DATABASE_URL ? [integration("integration:system-pg", "tests/setup/system-postgres.ts")] : []),
    ],
  },
});
