import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEMO_STAFF, DEMO_USERS } from "@/lib/db/seed";
import { createScratchDatabase, dropScratchDatabases, withClient } from "../helpers/databases";

// scripts/db-setup.ts, as the launcher runs it before the app starts: it always migrates, and
// seeds the demo accounts only in demo mode (the launcher's embedded database passes --demo) or
// with SEED_DEMO=1. A production database named by DATABASE_URL never gets users of its own.

const ROOT = process.cwd();

afterAll(dropScratchDatabases);

type Run = { code: number | null; stdout: string; stderr: string };

function dbSetup(databaseUrl: string, env: Record<string, string> = {}, args: string[] = []): Promise<Run> {
  const base = { ...process.env };
  delete base.SEED_DEMO;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/db-setup.ts"), ...args], {
      cwd: ROOT,
      env: { ...base, DATABASE_URL: databaseUrl, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const counts = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ accounts: number; users: number; sessions: number }>(
      "SELECT (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM sessions) AS sessions",
    );
    return rows[0]!;
  });

describe(`database setup on ${inject("databaseLabel")}`, () => {
  it("with DATABASE_URL and no SEED_DEMO: migrates and creates nobody, and says how to create the first account", async () => {
    const url = await createScratchDatabase();
    const run = await dbSetup(url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/applied migrations: 20261126180000_init/);
    expect(run.stdout).toContain("npm run admin -- create-account");
    expect(run.stdout).not.toContain("seeded");
    expect(await counts(url)).toEqual({ accounts: 0, users: 0, sessions: 0 });

    // SEED_DEMO=0 is the same; and a second start still seeds nothing.
    const again = await dbSetup(url, { SEED_DEMO: "0" });
    expect(again.code).toBe(0);
    expect(await counts(url)).toEqual({ accounts: 0, users: 0, sessions: 0 });
  }, 60_000);

  it("with SEED_DEMO=1: seeds the demo accounts into the empty database, once", async () => {
    const url = await createScratchDatabase();
    const run = await dbSetup(url, { SEED_DEMO: "1" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("seeded the demo account");
    const emails = await withClient(url, async (c) => (await c.query<{ email: string }>("SELECT email FROM users ORDER BY email")).rows.map((r) => r.email));
    expect(emails).toEqual([...DEMO_USERS, DEMO_STAFF].map((u) => u.email).sort());
    const seeded = await counts(url);
    expect(seeded.sessions).toBeGreaterThan(0);

    const again = await dbSetup(url, { SEED_DEMO: "1" });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("seeded");
    expect(await counts(url)).toEqual(seeded);
  }, 90_000);

  it("in demo mode (the launcher's --demo for its embedded database): seeds the demo accounts", async () => {
    const url = await createScratchDatabase();
    const run = await dbSetup(url, {}, ["--demo"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("seeded the demo account");
    expect((await counts(url)).users).toBe([...DEMO_USERS, DEMO_STAFF].length);
  }, 90_000);

  it("never seeds a database that already has an account, whatever the mode", async () => {
    const url = await createScratchDatabase();
    expect((await dbSetup(url)).code).toBe(0);
    await withClient(url, (c) => c.query("INSERT INTO accounts (id, name) VALUES ('acct_real', 'A real customer')"));
    const run = await dbSetup(url, { SEED_DEMO: "1" }, ["--demo"]);
    expect(run.code).toBe(0);
    expect(await counts(url)).toEqual({ accounts: 1, users: 0, sessions: 0 });
  }, 60_000);
});
