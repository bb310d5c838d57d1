#!/usr/bin/env node
// `npm start`: the whole app from a fresh clone with nothing configured. Without DATABASE_URL it
// starts an embedded PostgreSQL (data in .data/, kept across restarts); then it migrates, seeds
// an empty database, builds when the sources are newer than the build, and serves on PORT.
// `npm run dev` does the same with Next's dev server. Ctrl-C stops the app and the database.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const dataDir = path.resolve(root, process.env.DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const log = (message) => console.log(`[start] ${message}`);

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}".`);
mkdirSync(dataDir, { recursive: true });

/** A value kept in the data folder, created once. */
function persistedSecret(name, bytes) {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = randomBytes(bytes).toString("base64url");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

let database = null;
if (!process.env.DATABASE_URL) {
  database = await startEmbeddedPostgres({ dataDir, password: persistedSecret("postgres-password", 24), log });
  process.env.DATABASE_URL = database.url;
  log(`embedded PostgreSQL ${database.version} on port ${database.port} (data in ${database.dir})`);
  if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) process.env.AUTH_SECRET = persistedSecret("auth-secret", 48);
} else if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET) {
  if (!dev) fail("AUTH_SECRET is required when DATABASE_URL is set (at least 32 random characters).");
  process.env.AUTH_SECRET = persistedSecret("auth-secret", 48);
}

if (!database && !process.env.AUTH_URL && !process.env.NEXTAUTH_URL && !dev) {
  log("warning: AUTH_URL is not set, so cookies are not marked Secure. Behind HTTPS set AUTH_URL=https://your.host.");
}

// next-auth: a configured public URL wins; otherwise the Host header, which scripts/server.mjs
// makes trustworthy by dropping client-sent X-Forwarded-Host/-Proto unless proxies are trusted.
if (process.env.AUTH_URL && !process.env.NEXTAUTH_URL) process.env.NEXTAUTH_URL = process.env.AUTH_URL;
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";

async function stop(code) {
  try {
    await server?.close();
  } catch {}
  try {
    await database?.stop();
  } catch {}
  process.exit(code);
}

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

const { startServer } = await import("./server.mjs");
const trustProxyHops = Number(process.env.TRUST_PROXY_HOPS ?? 0);
let server = null;
try {
  server = await startServer({ dir: root, dev, port, hostname: process.env.HOST, trustProxyHops });
} catch (error) {
  console.error(`[start] could not listen on port ${port}: ${error.message}`);
  await stop(1);
}
log(`ready on http://localhost:${port}`);
if (database) log("demo sign-in: owner@example.com / buddha-demo-2026 (also billing@, member@)");

for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => stop(0));
