// One launcher per data folder. Its lock is a small JSON file there naming the launcher (pid and
// start time, so that a pid reused after a crash or a reboot is not taken for it) and where it
// serves, so that a second launcher can say what is already running. A lock whose launcher is
// gone (kill -9, the OOM killer, a power cut) is stale and taken over.
import { linkSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { createFileOnce, readIfExists } from "./files.mjs";
import { isRunning, readProcess } from "./processes.mjs";

export const LOCK_FILE = "launcher.lock";

export class AlreadyRunning extends Error {
  constructor(holder, dataDir) {
    super(
      `the app is already running from ${dataDir} on port ${holder.port} (${holder.url}), launcher pid ${holder.pid}, started ${holder.since}. ` +
        `Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), or give this one another DATA_DIR.`,
    );
    this.holder = holder;
  }
}

function readLock(file) {
  try {
    const holder = JSON.parse(readIfExists(file) ?? "null");
    return Number.isInteger(holder?.pid) ? holder : null;
  } catch {
    return null; // unreadable: nobody can be shown to hold it
  }
}

const held = (holder) => holder !== null && holder.pid !== process.pid && isRunning(holder);

/**
 * Takes the data folder's lock for this process, or throws AlreadyRunning naming the launcher
 * that holds it. Returns the stale holder it replaced, if any. The lock goes when this process exits.
 */
export function acquireInstanceLock(dataDir, { port, url }) {
  const file = path.join(dataDir, LOCK_FILE);
  const lock = { pid: process.pid, startTime: readProcess(process.pid)?.startTime ?? null, port, url, since: new Date().toISOString() };
  let stale = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createFileOnce(file, `${JSON.stringify(lock)}\n`, 0o644)) {
      process.on("exit", () => releaseInstanceLock(dataDir));
      return { stale };
    }
    const holder = readLock(file);
    if (held(holder)) throw new AlreadyRunning(holder, dataDir);
    stale = holder;
    // Move the stale lock aside under a name only this process uses, so that of two launchers
    // taking over at once only one removes it; if what we moved is a lock that another launcher
    // took meanwhile, it goes back and the next attempt names that launcher.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch (error) {
      if (error.code === "ENOENT") continue;
      throw error;
    }
    if (held(readLock(aside))) {
      try {
        linkSync(aside, file);
      } catch {}
    }
    rmSync(aside, { force: true });
  }
  throw new Error(`could not take the lock ${file}; is another launcher starting right now?`);
}

/** Removes the lock if this process holds it. */
export function releaseInstanceLock(dataDir) {
  const file = path.join(dataDir, LOCK_FILE);
  if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
}
