// Playwright's web server: one fresh PostgreSQL and two app instances on it, as production runs
// them (the launcher, next build, the gate), so a test can end a session through instance A and
// watch instance B refuse it. The database is the embedded server unless E2E_DATABASE_URL is set.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs";
import { E2E, E2E_STATE_FILE } from "./env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (message) => console.log(`[e2e] ${message}`);

let database = null;
let adminUrl = process.env.E2E_DATABASE_URL;
if (!adminUrl) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-e2e-"));
  database = await startEmbeddedPostgres({ dataDir, password: "e2e", port: 0, fresh: true, fsync: false, log });
  adminUrl = database.adminUrl;
  database.cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  // embedded-postgres's own SIGTERM hook stops the server and exits, often before stop() below
  // gets this far, so the folder goes on exit whichever way that comes.
  process.on("exit", database.cleanup);
}
const dbName = `bb_e2e_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
writeFileSync(E2E_STATE_FILE, JSON.stringify({ databaseUrl: url.toString(), pid: process.pid }), { mode: 0o600 });
log(`database ${dbName} on ${database ? `embedded PostgreSQL ${database.version}` : "E2E_DATABASE_URL"}`);

const children = [];
function startInstance(port) {
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...E2E.env, DATABASE_URL: url.toString(), PORT: String(port) },
  });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping) {
      log(`instance on port ${port} exited with ${code}`);
      void stop(1);
    }
  });
}

async function healthy(port, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`instance on port ${port} did not become healthy`);
}

let stopping = false;
async function stop(code) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  rmSync(E2E_STATE_FILE, { force: true });
  await new Promise((r) => setTimeout(r, 500));
  if (database) {
    await database.stop().catch(() => {});
    database.cleanup();
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stop(0));

// B first (it builds when needed and migrates), then A, whose health is what Playwright waits for.
startInstance(E2E.portB);
await healthy(E2E.portB);
startInstance(E2E.portA);
await healthy(E2E.portA);
log("both instances are up");
