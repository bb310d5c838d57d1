import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearLeftoverServer, parsePostmasterPid, postgresErrorLines } from "../../scripts/launcher/postgres-leftovers.mjs";
import { readProcess } from "../../scripts/launcher/processes.mjs";

// Reading what an embedded PostgreSQL leaves behind and says: its lock file, what runs in its
// data folder, and its output when it fails to start (the launcher shows PostgreSQL's own words
// rather than `undefined`). e2e/launcher.spec.ts does the same with real servers and launchers.

describe("parsePostmasterPid", () => {
  it("reads the pid, data folder, port and status of a running server's lock file", () => {
    const text = "16752\n/tmp/bb/postgres\n1764302160\n54329\n\n127.0.0.1\n  1001  32768\nready   \n";
    expect(parsePostmasterPid(text)).toEqual({ pid: 16752, dataDir: "/tmp/bb/postgres", port: 54329, status: "ready" });
  });

  it("reads a single-user backend's negative pid and a file cut short", () => {
    expect(parsePostmasterPid("-31\n/tmp/bb/postgres\n")).toEqual({ pid: 31, dataDir: "/tmp/bb/postgres", port: null, status: null });
  });

  it("gives nothing for an empty or garbled file", () => {
    for (const text of ["", "\n", "abc\n/tmp\n", "0\n", "1.5\n", "\0\0\0\0"]) expect(parsePostmasterPid(text), JSON.stringify(text)).toBeNull();
  });
});

describe("postgresErrorLines", () => {
  it("keeps what PostgreSQL said about the failure, without time stamps and routine lines", () => {
    const output = [
      '2026-11-28 03:58:01.123 UTC [17000] LOG:  invalid value for parameter "shared_buffers": "lots"',
      '2026-11-28 03:58:01.124 UTC [17000] FATAL:  configuration file "/tmp/bb/postgres/postgresql.auto.conf" contains errors',
      "",
    ].join("\n");
    expect(postgresErrorLines(output)).toEqual([
      'LOG:  invalid value for parameter "shared_buffers": "lots"',
      'FATAL:  configuration file "/tmp/bb/postgres/postgresql.auto.conf" contains errors',
    ]);
  });

  it("drops the news of a normal start and keeps hints and unprefixed messages", () => {
    const output = [
      "2026-11-28 03:58:01.100 +03 [17000] LOG:  starting PostgreSQL 18.4 on x86_64-pc-linux-gnu",
      '2026-11-28 03:58:01.101 +03 [17000] LOG:  listening on IPv4 address "127.0.0.1", port 54329',
      '2026-11-28 03:58:01.102 +03 [17000] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      "2026-11-28 03:58:01.102 +03 [17000] HINT:  Is another postmaster already running on port 54329? If not, wait a few seconds and retry.",
      "2026-11-28 03:58:01.103 +03 [17000] FATAL:  could not create any TCP/IP sockets",
      "2026-11-28 03:58:01.104 +03 [17000] LOG:  database system is shut down",
      '[STDERR] postgres: could not access directory "/tmp/bb/postgres": Permission denied',
    ].join("\n");
    expect(postgresErrorLines(output)).toEqual([
      'LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      "HINT:  Is another postmaster already running on port 54329? If not, wait a few seconds and retry.",
      "FATAL:  could not create any TCP/IP sockets",
      'postgres: could not access directory "/tmp/bb/postgres": Permission denied',
    ]);
  });

  it("keeps only the last lines of a long output", () => {
    const output = Array.from({ length: 50 }, (_, i) => `FATAL:  line ${i}`).join("\n");
    expect(postgresErrorLines(output, 3)).toEqual(["FATAL:  line 47", "FATAL:  line 48", "FATAL:  line 49"]);
  });
});

