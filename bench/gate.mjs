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
//   BENCH_SOURCE=head|worktree|REF   the last commit (default), the working tree as it is, or a commit
//   BENCH_VARIANTS=gate,empty,none   which builds to compare (default all three)
//   BENCH_SECONDS=5 BENCH_ROUNDS=4 BENCH_WARMUP_SECONDS=3 BENCH_CONNECTIONS=10
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres   use that server instead of
//                                an embedded one (a database bb_bench_gate_<pid> is created and dropped)
//   BENCH_PORTS=3400-3499        where the app instances listen (the first free ports)
//   BENCH_KEEP=1                 keep the temporary folder (server logs, …) for inspection
//   BENCH_NO_CACHE=1             build afresh in the temporary folder; by default the builds are
//                                kept in $TMPDIR/bb-bench-gate-builds and reused while the app's
//                                sources are unchanged (the last three trees per variant are kept)
import { randomBytes } from "node:crypto";
import path from "node:path";
import {
  abort,
  appEnvironment,
  benchOptions,
  benchDatabase,
  buildNote,
  buildVariants,
  cacheNote,
  cleanup,
  copySources,
  DEMO_EMAIL,
  elapsed,
  fail,
  fmt,
  install,
  killGroup,
  load,
  loadavg,
  log,
  lpad,
  noteBusyMachine,
  pad,
  pairedRatio,
  printMachine,
  proxyVariants,
  root,
  run,
  signInOverHttp,
  startServer,
  summarise,
  variantFolders,
  workFolder,
} from "./harness.mjs";

const env = process.env;
const opts = {
  ...benchOptions(env),
  variants: (env.BENCH_VARIANTS ?? "gate,empty,none").split(",").map((v) => v.trim()).filter(Boolean),
};
const ENDPOINT = "/api/me";

const VARIANTS = {
  gate: { label: "with gate (proxy.ts)", short: "gate" },
  empty: { label: "empty proxy (NextResponse.next)", short: "empty proxy" },
  none: { label: "no proxy.ts", short: "no proxy" },
};
for (const v of opts.variants) if (!VARIANTS[v]) fail(`unknown variant "${v}" in BENCH_VARIANTS (gate, empty, none)`);
// A safety net: about 3.5 min with three fresh builds, 2 min with cached ones, on an idle machine.
const stopWatchdog = install({ name: "bench", deadlineMs: 12 * 60_000 });

// ---- 1. the sources: the last commit (or the working tree) in a temporary folder ---------------
printMachine(`bench:gate — GET ${ENDPOINT} signed in, with and without the request gate`);
const work = workFolder("bb-bench-gate-", opts.keep);
const { base, label: sourceLabel } = copySources(work, opts.source);
const prepare = proxyVariants(base);
const folders = variantFolders(work, base, Object.fromEntries(opts.variants.map((v) => [v, prepare[v]])), { noCache: opts.noCache });
log(`sources: ${sourceLabel}; ${cacheNote(opts.noCache, work)}`);

// ---- 2. PostgreSQL -----------------------------------------------------------------------------
const authSecret = randomBytes(36).toString("base64url");
const database = await benchDatabase({ serverUrl: opts.databaseUrl, work, name: `bb_bench_gate_${process.pid}` });
const postmaster = database.postmaster;

// ---- 3. builds (one at a time: the machine has few cores) ----------------------------------------
const appEnv = appEnvironment(database.url, authSecret);
const labels = Object.fromEntries(opts.variants.map((v) => [v, VARIANTS[v].label]));
const buildSeconds = await buildVariants(work, folders, labels, appEnv, opts.noCache);

// ---- 4. servers (one at a time, so migrations and seeding never race) --------------------------
const servers = {};
for (const v of opts.variants) servers[v] = await startServer({ dir: folders[v].dir, env: appEnv, work, label: VARIANTS[v].label, name: v });

