// What the HTTP benchmarks share (bench/gate.mjs, bench/peers.mjs, bench/scale.mjs): builds of
// the app from the committed sources in copies outside the checkout, one per variant and cached
// between runs; a PostgreSQL of their own (embedded, or a database made on BENCH_DATABASE_URL's
// server); app instances started with the launcher; autocannon loads that read the CPU time of
// the app's process and of the PostgreSQL server from /proc. One benchmark per process:
// everything started registers how to stop it, and it is stopped on exit, error or Ctrl-C.
import { spawn, execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  cpSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEMO_EMAIL = "owner@example.com";
export const DEMO_PASSWORD = "buddha-demo-2026";
const DIST = ".next-bench-gate";
const BUILT = ".bench-gate-built"; // written into a variant's folder once its build has succeeded
/** Where builds are kept between runs, shared by the benchmarks: the same variant is built once. */
const CACHE_ROOT = path.join(os.tmpdir(), "bb-bench-gate-builds");

let tag = "bench";
const started = Date.now();
export const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
export const log = (message) => console.log(`[${tag} ${elapsed()}] ${message}`);
export function fail(message) {
  console.error(`[${tag}] ${message}`);
  process.exit(1);
}

// ---- cleanup: everything started registers how to stop it; run in reverse, once ----------------
const cleanups = new Set();
/** Registers how to stop something; returns the function that unregisters it once it stopped by itself. */
export function onCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
let cleaning = null;
export function cleanup() {
  cleaning ??= (async () => {
    const fns = [...cleanups].reverse();
    cleanups.clear();
    for (const fn of fns) {
      try {
        await fn();
      } catch (error) {
        console.error(`[${tag}] cleanup: ${error.message}`);
      }
    }
  })();
  return cleaning;
}
/** Once stopping has begun, nothing new starts: whoever asks waits here until the process exits. */
export const notWhileStopping = () => (cleaning ? new Promise(() => {}) : undefined);
export async function abort(message, code = 1) {
  if (cleaning) return notWhileStopping();
  console.error(`[${tag}] ${message}`);
  // The servers first, at once: on Ctrl-C embedded-postgres's own exit hook stops the database
  // and exits the process while our asynchronous cleanup is still under way.
  for (const child of children) signalGroup(child, "SIGTERM");
  await cleanup();
  process.exit(code);
}

/** Names the log lines, stops everything on a signal or an unhandled error, and after `deadlineMs`. */
export function install({ name, deadlineMs }) {
  tag = name;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => abort(`${signal}: stopping`, 130));
  process.on("uncaughtException", (error) => abort(`error: ${error.stack ?? error}`));
  process.on("unhandledRejection", (error) => abort(`error: ${error?.stack ?? error}`));
  // Last resort when the process exits anyway: no child process group survives it.
  process.on("exit", () => {
    for (const child of children) signalGroup(child, "SIGKILL");
  });
  const watchdog = setTimeout(() => abort(`took longer than ${deadlineMs / 60_000} minutes: stopping`), deadlineMs);
  watchdog.unref();
  return () => clearTimeout(watchdog);
}

// ---- child processes ---------------------------------------------------------------------------
/** Every child process this script started (each the leader of its own process group) until it exits. */
const children = new Set();
export function spawnGroup(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
function signalGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {}
}