describe("clearLeftoverServer", () => {
  // A stand-in for a PostgreSQL server: `sleep` under the name postgres, running in the data folder.
  let work: string;
  let dir: string;
  let fakePostgres: string;
  const pids: number[] = [];
  const said: string[] = [];
  const log = (message: string) => said.push(message);
  const lockFile = () => path.join(dir, "postmaster.pid");
  const writeLock = (pid: number) => writeFileSync(lockFile(), `${pid}\n${dir}\n1764300000\n54329\n\n127.0.0.1\n  5432001   32769\nready   \n`);

  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "bb-leftovers-"));
    dir = path.join(work, "postgres");
    mkdirSync(dir);
    mkdirSync(path.join(work, "bin"));
    fakePostgres = path.join(work, "bin", "postgres");
    copyFileSync(execFileSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).trim(), fakePostgres);
    said.length = 0;
  });
  afterEach(() => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    rmSync(work, { recursive: true, force: true });
  });

  /**
   * Starts `command` in `cwd`, as a child of this (node) process, or `orphaned`: started by a
   * process that then exits, as a launcher killed with kill -9 does.
   */
  async function run(command: string[], cwd: string, orphaned: boolean): Promise<number> {
    if (!orphaned) {
      const child = spawn(command[0]!, command.slice(1), { cwd, stdio: "ignore" });
      pids.push(child.pid!);
      return child.pid!;
    }
    const starter = `const c = require("node:child_process").spawn(${JSON.stringify(command[0])}, ${JSON.stringify(command.slice(1))}, { cwd: ${JSON.stringify(cwd)}, detached: true, stdio: "ignore" }); console.log(c.pid); c.unref();`;
    const pid = Number(execFileSync(process.execPath, ["-e", starter], { encoding: "utf8" }).trim());
    pids.push(pid);
    return pid;
  }

  it("does nothing when there is no lock file", async () => {
    await clearLeftoverServer(dir, log);
    expect(said).toEqual([]);
  });

  it("removes a lock file whose process has ended", async () => {
    const ended = spawnSync("true").pid!;
    writeLock(ended);
    await clearLeftoverServer(dir, log);
    expect(existsSync(lockFile())).toBe(false);
    expect(said).toEqual([`removing a stale ${lockFile()} (process ${ended} is not a PostgreSQL server of this folder)`]);
  });

  it("removes a lock file whose pid now belongs to another program, and leaves that program alone", async () => {
    const other = await run(["sleep", "30"], dir, false);
    await expect.poll(() => readProcess(other)?.comm).toBe("sleep");
    writeLock(other);
    await clearLeftoverServer(dir, log);
    expect(existsSync(lockFile())).toBe(false);
    expect(readProcess(other)).not.toBeNull();
  });

  it("removes a lock file naming a PostgreSQL server of another folder, and leaves that server alone", async () => {
    const elsewhere = await run([fakePostgres, "30"], work, true);
    await expect.poll(() => readProcess(elsewhere)?.comm).toBe("postgres");
    writeLock(elsewhere);
    await clearLeftoverServer(dir, log);
    expect(existsSync(lockFile())).toBe(false);
    expect(readProcess(elsewhere)).not.toBeNull();
  });

  it("stops the server of this folder whose launcher is gone", async () => {
    const orphan = await run([fakePostgres, "30"], dir, true);
    await expect.poll(() => readProcess(orphan)?.comm).toBe("postgres");
    writeLock(orphan);
    await clearLeftoverServer(dir, log);
    expect(readProcess(orphan)).toBeNull();
    expect(said).toEqual([`a PostgreSQL server (pid ${orphan}) is still running on ${dir} after its launcher ended; stopping it`, "stopped it (fast shutdown)"]);
  });

  it("leaves alone a server of this folder whose launcher (a node process) still runs, and says who that is", async () => {
    // This test runs in node: a server started by it has a live node process as its launcher.
    const owned = await run([fakePostgres, "30"], dir, false);
    await expect.poll(() => readProcess(owned)?.comm).toBe("postgres");
    writeLock(owned);
    await expect(clearLeftoverServer(dir, log)).rejects.toThrow(`a PostgreSQL server (pid ${owned}) already runs on ${dir}, started by process ${process.pid}`);
    expect(readProcess(owned)).not.toBeNull();
    expect(existsSync(lockFile())).toBe(true);
  });
});
