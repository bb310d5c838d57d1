#!/usr/bin/env node
// `npm test`: every test. Vitest (unit, then integration against the embedded PostgreSQL and,
// when TEST_DATABASE_URL is set, that server too), then Playwright in Chromium against a
// production build. Stops at the first failing stage and exits with its code.
import { spawnSync } from "node:child_process";

const stages = [
  ["typecheck", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["vitest", ["node_modules/vitest/vitest.mjs", "run"]],
  ["playwright", ["node_modules/@playwright/test/cli.js", "test"]],
];
const only = process.argv[2];
for (const [name, args] of stages) {
  if (only && only !== name) continue;
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
