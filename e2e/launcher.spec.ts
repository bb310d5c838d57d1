import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { serverProcess } from "./support/app-instance.mjs";

// `npm start` as an operator meets it: real launchers (node scripts/start.mjs) on one data folder
// in turn, with the embedded PostgreSQL and the production build. One cold start (initdb) for the
// whole file, so the tests run in order and each leaves the folder as the next one expects.

test.describe.configure({ mode: "serial" });

const SECRETS = ["auth-secret", "postgres-password"];
let dataDir: string;
let pgDir: string;
let port: number;
const started: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

class Launcher {
  readonly child: ChildProcess;
  readonly exit: Promise<number | null>;
  output = "";

  constructor(
    readonly port: number,
    env: Record<string, string> = {},
  ) {
    const base = { ...process.env };
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "NEXTAUTH_SECRET", "AUTH_URL", "NEXTAUTH_URL", "SEED_DEMO"]) delete base[name];
    this.child = spawn(process.execPath, ["scripts/start.mjs"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...base, NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: dataDir, PORT: String(port), ...env },
    });
    started.push(this.child);
    for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on("data", (chunk: Buffer) => (this.output += chunk));
    this.exit = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits until /api/health answers 200; fails with the launcher's output if it exits first. */
  async healthy(): Promise<void> {
    let exited = false;
    void this.exit.then(() => (exited = true));
    for (;;) {
      if (exited) throw new Error(`the launcher exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`http://localhost:${this.port}/api/health`)).status === 200) return;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<number | null> {
    this.child.kill("SIGTERM");
    return this.exit;
  }
}

/** The PostgreSQL servers running on the test's data folder (the postmasters; their children retitle themselves). */
function postmasters(): number[] {
  return execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(` -D ${pgDir} `))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Whether a pid runs (a zombie, exited but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    return !/^Z/.test(execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim());
  } catch {
    return false;
  }
}

const secrets = () => SECRETS.map((name) => readFileSync(path.join(dataDir, name), "utf8"));
const lockFile = () => path.join(dataDir, "launcher.lock");

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-launcher-"));
  pgDir = path.join(dataDir, "postgres");
  port = await freePort();
});

test.afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const pid of postmasters()) {
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (running(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(dataDir, { recursive: true, force: true });
});

let first: Launcher;
let firstSecrets: string[];

test("the first start initialises the data folder, with fsync on, its secrets, and a lock naming the launcher", async () => {
  test.setTimeout(120_000);
  first = new Launcher(port);
  await first.healthy();
  firstSecrets = secrets();
  expect(firstSecrets[0]).toMatch(/^[A-Za-z0-9_-]{64}\n$/);
  expect(firstSecrets[1]).toMatch(/^[A-Za-z0-9_-]{32}\n$/);
  expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: first.pid, port });

  // The embedded data is meant to persist: PostgreSQL must flush it to disk.
  const pgPort = Number(readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[3]);
  const client = new pg.Client({ host: "127.0.0.1", port: pgPort, user: "postgres", password: firstSecrets[1]!.trim(), database: "postgres" });
  await client.connect();
  try {
    expect((await client.query("SHOW fsync")).rows[0].fsync).toBe("on");
  } finally {
    await client.end();
  }

  // The server runs in a process of its own, with the memory settings only a new process can have.
  const server = serverProcess(first.pid);
  expect(server).toBeDefined();
  expect(readFileSync(`/proc/${server}/cmdline`, "utf8").split("\0")).toContain("--max-old-space-size=256");
  expect(readFileSync(`/proc/${server}/environ`, "utf8").split("\0")).toContain("MALLOC_MMAP_THRESHOLD_=1048576");
});

test("a second start on the same data folder is refused, naming the running one's port and pid, before it starts anything", async () => {
  const server = postmasters();
  expect(server).toHaveLength(1);
  const second = new Launcher(await freePort());
  expect(await second.exit).not.toBe(0);
  expect(second.output).toContain(`the app is already running from ${dataDir} on port ${port} (http://localhost:${port}), launcher pid ${first.pid}`);
  expect(second.output).not.toContain("PostgreSQL");
  expect(postmasters()).toEqual(server);
  expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);
});

test("after the launcher is killed (kill -9), the next start stops the PostgreSQL it left running and starts", async () => {
  const [orphan] = postmasters();
  const server = serverProcess(first.pid);
  first.child.kill("SIGKILL");
  await first.exit;
  // Its server process goes with it (it stops serving the moment its launcher is gone)…
  await expect.poll(() => running(server!), { timeout: 10_000 }).toBe(false);
  // …and what a crash leaves is the database server still running, its launcher gone.
  expect(postmasters()).toEqual([orphan]);

  const next = new Launcher(port);
  await next.healthy();
  expect(next.output).toContain(`the previous launcher (pid ${first.pid}) is gone`);
  expect(next.output).toContain(`a PostgreSQL server (pid ${orphan}) is still running on ${pgDir} after its launcher ended; stopping it`);
  expect(running(orphan!)).toBe(false);
  const now = postmasters();
  expect(now).toHaveLength(1);
  expect(now[0]).not.toBe(orphan);
  expect(secrets()).toEqual(firstSecrets);

  // Stopped as an operator would: the database goes with it, and so does the lock.
  expect(await next.stop()).toBe(0);
  expect(postmasters()).toEqual([]);
  expect(existsSync(lockFile())).toBe(false);
});

