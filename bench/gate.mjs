#!/usr/bin/env node
// `npm run bench:gate`: what the request gate (proxy.ts) costs a signed-in request.
//
// Builds the app three times from the committed sources (HEAD) in copies outside this checkout
// (never in its .next; the builds are cached between runs while the sources are unchanged): with
// the gate (proxy.ts as committed), with an empty proxy (just NextResponse.next(), same matcher)
// and with no proxy.ts at all. Starts the three with the launcher (scripts/start.mjs) against
// one PostgreSQL database (an embedded server of its own, or BENCH_DATABASE_URL's server, where
// it creates and drops a database of its own), signs in once over HTTP, then loads GET /api/me with that cookie: 10 connections, a warm-up, then the
// variants in turn, several rounds each, so all of them see the same machine conditions. Per
// variant it prints req/s, latency, and the CPU time per request of the app's process and of the
// (embedded) PostgreSQL server, read from /proc: on a shared machine req/s wobbles with whatever
// else runs, CPU per request much less. Then bench/gate-query.mjs times the gate's database
// lookup (raw pg vs Prisma) and its cookie decode (cached key vs next-auth's) in isolation.
// Everything it starts it stops, also on error or Ctrl-C.
//
// Options (environment):
//   BENCH_SOURCE=head|worktree   build from the last commit (default) or the working tree as it is
//   BENCH_VARIANTS=gate,empty,none   which builds to compare (default all three)
//   BENCH_SECONDS=5 BENCH_ROUNDS=4 BENCH_WARMUP_SECONDS=3 BENCH_CONNECTIONS=10
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres   use that server instead of
//                                an embedded one (a database bb_bench_gate_<pid> is created and dropped)
//   BENCH_KEEP=1                 keep the temporary folder (server logs, …) for inspection
//   BENCH_NO_CACHE=1             build afresh in the temporary folder; by default the builds are
//                                kept in $TMPDIR/bb-bench-gate-builds and reused while the app's
//                                sources are unchanged (one build per variant is kept)
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
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const opts = {
  source: env.BENCH_SOURCE ?? "head",
  variants: (env.BENCH_VARIANTS ?? "gate,empty,none").split(",").map((v) => v.trim()).filter(Boolean),
  seconds: Number(env.BENCH_SECONDS ?? 5),
  rounds: Number(env.BENCH_ROUNDS ?? 4),
  warmup: Number(env.BENCH_WARMUP_SECONDS ?? 3),
  connections: Number(env.BENCH_CONNECTIONS ?? 10),
  databaseUrl: env.BENCH_DATABASE_URL ?? null,
  keep: !!env.BENCH_KEEP,
  noCache: !!env.BENCH_NO_CACHE,
};
const ENDPOINT = "/api/me";
const EMAIL = "owner@example.com";
const PASSWORD = "buddha-demo-2026";
const DIST = ".next-bench-gate";
const BUILT = ".bench-gate-built"; // written into a variant's folder once its build has succeeded
const DEADLINE_MS = 12 * 60_000; // a safety net: about 3.5 min with three fresh builds, 2 min with cached ones, on an idle machine

const VARIANTS = {
  gate: { label: "with gate (proxy.ts)", short: "gate" },
  empty: { label: "empty proxy (NextResponse.next)", short: "empty proxy" },
  none: { label: "no proxy.ts", short: "no proxy" },
};
for (const v of opts.variants) if (!VARIANTS[v]) fail(`unknown variant "${v}" in BENCH_VARIANTS (gate, empty, none)`);
if (!["head", "worktree"].includes(opts.source)) fail(`BENCH_SOURCE must be head or worktree, got "${opts.source}"`);

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const log = (message) => console.log(`[bench ${elapsed()}] ${message}`);
function fail(message) {
  console.error(`[bench] ${message}`);
  process.exit(1);
}

// ---- cleanup: everything started registers how to stop it; run in reverse, once ----------------
const cleanups = new Set();
/** Registers how to stop something; returns the function that unregisters it once it stopped by itself. */
function onCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    const fns = [...cleanups].reverse();
    cleanups.clear();
    for (const fn of fns) {
      try {
        await fn();
      } catch (error) {
        console.error(`[bench] cleanup: ${error.message}`);
      }
    }
  })();
  return cleaning;
}
/** Once stopping has begun, nothing new starts: whoever asks waits here until the process exits. */
const notWhileStopping = () => (cleaning ? new Promise(() => {}) : undefined);
async function abort(message, code = 1) {
  if (cleaning) return notWhileStopping();
  console.error(`[bench] ${message}`);
  // The servers first, at once: on Ctrl-C embedded-postgres's own exit hook stops the database
  // and exits the process while our asynchronous cleanup is still under way.
  for (const child of children) signalGroup(child, "SIGTERM");
  await cleanup();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => abort(`${signal}: stopping`, 130));
