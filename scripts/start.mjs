#!/usr/bin/env node
// `npm start`: the whole app from a fresh clone with nothing configured. Without DATABASE_URL it
// starts an embedded PostgreSQL (data in .data/, kept across restarts); then it migrates, seeds
// an empty database, builds when the sources are newer than the build, and serves on PORT.
// `npm run dev` does the same with Next's dev server. Ctrl-C stops the app and the database.
// One launcher per data folder: a second one says what runs and exits; after a crash, the next one
// clears what the last one left (its lock, its PostgreSQL) and starts.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isInitialised, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { acquireInstanceLock, AlreadyRunning } from "./launcher/instance-lock.mjs";
import { serverProcessSettings } from "./launcher/memory.mjs";
import { listenErrorMessage, portProblem } from "./launcher/port.mjs";
import { persistedSecret, SecretFileError } from "./launcher/secrets.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const dataDir = path.resolve(root, process.env.DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const log = (message) => console.log(`[start] ${message}`);

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

// Stopping, whatever asks for it: the server first, then the database, then exit with `code`.
// Asked again while under way (a startup step failing meanwhile), it never returns: the first
// stop ends the process.
let server = null;
let database = null;
let databaseStarting = null;
let stopping = false;
async function stop(code) {
  if (stopping) return new Promise(() => {});
  stopping = true;
  try {
    await server?.close();
  } catch {}
  try {
    await (database ?? (await databaseStarting?.catch(() => null)))?.stop();
  } catch {}
  process.exit(code);
}
// Ctrl-C, `kill`, a closed terminal. The embedded-postgres package hooks these signals itself
// (async-exit-hook, on import) to stop its databases and exit with 128 + the signal's number: that
// raced this stop, so the database could go while the server still served and the exit code was
// whichever finished first. Its hooks on these signals are taken off; the launcher's stop does it
// in order.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.removeAllListeners(signal);
  process.once(signal, () => stop(0));
}

if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}".`);
mkdirSync(dataDir, { recursive: true });

const embedded = !process.env.DATABASE_URL;
if (embedded) {
  try {
    const { stale } = acquireInstanceLock(dataDir, { port, url: `http://localhost:${port}` });
    if (stale) log(`the previous launcher (pid ${stale.pid}) is gone; taking over ${dataDir}`);
  } catch (error) {
    if (error instanceof AlreadyRunning) fail(error.message);
    throw error;
  }
}
const portTaken = await portProblem(port, process.env.HOST);
if (portTaken) fail(portTaken);

/** A secret kept in the data folder: created once, never overwritten. */
function secret(name, options) {
  try {
    return persistedSecret(path.join(dataDir, name), options);
  } catch (error) {
    if (error instanceof SecretFileError) fail(error.message);
    throw error;
  }
}
const authSecret = () =>
  secret("auth-secret", { bytes: 48, damaged: "Restore it from a backup, or delete it to have a new one made (everyone will have to sign in again)." });

if (embedded) {
  const lostPassword = `The embedded database in ${path.join(dataDir, "postgres")} was created with it: restore it from a backup (or, if that database is disposable, delete that folder and this file to start afresh).`;
  const password = secret("postgres-password", { bytes: 24, create: !isInitialised(dataDir), damaged: lostPassword, missing: lostPassword });
  if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) process.env.AUTH_SECRET = authSecret();
  try {
    databaseStarting = startEmbeddedPostgres({ dataDir, password, log });
    database = await databaseStarting;
  } catch (error) {
    fail(error instanceof Error ? error.message : `the embedded PostgreSQL did not start: ${error}`);
  }
  process.env.DATABASE_URL = database.url;
  log(`embedded PostgreSQL ${database.version} on port ${database.port} (data in ${database.dir})`);
} else if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) {
  if (!dev) fail("AUTH_SECRET is required when DATABASE_URL is set (at least 32 random characters).");
  process.env.AUTH_SECRET = authSecret();
}

if (!database && !process.env.AUTH_URL && !process.env.NEXTAUTH_URL && !dev) {
  log("warning: AUTH_URL is not set, so cookies are not marked Secure. Behind HTTPS set AUTH_URL=https://your.host.");
}

// next-auth: a configured public URL wins; otherwise the Host header, which scripts/server.mjs
// makes trustworthy by dropping client-sent X-Forwarded-Host/-Proto unless proxies are trusted.
if (process.env.AUTH_URL && !process.env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = process.env.AUTH_URL;
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";

const nodeArgs = ["--conditions=react-server", "--import", "tsx"];
// Demo data only in demo mode (the embedded database); with DATABASE_URL only if SEED_DEMO=1.
const setupArgs = [path.join(root, "scripts/db-setup.ts"), ...(database ? ["--demo"] : [])];
const setup = spawnSync(process.execPath, [...nodeArgs, ...setupArgs], { cwd: root, stdio: "inherit", env: process.env });
if (setup.status !== 0) {
  console.error("[start] database setup failed");
  await stop(1);
}

function newestSource() {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const entry of readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ["app", "components", "lib", "public", "proxy.ts", "next.config.ts", "postcss.config.mjs", "package.json", "package-lock.json"]) visit(path.join(root, p));
  return newest;
}

if (!dev) {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSource() || process.env.FORCE_BUILD) {
    log("building the app (next build)…");
    const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) {
      console.error("[start] build failed");
      await stop(1);
    }
  }
  process.env.NODE_ENV = "production";
}

const trustProxyHops = Number(process.env.TRUST_PROXY_HOPS ?? 0);
try {
  server = dev ? await serveHere() : await serveInChild();
} catch (error) {
  console.error(`[start] ${listenErrorMessage(port, error)}`);
  await stop(1);
}
log(`ready on http://localhost:${port}`);
if (database) log("demo sign-in: owner@example.com / buddha-demo-2026 (also billing@, member@)");

/** Next's dev server, in this process. */
async function serveHere() {
  const { startServer } = await import("./server.mjs");
  return startServer({ dir: root, dev: true, port, hostname: process.env.HOST, trustProxyHops });
}

/**
 * The production server in a process of its own (scripts/serve.mjs), started with the memory
 * settings only a new process can have (scripts/launcher/memory.mjs). This process keeps the lock
 * and the database; if the server exits by itself, so does the launcher, with its code.
 */
async function serveInChild() {
  let settings;
  try {
    settings = serverProcessSettings(process.env);
  } catch (error) {
    fail(error.message);
  }
  const child = spawn(process.execPath, [...settings.execArgv, path.join(root, "scripts/serve.mjs")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...settings.env, BB_SERVE: JSON.stringify({ dir: root, port, hostname: process.env.HOST, trustProxyHops }) },
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const outcome = await Promise.race([
    new Promise((resolve) => child.once("message", resolve)),
    exited.then((code) => ({ error: { message: `the server process exited (code ${code}) before it listened` } })),
  ]);
  if (outcome.error) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
  child.channel?.unref();
  exited.then((code) => {
    if (!stopping) {
      console.error(`[start] the server process exited (code ${code})`);
      stop(code || 1);
    }
  });
  return {
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        console.error("[start] the server process did not stop within 10 s; killing it");
        child.kill("SIGKILL");
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