// ---- 5. sign in once over HTTP; the same cookie for every variant -------------------------------
const sessionCookie = await signInOverHttp(servers[opts.variants[0]].origin);
log(`signed in as ${DEMO_EMAIL}; cookie ${sessionCookie.length} bytes`);

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
const loadVariant = (v, seconds) =>
  load({ url: `${servers[v].origin}${ENDPOINT}`, headers: { cookie: sessionCookie }, seconds, connections: opts.connections, pid: servers[v].child.pid, postmaster });

log(`warm-up: ${opts.warmup} s per variant, ${opts.connections} connections (load average before: ${loadavg()})`);
for (const v of opts.variants) {
  const r = await loadVariant(v, opts.warmup);
  if (r.non2xx || r.errors) await abort(`"${v}" warm-up: ${r.non2xx} non-2xx responses, ${r.errors} errors (server log: ${servers[v].logFile})`);
}
const results = Object.fromEntries(opts.variants.map((v) => [v, []]));
for (let round = 0; round < opts.rounds; round++) {
  // Rotate the order each round, so no variant always runs first or last.
  const order = opts.variants.map((_, i) => opts.variants[(i + round) % opts.variants.length]);
  const line = [];
  for (const v of order) {
    const r = await loadVariant(v, opts.seconds);
    if (r.non2xx || r.errors) await abort(`"${v}" round ${round + 1}: ${r.non2xx} non-2xx responses, ${r.errors} errors (server log: ${servers[v].logFile})`);
    results[v].push(r);
    line.push(`${VARIANTS[v].short} ${fmt(r.rps)} req/s`);
  }
  log(`round ${round + 1}/${opts.rounds}: ${line.join(", ")} (load average ${loadavg()})`);
}

// The servers are done: stop them before the micro-benchmarks so they have the CPU to themselves.
for (const v of opts.variants) await killGroup(servers[v].child);

const summary = Object.fromEntries(opts.variants.map((v) => [v, summarise(results[v])]));
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
const resultLines = [];
for (const [, a, b] of ratios) resultLines.push(`result gate_${a}_vs_${b}=${pairedRatio(results[a], results[b]).toFixed(2)}`);
for (const v of opts.variants) {
  resultLines.push(`result gate_${v}_rps=${Math.round(summary[v].rps)}`, `result gate_${v}_app_cpu_ms=${summary[v].serverCpu.toFixed(2)}`);
  if (hasPgCpu) resultLines.push(`result gate_${v}_pg_cpu_ms=${summary[v].pgCpu.toFixed(3)}`);
}
for (const [label, a, b] of ratios) {
  const ratio = summary[a].rps / summary[b].rps;
  const cpu = summary[a].serverCpu - summary[b].serverCpu;
  const pgCpu = summary[a].pgCpu - summary[b].pgCpu;
  console.log(
    `ratio ${pad(label, 24)} req/s ${ratio.toFixed(2)} (median of per-round ratios ${pairedRatio(results[a], results[b]).toFixed(2)}); ` +
      `CPU per request ${cpu >= 0 ? "+" : ""}${fmt(cpu, 2)} ms app${hasPgCpu ? `, ${pgCpu >= 0 ? "+" : ""}${fmt(pgCpu, 2)} ms PostgreSQL` : ""}`,
  );
}
noteBusyMachine();
console.log(`builds: ${buildNote(folders, Object.fromEntries(opts.variants.map((v) => [v, VARIANTS[v].short])), buildSeconds)}; database: ${database.label}`);
console.log("");

// ---- 7. the gate's own pieces, in isolation: database lookup and cookie decode ------------------
log("micro-benchmarks: the gate's lookup and cookie decode (bench/gate-query.mjs)…");
const queryDir = folders[opts.variants.includes("gate") ? "gate" : opts.variants[0]].dir;
await run(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "bench/gate-query.mjs")], {
  cwd: queryDir,
  env: { ...appEnv, NODE_ENV: "production", BENCH_ROOT: queryDir, BENCH_COOKIE: sessionCookie.slice("bb.session=".length), BENCH_QUIET_HEADER: "1" },
}).catch((error) => abort(error.message));

await cleanup();
stopWatchdog();
console.log(`\nbench:gate finished in ${elapsed()} (everything it started is stopped).`);
for (const line of resultLines) console.log(line);
process.exit(0);
