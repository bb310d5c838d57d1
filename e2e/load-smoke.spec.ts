import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E, E2E_STATE_FILE } from "./env.mjs";

// `npm run load` (bench/load.mjs), run for a few seconds against the two e2e instances, so the
// tool cannot rot between the times someone runs it for real.
test("npm run load: a short run against instances A and B ends 0 / 0 / 0 / 0", () => {
  test.setTimeout(120_000);
  const { databaseUrl } = JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as { databaseUrl: string };
  const targets = [E2E.portA, E2E.portB].map((port) => `http://localhost:${port}`).join(",");
  const run = spawnSync(process.execPath, ["bench/load.mjs", "--clients", "4", "--duration", "4", "--seed", "7", "--targets", targets, "--database-url", databaseUrl], {
    encoding: "utf8",
    timeout: 100_000,
  });
  console.log(run.stdout);
  expect(run.stderr).toBe("");
  expect(run.stdout).toMatch(/\[load\] PASS: 0 \/ 0 \/ 0 \/ 0 .*; seed 7/);
  expect(run.stdout).toMatch(/accepted after ended\s+0 \(of [1-9]\d* probes/);
  expect(run.status).toBe(0);
});