process.on("uncaughtException", (error) => abort(`error: ${error.stack ?? error}`));
process.on("unhandledRejection", (error) => abort(`error: ${error?.stack ?? error}`));
// Last resort when the process exits anyway: no child process group survives it.
process.on("exit", () => {
  for (const child of children) signalGroup(child, "SIGKILL");
});
const watchdog = setTimeout(() => abort(`took longer than ${DEADLINE_MS / 60_000} minutes: stopping`), DEADLINE_MS);
watchdog.unref();

// ---- helpers ----------------------------------------------------------------------------------
/** Every child process this script started (each the leader of its own process group) until it exits. */
const children = new Set();
function spawnGroup(cmd, args, options) {
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

async function run(cmd, args, { cwd, env: extraEnv, logFile }) {
  await notWhileStopping();
  return new Promise((resolve, reject) => {
    const out = logFile ? createWriteStream(logFile) : null;
    const child = spawnGroup(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
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
async function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
const takenPorts = new Set();
async function freePortInRange(from = 3400, to = 3499) {
  for (let port = from; port <= to; port++) {
    if (takenPorts.has(port)) continue;
    if (await portIsFree(port)) {
      takenPorts.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to}`);
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
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
const processCpuMs = (pid) => ((procStat(pid)?.ticks ?? NaN) * 1000) / CLK_TCK;
const procPids = () => (existsSync("/proc") ? readdirSync("/proc").filter((e) => /^\d+$/.test(e)) : []);
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
function postgresCpuMs(postmaster) {
  if (!postmaster) return NaN;
  let ticks = procStat(postmaster)?.ticks ?? 0;
  for (const pid of procPids()) {
    const st = procStat(pid);
    if (st?.ppid === postmaster) ticks += st.ticks;
  }
  return (ticks * 1000) / CLK_TCK;
}

const fmt = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

// ---- 1. the sources: the last commit (or the working tree) in a temporary folder ---------------
const cpu = os.cpus();
console.log(`bench:gate — GET ${ENDPOINT} signed in, with and without the request gate`);
console.log(
  `machine: ${cpu.length} CPU core(s) (${cpu[0]?.model?.trim() ?? "unknown"}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}. ` +
    `The load generator (autocannon, this process) shares those cores with the server under test: ` +
    `absolute figures are low and a little noisy, the ratios are what to read.`,
);
const work = mkdtempSync(path.join(os.tmpdir(), "bb-bench-gate-"));
chmodSync(work, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
const removeWork = () => (opts.keep ? undefined : rmSync(work, { recursive: true, force: true }));
onCleanup(() => (opts.keep ? console.log(`[bench] kept ${work}`) : removeWork()));
process.on("exit", removeWork);

const base = path.join(work, "src");
mkdirSync(base);
let revision;
if (opts.source === "head") {
  revision = execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  const archive = path.join(work, "src.tar");
  execFileSync("git", ["-C", root, "archive", "--format=tar", "-o", archive, "HEAD"]);
  execFileSync("tar", ["-xf", archive, "-C", base]);
  rmSync(archive);
  // The Prisma client is generated (git-ignored): take this checkout's.
  cpSync(path.join(root, "lib/db/generated"), path.join(base, "lib/db/generated"), { recursive: true });
} else {
  revision = "working tree";
  const skip = new Set(["node_modules", ".git", ".data", "test-results", "playwright-report"]);
  cpSync(root, base, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(root, src);
      const top = rel.split(path.sep)[0];
      return !(skip.has(top) || top.startsWith(".next"));
    },
  });
}
const gateSource = readFileSync(path.join(base, "proxy.ts"), "utf8");
const matcher = gateSource.slice(gateSource.indexOf("export const config"));
if (!matcher.startsWith("export const config")) await abort("proxy.ts has no `export const config` (matcher) to copy");
const EMPTY_PROXY =
  `import { NextResponse } from "next/server";\n\n` +
  `// bench/gate: a pass-through proxy with the gate's matcher, to price Next's proxy hop alone.\n` +
  `export function proxy() {\n  return NextResponse.next();\n}\n\n${matcher}`;

// One folder per variant. Builds are cached between runs in the system temp folder, keyed by a
// hash of the variant's sources (and Node's version): an unchanged tree is not built again.
const cacheRoot = path.join(os.tmpdir(), "bb-bench-gate-builds");
const variantDirs = {};
const cached = {};
for (const v of opts.variants) {
  const staging = path.join(work, v);
  cpSync(base, staging, { recursive: true });
  if (v === "empty") writeFileSync(path.join(staging, "proxy.ts"), EMPTY_PROXY);
  if (v === "none") rmSync(path.join(staging, "proxy.ts"));
  let dir = staging;
  if (!opts.noCache) {
    dir = path.join(cacheRoot, `${v}-${treeHash(staging, `${v} ${process.version}`)}`);
    cached[v] = existsSync(path.join(dir, BUILT));
    if (cached[v]) {
      rmSync(staging, { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(cacheRoot, { recursive: true });
      renameSync(staging, dir);
    }
  }
  // Turbopack refuses a node_modules symlinked from outside the project, so hard-link a copy
  // (same file system: instant, no extra space). Nothing writes into node_modules.
  if (!existsSync(path.join(dir, "node_modules"))) execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
  variantDirs[v] = dir;
}
if (!opts.noCache) {
  // One build per variant is kept: this tree's.
  const current = new Set(Object.values(variantDirs).map((d) => path.basename(d)));
  for (const entry of readdirSync(cacheRoot)) {
    if (!current.has(entry) && opts.variants.includes(entry.split("-")[0])) rmSync(path.join(cacheRoot, entry), { recursive: true, force: true });
  }
}
log(
  `sources: ${revision} (${opts.source === "head" ? "committed; set BENCH_SOURCE=worktree for uncommitted changes" : "uncommitted changes included"}); ` +
    (opts.noCache ? `copies in ${work}` : `builds cached in ${cacheRoot} (BENCH_NO_CACHE=1 to build afresh)`),
);

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

// ---- 2. PostgreSQL -----------------------------------------------------------------------------
const authSecret = randomBytes(36).toString("base64url");
let databaseUrl;
let databaseLabel;
let postmaster = null; // the embedded server's, for its CPU time; none for a shared server
if (opts.databaseUrl) {
  const name = `bb_bench_gate_${process.pid}`;
  const admin = new pg.Client({ connectionString: opts.databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const { rows } = await admin.query("SHOW server_version");
  await admin.end();
  onCleanup(async () => {
    const c = new pg.Client({ connectionString: opts.databaseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(opts.databaseUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  databaseLabel = `PostgreSQL ${rows[0].server_version} at ${url.host}, database ${name}`;
} else {
  const database = await startEmbeddedPostgres({
    dataDir: path.join(work, "pg"),
    password: randomBytes(18).toString("base64url"),
    port: 0,
    fresh: true,
    fsync: false,
    log: (m) => log(m),
  });
  onCleanup(() => database.stop());
  postmaster = findPostmaster(database.dir);
  databaseUrl = database.url;
  databaseLabel = `embedded PostgreSQL ${database.version} on 127.0.0.1:${database.port}`;
}
log(`database: ${databaseLabel}`);

// ---- 3. builds (one at a time: the machine has few cores) ----------------------------------------
const appEnv = {
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: authSecret,
  NEXT_DIST_DIR: DIST,
  NEXT_TELEMETRY_DISABLED: "1",
  TRUST_PROXY_HOPS: "0",
  SEED_DEMO: "1", // it signs in as the demo owner
};
// Plain http on loopback: no public URL (it would make the cookie Secure and renamed).
for (const name of ["AUTH_URL", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "PORT", "DATA_DIR", "FORCE_BUILD"]) delete env[name];
const buildSeconds = {};
for (const v of opts.variants) {
  if (cached[v]) {
    log(`"${VARIANTS[v].label}": cached build of the same sources (${variantDirs[v]})`);
    continue;
  }
  const t = Date.now();
  log(`building "${VARIANTS[v].label}" (next build → ${DIST})…`);
  await run(process.execPath, [path.join(variantDirs[v], "node_modules/next/dist/bin/next"), "build"], {
    cwd: variantDirs[v],
    env: { ...appEnv, NODE_ENV: "production" },
    logFile: path.join(work, `build-${v}.log`),
  }).catch((error) => {
    if (!opts.noCache) rmSync(variantDirs[v], { recursive: true, force: true });
    return abort(`${error.message}\n${tail(path.join(work, `build-${v}.log`))}`);
  });
  writeFileSync(path.join(variantDirs[v], BUILT), `${new Date().toISOString()}\n`);
  buildSeconds[v] = (Date.now() - t) / 1000;
  log(`built "${VARIANTS[v].label}" in ${buildSeconds[v].toFixed(0)} s`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

// ---- 4. servers (one at a time, so migrations and seeding never race) --------------------------
const servers = {};
for (const v of opts.variants) {
  await notWhileStopping();
  const port = await freePortInRange();
  const logFile = path.join(work, `server-${v}.log`);
  const child = spawnGroup(process.execPath, ["scripts/start.mjs"], {
    cwd: variantDirs[v],
    env: { ...env, ...appEnv, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  onCleanup(() => killGroup(child));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) await abort(`the "${v}" server exited (code ${child.exitCode}):\n${tail(logFile)}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) await abort(`the "${v}" server did not answer on ${origin} within 90 s:\n${tail(logFile)}`);
    await sleep(200);
  }
  servers[v] = { origin, port, child, logFile };
  log(`"${VARIANTS[v].label}" serving on ${origin} (launcher pid ${child.pid})`);
}

// ---- 5. sign in once over HTTP; the same cookie for every variant -------------------------------
function cookiesOf(res) {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}
const first = servers[opts.variants[0]].origin;
const csrfRes = await fetch(`${first}/api/auth/csrf`);
const csrfCookies = cookiesOf(csrfRes);
const { csrfToken } = await csrfRes.json();
const signIn = await fetch(`${first}/api/auth/callback/credentials`, {
  method: "POST",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
  body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, callbackUrl: `${first}/` }),
});
const sessionCookie = cookiesOf(signIn).find((c) => c.startsWith("bb.session="));
if (!sessionCookie) await abort(`sign-in as ${EMAIL} gave no bb.session cookie (status ${signIn.status}, location ${signIn.headers.get("location")})`);
log(`signed in as ${EMAIL} (status ${signIn.status}); cookie ${sessionCookie.length} bytes`);

// Each variant: the endpoint answers 200 with the cookie and 401 without; only the gate build
// turns a cookie-less page request away itself (303 to /login, where the page's own redirect is 307).
for (const v of opts.variants) {
  const { origin } = servers[v];
  const me = await fetch(`${origin}${ENDPOINT}`, { headers: { cookie: sessionCookie } });
  const body = await me.text();
  if (me.status !== 200) await abort(`"${v}": GET ${ENDPOINT} with the cookie answered ${me.status}: ${body.slice(0, 200)}`);
  const anon = await fetch(`${origin}${ENDPOINT}`);
  if (anon.status !== 401) await abort(`"${v}": GET ${ENDPOINT} without a cookie answered ${anon.status}, expected 401`);
  const page = await fetch(`${origin}/`, { redirect: "manual" });
  const gated = page.status === 303;
  if (gated !== (v === "gate")) await abort(`"${v}": GET / without a cookie answered ${page.status}; the build ${gated ? "has" : "lacks"} the gate`);
  servers[v].sample = body;
}
log(`checked: ${ENDPOINT} → ${servers[opts.variants[0]].sample}; 401 without cookie; only the gate build answers GET / with 303`);

// ---- 6. load: warm-up, then the variants in turn, round after round ----------------------------
async function load(v, seconds) {
  await notWhileStopping();
  const { pid } = servers[v].child;
  const cpu0 = { server: processCpuMs(pid), pg: postgresCpuMs(postmaster) };
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(
      {
        url: `${servers[v].origin}${ENDPOINT}`,
        connections: opts.connections,
        pipelining: 1,
        duration: seconds,
        headers: { cookie: sessionCookie },
      },
      (error, result) => {
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
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    const stopped = onCleanup(() => instance.stop());
    instance.once("done", () => stopped());
  });
}

log(`warm-up: ${opts.warmup} s per variant, ${opts.connections} connections (load average before: ${loadavg()})`);
for (const v of opts.variants) {
  const r = await load(v, opts.warmup);
  if (r.non2xx || r.errors) await abort(`"${v}" warm-up: ${r.non2xx} non-2xx responses, ${r.errors} errors (server log: ${servers[v].logFile})`);
}
const results = Object.fromEntries(opts.variants.map((v) => [v, []]));
for (let round = 0; round < opts.rounds; round++) {
  // Rotate the order each round, so no variant always runs first or last.
  const order = opts.variants.map((_, i) => opts.variants[(i + round) % opts.variants.length]);
  const line = [];
  for (const v of order) {
    const r = await load(v, opts.seconds);
    if (r.non2xx || r.errors) await abort(`"${v}" round ${round + 1}: ${r.non2xx} non-2xx responses, ${r.errors} errors (server log: ${servers[v].logFile})`);
    results[v].push(r);
    line.push(`${VARIANTS[v].short} ${fmt(r.rps)} req/s`);
  }
  log(`round ${round + 1}/${opts.rounds}: ${line.join(", ")} (load average ${loadavg()})`);
}

// The servers are done: stop them before the micro-benchmarks so they have the CPU to themselves.
for (const v of opts.variants) await killGroup(servers[v].child);

const summary = Object.fromEntries(
  opts.variants.map((v) => {
    const rs = results[v];
    return [
      v,
      {
        rps: median(rs.map((r) => r.rps)),
        min: Math.min(...rs.map((r) => r.rps)),
        max: Math.max(...rs.map((r) => r.rps)),
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        serverCpu: median(rs.map((r) => r.serverCpu)),
        pgCpu: median(rs.map((r) => r.pgCpu)),
        requests: rs.reduce((n, r) => n + r.ok, 0),
      },
    ];
  }),
);

const hasPgCpu = opts.variants.every((v) => Number.isFinite(summary[v].pgCpu));
console.log("");
console.log(`GET ${ENDPOINT} (signed in; the handler checks the session itself in every variant), ${opts.connections} connections,`);
console.log(`${opts.rounds} round(s) × ${opts.seconds} s per variant after a ${opts.warmup} s warm-up; median of the rounds (min–max); latency from every 2xx response;`);
console.log(`CPU = CPU time per request of the app's process${hasPgCpu ? " and of the PostgreSQL server" : ""} (from /proc), steadier than req/s when the machine is busy`);
console.log(
  `${pad("variant", 34)}${lpad("req/s", 7)}${lpad("min–max", 12)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("app CPU ms", 12)}` +
    `${hasPgCpu ? lpad("PG CPU ms", 11) : ""}${lpad("requests", 10)}`,
);
for (const v of opts.variants) {
  const s = summary[v];
  console.log(
    `${pad(VARIANTS[v].label, 34)}${lpad(fmt(s.rps), 7)}${lpad(`${fmt(s.min)}–${fmt(s.max)}`, 12)}${lpad(fmt(s.p50, 1), 9)}${lpad(fmt(s.p99, 1), 9)}` +
      `${lpad(fmt(s.serverCpu, 2), 12)}${hasPgCpu ? lpad(fmt(s.pgCpu, 2), 11) : ""}${lpad(fmt(s.requests), 10)}`,
  );
}
const ratios = [];
if (summary.gate && summary.none) ratios.push(["with gate / no proxy", "gate", "none"]);
if (summary.gate && summary.empty) ratios.push(["with gate / empty proxy", "gate", "empty"]);
if (summary.empty && summary.none) ratios.push(["empty proxy / no proxy", "empty", "none"]);
for (const [label, a, b] of ratios) {
  const ratio = summary[a].rps / summary[b].rps;
  // Each round ran the variants back to back: the ratio within a round shares its conditions.
  const paired = median(results[a].map((r, i) => r.rps / results[b][i].rps));
  const cpu = summary[a].serverCpu - summary[b].serverCpu;
  const pgCpu = summary[a].pgCpu - summary[b].pgCpu;
  console.log(
    `ratio ${pad(label, 24)} req/s ${ratio.toFixed(2)} (median of per-round ratios ${paired.toFixed(2)}); ` +
      `CPU per request ${cpu >= 0 ? "+" : ""}${fmt(cpu, 2)} ms app${hasPgCpu ? `, ${pgCpu >= 0 ? "+" : ""}${fmt(pgCpu, 2)} ms PostgreSQL` : ""}`,
  );
}
if (os.loadavg()[0] > cpu.length) console.log(`NOTE: load average ${loadavg()} on ${cpu.length} cores: something else was busy on this machine; rerun when it is idle for steadier figures.`);
console.log(`builds: ${opts.variants.map((v) => `${VARIANTS[v].short} ${cached[v] ? "cached" : `${buildSeconds[v].toFixed(0)} s`}`).join(", ")}; database: ${databaseLabel}`);
console.log("");

// ---- 7. the gate's own pieces, in isolation: database lookup and cookie decode ------------------
log("micro-benchmarks: the gate's lookup and cookie decode (bench/gate-query.mjs)…");
const queryDir = variantDirs.gate ?? variantDirs[opts.variants[0]];
await run(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "bench/gate-query.mjs")], {
  cwd: queryDir,
  env: { ...appEnv, NODE_ENV: "production", BENCH_ROOT: queryDir, BENCH_COOKIE: sessionCookie.slice("bb.session=".length), BENCH_QUIET_HEADER: "1" },
}).catch((error) => abort(error.message));

await cleanup();
clearTimeout(watchdog);
console.log(`\nbench:gate finished in ${elapsed()} (everything it started is stopped).`);
process.exit(0);
