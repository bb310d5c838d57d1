// What an embedded PostgreSQL leaves behind when its launcher dies (kill -9, the OOM killer): the
// server itself, still running, or its lock file, postmaster.pid, naming a process that is gone or
// (after a reboot) a pid that now belongs to another process. And what it says when it fails.
import { readFileSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { commandLine, readProcess, stopProcess } from "./processes.mjs";

/** postmaster.pid: PostgreSQL's lock file; line 1 the server's pid, then its data folder, start time, port… */
export function parsePostmasterPid(text) {
  const lines = text.split("\n");
  const pid = Math.abs(Number(lines[0])); // negative for a single-user backend
  if (!Number.isInteger(pid) || pid === 0) return null;
  return { pid, dataDir: lines[1] ?? null, port: Number(lines[3]) || null, status: lines[7]?.trim() || null };
}

const ROUTINE = /^LOG:\s+(starting PostgreSQL|listening on|database system (is|was) shut down|redirecting log output|ending log output)/;

/** The lines of PostgreSQL's output worth showing when it failed: without time stamps and routine news. */
export function postgresErrorLines(output, max = 20) {
  return output
    .split(/\r?\n/)
    .map((line) => line.replace(/^\[STDERR\]\s*/, "").replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \S+ \[\d+\] /, "").trimEnd())
    .filter((line) => line.trim() !== "" && !ROUTINE.test(line) && !/^DEBUG\d?:/.test(line))
    .slice(-max);
}

/**
 * Makes the data folder free for a new server: a server still running in it whose launcher is
 * gone is stopped (fast shutdown, then immediate, then killed), and a postmaster.pid naming a
 * process that is not such a server (it ended, or its pid now belongs to someone else) is removed.
 * A server whose launcher still runs is left alone.
 */
export async function clearLeftoverServer(dir, log) {
  const lockFile = path.join(dir, "postmaster.pid");
  let text;
  try {
    text = readFileSync(lockFile, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return;
    throw error;
  }
  const lock = parsePostmasterPid(text);
  const server = lock && readProcess(lock.pid);
  // PostgreSQL runs with its data folder as working directory.
  const isServerOfDir = server && server.comm === "postgres" && (server.cwd === null || server.cwd === realpathSync(dir));
  if (!isServerOfDir) {
    log?.(`removing a stale ${lockFile} (${lock ? `process ${lock.pid} is not a PostgreSQL server of this folder` : "unreadable"})`);
    rmSync(lockFile, { force: true });
    return;
  }
  const parent = server.ppid > 1 ? readProcess(server.ppid) : null;
  if (parent && /^node/.test(parent.comm)) {
    throw new Error(`a PostgreSQL server (pid ${server.pid}) already runs on ${dir}, started by process ${parent.pid} (${commandLine(parent.pid)}). Stop that first.`);
  }
  log?.(`a PostgreSQL server (pid ${server.pid}) is still running on ${dir} after its launcher ended; stopping it`);
  const how = await stopProcess(server, [["SIGINT", 15_000], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]]);
  if (how === null) throw new Error(`the PostgreSQL server left running (pid ${server.pid}) did not stop, even when killed`);
  log?.(how === "SIGINT" || how === "gone" ? "stopped it (fast shutdown)" : `it did not stop in time; ended it with ${how}`);
}
