import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readProcess } from "../../scripts/launcher/processes.mjs";

// One launcher per data folder: the lock names the launcher holding it; a lock whose launcher is
// gone (killed, or a pid now used by another process) is taken over. Each "launcher" here is a
// real process running the lock code, because the lock is about processes.

const lockModule = path.resolve("scripts/launcher/instance-lock.mjs");
let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "bb-lock-"));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { child: ChildProcess; line: string };

/**
 * A process that takes the lock for `port` (at `at`, ms since the epoch, when given) and prints
 * what happened, then stays until told to exit.
 */
function launcher(port: number, at = 0): Promise<Outcome> {
  const code = `
    const { acquireInstanceLock } = await import(${JSON.stringify(lockModule)});
    while (Date.now() < ${at}) {}
    try {
      const { stale } = acquireInstanceLock(${JSON.stringify(dir)}, { port: ${port}, url: "http://localhost:${port}" });
      console.log(JSON.stringify({ locked: true, stale: stale?.pid ?? null }));
    } catch (error) {
      console.log(JSON.stringify({ locked: false, message: error.message }));
      process.exit(3);
    }
    process.stdin.on("data", () => process.exit(0));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve) => child.stdout!.once("data", (chunk: Buffer) => resolve({ child, line: chunk.toString().trim() })));
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));
const lockFile = () => path.join(dir, "launcher.lock");

describe("acquireInstanceLock", () => {
  it("refuses a second launcher, naming the first one's port and pid", async () => {
    const first = await launcher(3001);
    expect(JSON.parse(first.line)).toEqual({ locked: true, stale: null });
    const second = await launcher(3002);
    const { locked, message } = JSON.parse(second.line);
    expect(locked).toBe(false);
    expect(message).toContain(`already running from ${dir} on port 3001 (http://localhost:3001), launcher pid ${first.child.pid}`);
    expect(await exited(second.child)).toBe(3);
    expect(JSON.parse(readFileSync(lockFile(), "utf8")).pid).toBe(first.child.pid);
  });

  it("is released when its launcher exits", async () => {
    const first = await launcher(3001);
    first.child.stdin!.write("bye\n");
    expect(await exited(first.child)).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
    const second = await launcher(3002);
    expect(JSON.parse(second.line)).toEqual({ locked: true, stale: null });
  });

  it("takes over the lock of a launcher that was killed", async () => {
    const first = await launcher(3001);
    first.child.kill("SIGKILL");
    await exited(first.child);
    expect(JSON.parse(readFileSync(lockFile(), "utf8")).pid).toBe(first.child.pid);
    const second = await launcher(3002);
    expect(JSON.parse(second.line)).toEqual({ locked: true, stale: first.child.pid });
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: second.child.pid, port: 3002 });
  });

  it("takes over a lock whose pid now belongs to another process (after a reboot)", async () => {
    // This test process is alive, but it is not the process that wrote the lock: its start time differs.
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startTime: "1", port: 3001, url: "http://localhost:3001", since: "before the reboot" }));
    expect(readProcess(process.pid)?.startTime).not.toBe("1");
    const second = await launcher(3002);
    expect(JSON.parse(second.line)).toEqual({ locked: true, stale: process.pid });
  });

  it("takes over a lock file that cannot be read", async () => {
    writeFileSync(lockFile(), "");
    const second = await launcher(3002);
    expect(JSON.parse(second.line)).toEqual({ locked: true, stale: null });
  });

  it("lets exactly one of several launchers starting at once over a stale lock have it", async () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startTime: "1", port: 3000 }));
    const at = Date.now() + 1_500;
    const outcomes = await Promise.all([3001, 3002, 3003, 3004].map((port) => launcher(port, at)));
    const winners = outcomes.filter((o) => JSON.parse(o.line).locked);
    expect(winners).toHaveLength(1);
    for (const loser of outcomes.filter((o) => !JSON.parse(o.line).locked)) {
      expect(JSON.parse(loser.line).message).toContain(`launcher pid ${winners[0]!.child.pid}`);
    }
    expect(JSON.parse(readFileSync(lockFile(), "utf8")).pid).toBe(winners[0]!.child.pid);
  });
});
