// What the launcher needs to know about other processes: is this pid still the process it was
// (pids are reused after a crash or a reboot), what is it, who listens on a port, and how to
// stop one, politely first. Linux answers through /proc; elsewhere `ps` answers the basics.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

const hasProc = existsSync("/proc/self/stat");

/** /proc/<pid>/stat: the command name sits in parentheses and may itself hold spaces or ")". */
export function parseProcStat(text) {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 1).trim().split(/\s+/); // fields[0] is field 3, state
  if (fields.length < 20) return null;
  return { pid: Number(text.slice(0, open)), comm: text.slice(open + 1, close), state: fields[0], ppid: Number(fields[1]), startTime: fields[19] };
}

/** One line of `ps -o ppid=,stat=,lstart=,comm=`; lstart is always five words. */
export function parsePsLine(pid, line) {
  const words = line.trim().split(/\s+/);
  if (words.length < 8) return null;
  return { pid, comm: path.basename(words.slice(7).join(" ")), state: words[1][0], ppid: Number(words[0]), startTime: words.slice(2, 7).join(" ") };
}

/**
 * The process with this pid, or null when there is none (a zombie counts as none: it has
 * exited and only waits for its parent). startTime tells a reused pid from the original.
 */
export function readProcess(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let info = null;
  try {
    info = hasProc
      ? parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"))
      : parsePsLine(pid, execFileSync("ps", ["-o", "ppid=,stat=,lstart=,comm=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch {
    return null;
  }
  if (!info || info.state === "Z" || info.state === "X") return null;
  let cwd = null;
  try {
    if (hasProc) cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {}
  return { ...info, cwd };
}

/** The pids whose parent is `pid` (Linux /proc; elsewhere none are found). */
export function childProcesses(pid) {
  if (!hasProc) return [];
  const children = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parseProcStat(readFileSync(`/proc/${entry}/stat`, "utf8"))?.ppid === pid) children.push(Number(entry));
    } catch {}
  }
  return children;
}

/** Whether `target` ({ pid, startTime }) is still running as the same process. */
export function isRunning(target) {
  const now = readProcess(target.pid);
  return now !== null && (target.startTime == null || now.startTime === String(target.startTime));
}

/** A short command line for messages. */
export function commandLine(pid) {
  try {
    const text = hasProc
      ? readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ")
      : execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const line = text.trim();
    return line.length > 100 ? `${line.slice(0, 99)}…` : line;
  } catch {
    return "";
  }
}

/**
 * Stops a process by sending each signal in turn and waiting up to its time for the process to
 * be gone. Returns the signal that ended it ("gone" if it ended by itself), or null if it still runs.
 */
export async function stopProcess(target, steps) {
  for (const [signal, waitMs] of steps) {
    if (!isRunning(target)) return "gone";
    try {
      process.kill(target.pid, signal);
    } catch (error) {
      if (error.code === "ESRCH") return "gone";
      throw error;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isRunning(target)) return signal;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return isRunning(target) ? null : steps.at(-1)[0];
}

/** Socket inodes listening on `port` in a /proc/net/tcp or tcp6 table (state 0A is LISTEN). */
export function listeningInodes(table, port) {
  const inodes = new Set();
  for (const line of table.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== "0A") continue;
    if (Number.parseInt(fields[1].split(":").at(-1), 16) === port) inodes.add(fields[9]);
  }
  return inodes;
}

/** The process listening on a TCP port, when this machine lets us see it (Linux, same user or root). */
export function portOwner(port) {
  if (!hasProc) return null;
  const inodes = new Set();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try {
      for (const inode of listeningInodes(readFileSync(table, "utf8"), port)) inodes.add(inode);
    } catch {}
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds;
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (socket && inodes.has(socket[1])) return { pid: Number(entry), command: commandLine(Number(entry)) };
      } catch {}
    }
  }
  return null;
}