export async function run(cmd, args, { cwd, env: extraEnv, logFile }) {
  await notWhileStopping();
  return new Promise((resolve, reject) => {
    const out = logFile ? createWriteStream(logFile) : null;
    const child = spawnGroup(cmd, args, { cwd, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    const stopped = onCleanup(() => killGroup(child));
    child.stdout.pipe(out ?? process.stdout, { end: false });
    child.stderr.pipe(out ?? process.stderr, { end: false });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      stopped();
      out?.end();
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(" ")} failed (${signal ?? `exit ${code}`})${logFile ? `; log: ${logFile}` : ""}`));
    });
  });
}

/** Stops a detached child and everything in its process group: SIGTERM, then SIGKILL after 10 s. */
export async function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
const takenPorts = new Set();
/** A free port in BENCH_PORTS ("from-to", default 3400-3499) not yet handed out by this process. */
export async function freePortInRange() {
  const [from, to] = (process.env.BENCH_PORTS ?? "3400-3499").split("-").map(Number);
  for (let port = from; port <= to; port++) {
    if (takenPorts.has(port)) continue;
    if (await portIsFree(port)) {
      takenPorts.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to} (BENCH_PORTS)`);
}

// ---- figures -----------------------------------------------------------------------------------
/** The settings every benchmark takes from the environment (BENCH_*), with their defaults. */
export function benchOptions(env = process.env) {
  return {
    source: env.BENCH_SOURCE ?? "head",
    seconds: Number(env.BENCH_SECONDS ?? 5),
    rounds: Number(env.BENCH_ROUNDS ?? 4),
    warmup: Number(env.BENCH_WARMUP_SECONDS ?? 3),
    connections: Number(env.BENCH_CONNECTIONS ?? 10),
    databaseUrl: env.BENCH_DATABASE_URL ?? null,
    keep: !!env.BENCH_KEEP,
    noCache: !!env.BENCH_NO_CACHE,
  };
}

export const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
export const fmt = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pad = (s, n) => String(s).padEnd(n);
export const lpad = (s, n) => String(s).padStart(n);

// CPU time from /proc (Linux): what a variant costs the machine per request, which stays readable
// when other work competes for the cores and req/s wobbles.
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
const procPids = () => (existsSync("/proc") ? readdirSync("/proc").filter((e) => /^\d+$/.test(e)) : []);
/**
 * CPU time of a process and every process under it: an instance is its launcher and the server
 * process the launcher starts (scripts/serve.mjs).
 */
export function processCpuMs(pid) {
  const stats = new Map(procPids().map((p) => [Number(p), procStat(p)]));
  if (!stats.get(pid)) return NaN;
  let ticks = 0;
  const visit = (p) => {
    ticks += stats.get(p)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat?.ppid === p) visit(child);
  };
  visit(pid);
  return (ticks * 1000) / CLK_TCK;
}
/** The postmaster serving `dir`, if it runs on this machine. */
function findPostmaster(dir) {
  for (const pid of procPids()) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const i = argv.indexOf("-D");
      if (i >= 0 && argv[i + 1] === dir) return Number(pid);
    } catch {}
  }
  return null;
}
/** CPU of a PostgreSQL server: the postmaster and all its children (backends, background workers). */
export function postgresCpuMs(postmaster) {
  if (!postmaster) return NaN;
  let ticks = procStat(postmaster)?.ticks ?? 0;
  for (const pid of procPids()) {
    const st = procStat(pid);
    if (st?.ppid === postmaster) ticks += st.ticks;
  }
  return (ticks * 1000) / CLK_TCK;
}

export function printMachine(title) {
  const cpu = os.cpus();
  console.log(title);
  console.log(
    `machine: ${cpu.length} CPU core(s) (${cpu[0]?.model?.trim() ?? "unknown"}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}. ` +
      `The load generator (autocannon, this process) shares those cores with the server under test: ` +
      `absolute figures are low and a little noisy, the ratios are what to read.`,
  );
}
export function noteBusyMachine() {
  const cores = os.cpus().length;
  if (os.loadavg()[0] > cores) console.log(`NOTE: load average ${loadavg()} on ${cores} cores: something else was busy on this machine; rerun when it is idle for steadier figures.`);
}

