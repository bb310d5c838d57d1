import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { childProcesses, isRunning, listeningInodes, parseProcStat, parsePsLine, portOwner, readProcess, stopProcess } from "../../scripts/launcher/processes.mjs";

// How the launcher tells a live process from a gone one (pids are reused; a zombie has exited),
// finds who holds a port, and stops a process politely first.

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
});

/** Runs a shell command in the background and returns the first line it prints. */
function shell(command: string): Promise<{ pid: number; firstLine: string }> {
  const child = spawn("sh", ["-c", command], { stdio: ["ignore", "pipe", "ignore"] });
  children.push(child.pid!);
  return new Promise((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve({ pid: child.pid!, firstLine: chunk.toString().split("\n")[0]! })));
}

describe("parseProcStat", () => {
  it("reads state, parent and start time, whatever the command name holds", () => {
    const line = "4242 (my (odd) proc) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615";
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: "my (odd) proc", state: "S", ppid: 17, startTime: "987654" });
  });

  it("rejects what is not a stat line", () => {
    expect(parseProcStat("")).toBeNull();
    expect(parseProcStat("12 (short) S 1")).toBeNull();
  });

  it("agrees with the kernel about this process", () => {
    const self = parseProcStat(readFileSync("/proc/self/stat", "utf8"));
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(readProcess(process.pid)).toMatchObject({ pid: process.pid, ppid: process.ppid, startTime: self?.startTime, cwd: process.cwd() });
  });
});

describe("parsePsLine (systems without /proc)", () => {
  it("reads ps's ppid, stat, five-word lstart and command", () => {
    expect(parsePsLine(88, "    1 Ss   Sat Nov  7 03:50:07 2026 /usr/local/bin/postgres")).toEqual({
      pid: 88,
      comm: "postgres",
      state: "S",
      ppid: 1,
      startTime: "Sat Nov 7 03:50:07 2026",
    });
    expect(parsePsLine(88, "")).toBeNull();
  });
});

describe("readProcess and isRunning", () => {
  it("count an exited process that nobody reaped (a zombie) as gone", async () => {
    // The inner sleep exits at once; its parent then execs a sleep that never reaps it.
    const { firstLine } = await shell("sleep 0 & echo $!; exec sleep 30");
    const zombie = Number(firstLine);
    await expect.poll(() => readFileSync(`/proc/${zombie}/stat`, "utf8").split(") ")[1]![0]).toBe("Z");
    expect(readProcess(zombie)).toBeNull();
  });

  it("lists a process's children, and only them", async () => {
    const { pid, firstLine } = await shell("sleep 30 & echo $!; wait");
    const grandchild = Number(firstLine);
    expect(childProcesses(process.pid)).toContain(pid);
    expect(childProcesses(process.pid)).not.toContain(grandchild);
    expect(childProcesses(pid)).toEqual([grandchild]);
    process.kill(grandchild, "SIGKILL");
  });

  it("tell a reused pid from the process it once was by its start time", () => {
    const self = readProcess(process.pid)!;
    expect(isRunning({ pid: process.pid, startTime: self.startTime })).toBe(true);
    expect(isRunning({ pid: process.pid, startTime: "1" })).toBe(false);
    expect(isRunning({ pid: 2 ** 22 + 1, startTime: null })).toBe(false);
  });
});

describe("stopProcess", () => {
  it("asks first, and stops there when the process obeys", async () => {
    const { pid } = await shell("echo up; exec sleep 30");
    const target = readProcess(pid)!;
    expect(await stopProcess(target, [["SIGINT", 5_000], ["SIGKILL", 5_000]])).toBe("SIGINT");
    expect(isRunning(target)).toBe(false);
  });

  it("forces a process that ignores the polite signal", async () => {
    const { pid } = await shell("trap '' INT; echo up; exec sleep 30");
    const target = readProcess(pid)!;
    expect(await stopProcess(target, [["SIGINT", 300], ["SIGKILL", 5_000]])).toBe("SIGKILL");
    expect(isRunning(target)).toBe(false);
  });

  it("never signals a pid that now belongs to another process", async () => {
    const { pid } = await shell("echo up; exec sleep 30");
    expect(await stopProcess({ pid, startTime: "1" }, [["SIGKILL", 1_000]])).toBe("gone");
    expect(readProcess(pid)).not.toBeNull();
  });
});

describe("listeningInodes and portOwner", () => {
  const table = [
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 8503 1 0000 100 0 0 10 0",
    "   1: 0100007F:0BB8 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 9911 1 0000 20 4 30 10 -1",
    "   2: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 7777 1 0000 100 0 0 10 0",
  ].join("\n");

  it("picks the listening sockets on the port, IPv4 and IPv6, not its connections", () => {
    expect([...listeningInodes(table, 3306)]).toEqual(["8503"]);
    expect([...listeningInodes(table, 3000)]).toEqual(["7777"]);
    expect(listeningInodes(table, 1).size).toBe(0);
  });

  it("finds the process listening on a port", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(portOwner(port)?.pid).toBe(process.pid);
    } finally {
      server.close();
    }
  });
});
