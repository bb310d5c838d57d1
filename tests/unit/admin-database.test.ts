import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EMBEDDED_DATABASE, embeddedDatabaseUrl, redactMessage, redactUrl, resolveDatabase, useDatabase } from "../../scripts/admin/database";
import { CliError } from "../../scripts/admin/errors";

// How the admin CLI finds its database: DATABASE_URL, or the embedded server a running
// `npm start` left in its data folder (PostgreSQL's postmaster.pid names the port).

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data folder as the launcher leaves it while the embedded server runs. */
function dataDir(port: string | null, password = "p@ss/word+1") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bb-admin-unit-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "postgres"));
  writeFileSync(path.join(dir, "postgres-password"), `${password}\n`);
  if (port !== null) {
    writeFileSync(path.join(dir, "postgres", "postmaster.pid"), `12345\n${dir}/postgres\n1764300000\n${port}\n\n127.0.0.1\n  5432001   0\nready   \n`);
  }
  return dir;
}

describe("the admin CLI's database", () => {
  it("uses DATABASE_URL when it is set", () => {
    expect(resolveDatabase({ DATABASE_URL: "postgresql://a:b@db/x" }, "/app")).toEqual({ url: "postgresql://a:b@db/x", source: "DATABASE_URL" });
  });

  it("finds the embedded server of a running `npm start`: port from postmaster.pid, password from the data folder", () => {
    const dir = dataDir("54329");
    const url = `postgresql://postgres:${encodeURIComponent("p@ss/word+1")}@127.0.0.1:54329/${EMBEDDED_DATABASE}`;
    expect(embeddedDatabaseUrl(dir)).toBe(url);
    expect(resolveDatabase({ DATA_DIR: dir }, "/elsewhere")).toEqual({ url, source: "embedded" });
    expect(resolveDatabase({ DATA_DIR: path.basename(dir) }, path.dirname(dir)).url).toBe(url);
  });

  it("names the launcher's embedded database", () => {
    const launcher = readFileSync(path.join(process.cwd(), "scripts/embedded-postgres.mjs"), "utf8");
    expect(launcher).toContain(`const DATABASE = "${EMBEDDED_DATABASE}";`);
  });

  it("says so when no embedded server is running (no postmaster.pid, or a garbled one)", () => {
    expect(embeddedDatabaseUrl(dataDir(null))).toBeNull();
    expect(embeddedDatabaseUrl(dataDir("not-a-port"))).toBeNull();
    expect(embeddedDatabaseUrl(path.join(os.tmpdir(), "bb-no-such-dir"))).toBeNull();
    const dir = dataDir(null);
    expect(() => resolveDatabase({ DATA_DIR: dir }, "/")).toThrow(CliError);
    expect(() => resolveDatabase({ DATA_DIR: dir }, "/")).toThrow(/DATABASE_URL is not set, and no embedded database is running in/);
  });

  it("never prints a database password", () => {
    expect(redactUrl("postgresql://app:hunter2@db.internal:5432/broker")).toBe("postgresql://app:***@db.internal:5432/broker");
    expect(redactUrl("postgresql://db.internal/broker")).toBe("postgresql://db.internal/broker");
    expect(redactUrl("not a url")).toBe("(DATABASE_URL)");
    const url = "postgresql://app:hunter2@db.internal:5432/broker";
    expect(redactMessage(`failed for ${url} (password hunter2)\n    at Object.<anonymous>`, url)).toBe(
      "failed for postgresql://app:***@db.internal:5432/broker (password ***)",
    );
    expect(redactMessage("see postgres://u:pw@h/d now")).toBe("see postgres://u:***@h/d now");
  });

  it("fills a throwaway AUTH_SECRET (it signs no cookies) but keeps a configured one", () => {
    const env: Record<string, string> = {};
    useDatabase({ url: "postgresql://x/y", source: "DATABASE_URL" }, env);
    expect(env.DATABASE_URL).toBe("postgresql://x/y");
    expect(env.AUTH_SECRET!.length).toBeGreaterThanOrEqual(32);
    const configured: Record<string, string> = { AUTH_SECRET: "configured-secret-of-32-characters!!" };
    useDatabase({ url: "postgresql://x/y", source: "DATABASE_URL" }, configured);
    expect(configured.AUTH_SECRET).toBe("configured-secret-of-32-characters!!");
  });
});