test("a lock and a postmaster.pid naming a pid that now belongs to another process (as after a reboot) do not block", async () => {
  // An unrelated process with the PostgreSQL user's identity, which PostgreSQL itself would take
  // for a server still running.
  const asPostgres = process.getuid?.() === 0 ? { uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })) } : null;
  const bystander = spawn("sleep", ["60"], { stdio: "ignore", ...asPostgres });
  started.push(bystander);
  const pidFile = path.join(pgDir, "postmaster.pid");
  writeFileSync(pidFile, `${bystander.pid}\n${pgDir}\n1764300000\n54329\n\n127.0.0.1\n  5432001   32769\nready   \n`);
  if (asPostgres) chownSync(pidFile, asPostgres.uid, asPostgres.gid);
  writeFileSync(lockFile(), JSON.stringify({ pid: bystander.pid, startTime: "1", port: 1, url: "http://localhost:1", since: "before the reboot" }));

  const next = new Launcher(port);
  await next.healthy();
  expect(next.output).toContain(`the previous launcher (pid ${bystander.pid}) is gone`);
  expect(next.output).toContain(`removing a stale ${pidFile} (process ${bystander.pid} is not a PostgreSQL server of this folder)`);
  expect(running(bystander.pid!)).toBe(true); // never signalled
  expect(postmasters()).toHaveLength(1);
  expect(secrets()).toEqual(firstSecrets);
  expect(await next.stop()).toBe(0);
  bystander.kill();
});

test("a stop answers the request in flight and closes its connection at once; the server exits by itself and the launcher with 0", async () => {
  const launcher = new Launcher(port);
  await launcher.healthy();
  // A request on its way in: its headers have not ended when the stop begins.
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  const closed = new Promise((resolve) => socket.once("close", resolve));
  socket.write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n");
  await new Promise((resolve) => setTimeout(resolve, 200));

  launcher.child.kill("SIGTERM");
  // The server stopped listening: the stop has begun.
  await expect.poll(() => new Promise((resolve) => net.connect(port, "127.0.0.1").once("connect", function (this: net.Socket) { this.destroy(); resolve("listening"); }).once("error", () => resolve("closed")))).toBe("closed");
  socket.write("\r\n");
  await closed;
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(await launcher.exit).toBe(0);
  expect(launcher.output).not.toContain("did not stop");
  expect(postmasters()).toEqual([]);
});

test("when PostgreSQL cannot start, the launcher shows PostgreSQL's own words and leaves nothing running", async () => {
  const autoConf = path.join(pgDir, "postgresql.auto.conf");
  const original = readFileSync(autoConf, "utf8");
  appendFileSync(autoConf, "shared_buffers = 'lots'\n");
  try {
    const broken = new Launcher(port);
    expect(await broken.exit).not.toBe(0);
    expect(broken.output).toContain(`PostgreSQL could not start (exit code 1) in ${pgDir}. It said:`);
    expect(broken.output).toContain(`LOG:  invalid value for parameter "shared_buffers": "lots"`);
    expect(broken.output).toContain(`FATAL:  configuration file "${autoConf}" contains errors`);
    expect(broken.output).not.toContain("undefined");
    expect(postmasters()).toEqual([]);
    expect(existsSync(lockFile())).toBe(false);
  } finally {
    writeFileSync(autoConf, original);
  }
});

test("a damaged secret stops the launcher with what to do, before anything starts, and stays as it is", async () => {
  const file = path.join(dataDir, "auth-secret");
  writeFileSync(file, "");
  const launcher = new Launcher(port);
  expect(await launcher.exit).not.toBe(0);
  expect(launcher.output).toContain(`${file} is empty: it should hold one line of at least 32 characters. Restore it from a backup`);
  expect(postmasters()).toEqual([]);
  expect(readFileSync(file, "utf8")).toBe("");
  writeFileSync(file, firstSecrets[0]!);
});

test("with DATABASE_URL, a port in use is reported with the process holding it, before anything starts", async () => {
  const holder = net.createServer();
  const taken = await freePort();
  await new Promise<void>((resolve) => holder.listen(taken, resolve));
  try {
    const launcher = new Launcher(taken, { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", AUTH_SECRET: "x".repeat(40) });
    expect(await launcher.exit).not.toBe(0);
    expect(launcher.output).toContain(`port ${taken} is already in use by process ${process.pid}`);
    expect(launcher.output).not.toContain("migrat");
  } finally {
    holder.close();
  }
});