// ---- the sources and the builds ----------------------------------------------------------------
/** A temporary folder for this run, removed at the end unless `keep`. */
export function workFolder(prefix, keep) {
  const work = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(work, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  const remove = () => (keep ? undefined : rmSync(work, { recursive: true, force: true }));
  onCleanup(() => (keep ? console.log(`[${tag}] kept ${work}`) : remove()));
  process.on("exit", remove);
  return work;
}

/**
 * The app's sources in `work`/src: the last commit ("head"), the working tree as it is
 * ("worktree"), or any commit (a branch, tag or hash: to measure before and after a change).
 */
export function copySources(work, source) {
  const base = path.join(work, "src");
  mkdirSync(base);
  if (source !== "worktree") {
    const ref = source === "head" ? "HEAD" : source;
    let revision;
    try {
      revision = execFileSync("git", ["-C", root, "rev-parse", "--short", `${ref}^{commit}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      fail(`BENCH_SOURCE must be head, worktree or a commit, got "${source}"`);
    }
    const archive = path.join(work, "src.tar");
    execFileSync("git", ["-C", root, "archive", "--format=tar", "-o", archive, revision]);
    execFileSync("tar", ["-xf", archive, "-C", base]);
    rmSync(archive);
    // The Prisma client is generated (git-ignored): take this checkout's.
    cpSync(path.join(root, "lib/db/generated"), path.join(base, "lib/db/generated"), { recursive: true });
    return { base, revision, label: `${revision} (${source === "head" ? "committed; set BENCH_SOURCE=worktree for uncommitted changes" : source})` };
  }
  const skip = new Set(["node_modules", ".git", ".data", "test-results", "playwright-report"]);
  cpSync(root, base, {
    recursive: true,
    filter: (src) => {
      const top = path.relative(root, src).split(path.sep)[0];
      return !(skip.has(top) || top.startsWith(".next"));
    },
  });
  return { base, revision: "working tree", label: "working tree (uncommitted changes included)" };
}

/** The matcher of the committed proxy.ts (`export const config …` to the end), for proxies swapped in. */
function proxyMatcher(base) {
  const source = readFileSync(path.join(base, "proxy.ts"), "utf8");
  const matcher = source.slice(source.indexOf("export const config"));
  if (!matcher.startsWith("export const config")) fail("proxy.ts has no `export const config` (matcher) to copy");
  return matcher;
}

const EMPTY_PROXY = (matcher) =>
  `import { NextResponse } from "next/server";\n\n` +
  `// bench: a pass-through proxy with the gate's matcher, to price Next's proxy hop alone.\n` +
  `export function proxy() {\n  return NextResponse.next();\n}\n\n${matcher}`;

/**
 * How a variant's copy of the sources is made from `base`: the committed proxy.ts ("gate"), an
 * empty proxy with the gate's matcher ("empty", to price Next's proxy hop alone), or none.
 */
export function proxyVariants(base) {
  const matcher = proxyMatcher(base);
  return {
    gate: () => {},
    empty: (dir) => writeFileSync(path.join(dir, "proxy.ts"), EMPTY_PROXY(matcher)),
    none: (dir) => rmSync(path.join(dir, "proxy.ts")),
  };
}

/**
 * One folder per variant, made from `base` by `prepare(dir)` (which swaps in its proxy). Builds
 * are cached between runs in the system temp folder, keyed by a hash of the variant's sources
 * (and Node's version, and `extra`): an unchanged tree is not built again, whichever benchmark
 * built it. Returns { dir, cached } per variant name.
 */
export function variantFolders(work, base, variants, { noCache, extra = {} }) {
  const out = {};
  for (const [v, prepare] of Object.entries(variants)) {
    const staging = path.join(work, v);
    cpSync(base, staging, { recursive: true });
    prepare(staging);
    let dir = staging;
    let cached = false;
    if (!noCache) {
      dir = path.join(CACHE_ROOT, `${v}-${treeHash(staging, `${v} ${process.version} ${extra[v] ?? ""}`)}`);
      cached = existsSync(path.join(dir, BUILT));
      if (cached) {
        rmSync(staging, { recursive: true, force: true });
      } else {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(CACHE_ROOT, { recursive: true });
        renameSync(staging, dir);
      }
    }
    // Turbopack refuses a node_modules symlinked from outside the project, so hard-link a copy
    // (same file system: instant, no extra space). Nothing writes into node_modules.
    if (!existsSync(path.join(dir, "node_modules"))) execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
    out[v] = { dir, cached };
  }
  if (!noCache) {
    // The last KEPT_BUILDS trees used are kept per variant (this one marked as just used): a
    // benchmark of another checkout running at the same time keeps its build.
    const now = new Date();
    for (const f of Object.values(out)) utimesSync(f.dir, now, now);
    for (const v of Object.keys(variants)) {
      const builds = readdirSync(CACHE_ROOT)
        .filter((entry) => entry.slice(0, entry.lastIndexOf("-")) === v)
        .map((entry) => ({ entry, used: statSync(path.join(CACHE_ROOT, entry)).mtimeMs }))
        .sort((a, b) => b.used - a.used);
      for (const { entry } of builds.slice(KEPT_BUILDS)) rmSync(path.join(CACHE_ROOT, entry), { recursive: true, force: true });
    }
  }
  return out;
}
const KEPT_BUILDS = 3;
export const cacheNote = (noCache, work) => (noCache ? `copies in ${work}` : `builds cached in ${CACHE_ROOT} (BENCH_NO_CACHE=1 to build afresh)`);

/**
 * A hash of what goes into a build and a server start (paths and contents), plus `extra`: the
 * app's sources and configs, the launcher and the migrations. Tests, docs and bench/ do not count.
 */
function treeHash(dir, extra) {
  const hash = createHash("sha256").update(extra);
  const inputs = /^(app|components|lib|public|prisma|scripts|proxy\.ts|next\.config\.ts|postcss\.config\.mjs|prisma\.config\.ts|package(-lock)?\.json|tsconfig.*\.json|next-env\.d\.ts)$/;
  const visit = (rel) => {
    const full = path.join(dir, rel);
    const stat = lstatSync(full);
    if (stat.isDirectory()) for (const entry of readdirSync(full).sort()) visit(path.join(rel, entry));
    else hash.update(`\0${rel}\0`).update(stat.isSymbolicLink() ? readlinkSync(full) : readFileSync(full));
  };
  for (const entry of readdirSync(dir).sort()) if (inputs.test(entry)) visit(entry);
  return hash.digest("hex").slice(0, 16);
}

/** The environment every instance gets: the database, a secret, plain http on loopback. */
export function appEnvironment(databaseUrl, authSecret) {
  // Plain http on loopback: no public URL (it would make the cookie Secure and renamed).
  for (const name of ["AUTH_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "PORT", "DATA_DIR", "FORCE_BUILD"]) delete process.env[name];
  return {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: authSecret,
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    TRUST_PROXY_HOPS: "0",
    SEED_DEMO: "1", // the benchmarks sign in as the demo owner
    // Fail-fast in production (1.5 s); on a benchmark machine shared with builds a query can take
    // longer, and a 503 would end the run. What is measured is unchanged.
    DATABASE_TIMEOUT_MS: "10000",
  };
}

/** Builds the variants that are not cached, one at a time (the machine has few cores). Returns seconds per build. */
export async function buildVariants(work, folders, labels, appEnv, noCache) {
  const seconds = {};
  for (const [v, { dir, cached }] of Object.entries(folders)) {
    if (cached) {
      log(`"${labels[v]}": cached build of the same sources (${dir})`);
      continue;
    }
    const t = Date.now();
    log(`building "${labels[v]}" (next build → ${DIST})…`);
    const logFile = path.join(work, `build-${v}.log`);
    await run(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "build"], {
      cwd: dir,
      env: { ...appEnv, NODE_ENV: "production" },
      logFile,
    }).catch((error) => {
      if (!noCache) rmSync(dir, { recursive: true, force: true });
      return abort(`${error.message}\n${tail(logFile)}`);
    });
    writeFileSync(path.join(dir, BUILT), `${new Date().toISOString()}\n`);
    seconds[v] = (Date.now() - t) / 1000;
    log(`built "${labels[v]}" in ${seconds[v].toFixed(0)} s`);
  }
  return seconds;
}
export const buildNote = (folders, labels, seconds) =>
  Object.keys(folders).map((v) => `${labels[v]} ${folders[v].cached ? "cached" : `${seconds[v].toFixed(0)} s`}`).join(", ");

// ---- PostgreSQL --------------------------------------------------------------------------------
/**
 * An embedded PostgreSQL of this run's own, or a database `name` made (and dropped at the end) on
 * `serverUrl`'s server. `postmaster` is the embedded server's pid, for its CPU time; null for a
 * shared server (whose CPU is not only ours).
 */
export async function benchDatabase({ serverUrl, work, name }) {
  const database = await makeBenchDatabase({ serverUrl, work, name, password: randomBytes(18).toString("base64url") });
  log(`database: ${database.label}`);
  return database;
}
async function makeBenchDatabase({ serverUrl, work, name, password }) {
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const { rows } = await admin.query("SHOW server_version");
    await admin.end();
    onCleanup(async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), postmaster: null, label: `PostgreSQL ${rows[0].server_version} at ${url.host}, database ${name}` };
  }
  const database = await startEmbeddedPostgres({ dataDir: path.join(work, "pg"), password, port: 0, fresh: true, fsync: false, log: (m) => log(m) });
  onCleanup(() => database.stop());
  return { url: database.url, postmaster: findPostmaster(database.dir), label: `embedded PostgreSQL ${database.version} on 127.0.0.1:${database.port}` };
}

// ---- servers -----------------------------------------------------------------------------------
/** Starts the launcher in `dir` on a free port and waits for /api/health; `label` names it in errors. */
export async function startServer({ dir, env, work, label, name }) {
  await notWhileStopping();
  const port = await freePortInRange();
  const logFile = path.join(work, `server-${name}.log`);
  const child = spawnGroup(process.execPath, ["scripts/start.mjs"], { cwd: dir, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  const out = createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  onCleanup(() => killGroup(child));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) await abort(`the "${label}" server exited (code ${child.exitCode}):\n${tail(logFile)}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) await abort(`the "${label}" server did not answer on ${origin} within 90 s:\n${tail(logFile)}`);
    await sleep(200);
  }
  log(`"${label}" serving on ${origin} (launcher pid ${child.pid})`);
  return { origin, port, child, logFile };
}

export const cookiesOf = (res) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** Signs in over HTTP as next-auth's form does; returns the bb.session cookie ("name=value"). */
export async function signInOverHttp(origin, email = DEMO_EMAIL, password = DEMO_PASSWORD) {
  const csrfRes = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const signIn = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrfRes).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/` }),
  });
  const cookie = cookiesOf(signIn).find((c) => c.startsWith("bb.session="));
  if (!cookie) await abort(`sign-in as ${email} gave no bb.session cookie (status ${signIn.status}, location ${signIn.headers.get("location")})`);
  return cookie;
}

// ---- load --------------------------------------------------------------------------------------
/**
 * autocannon against `url` for `seconds`: req/s, p50/p99 of the 2xx answers, and the CPU time
 * per request of process `pid` (the app) and of the PostgreSQL server `postmaster`.
 */
export async function load({ url, headers, seconds, connections, pid, postmaster }) {
  await notWhileStopping();
  const cpu0 = { server: processCpuMs(pid), pg: postgresCpuMs(postmaster) };
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon({ url, connections, pipelining: 1, duration: seconds, headers }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      const served = result["2xx"] + result.non2xx;
      resolve({
        serverCpu: (processCpuMs(pid) - cpu0.server) / served,
        pgCpu: (postgresCpuMs(postmaster) - cpu0.pg) / served,
        rps: result["2xx"] / (result.duration || seconds),
        ok: result["2xx"],
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      });
    });
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    const stopped = onCleanup(() => instance.stop());
    instance.once("done", () => stopped());
  });
}

/** The rounds of one variant, summarised: medians of the rounds (req/s min–max too). */
export function summarise(rounds) {
  return {
    rps: median(rounds.map((r) => r.rps)),
    min: Math.min(...rounds.map((r) => r.rps)),
    max: Math.max(...rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    serverCpu: median(rounds.map((r) => r.serverCpu)),
    pgCpu: median(rounds.map((r) => r.pgCpu)),
    requests: rounds.reduce((n, r) => n + r.ok, 0),
  };
}

/** Each round ran the variants back to back: the ratio within a round shares its conditions. */
export const pairedRatio = (a, b) => median(a.map((r, i) => r.rps / b[i].rps));
