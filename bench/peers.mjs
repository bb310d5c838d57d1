#!/usr/bin/env node
// `npm run bench:peers`: our request gate against what a team would pick instead, Better Auth
// (1.7, its PostgreSQL adapter), with its cookie cache off ("strict": a database read on every
// getSession) and on (maxAge 300 s), on the same app, the same PostgreSQL and the same machine.
//
// Builds from the committed sources (bench/harness.mjs; the builds are shared with bench:gate):
//   ours                 proxy.ts as committed (the gate)
//   better-auth strict   proxy.ts as committed, but the session check is Better Auth's
//   better-auth cached     `auth.api.getSession({ headers })` (bench/peers/better-auth.mjs): one
//                          build, started twice, with the cookie cache off and on
//   empty proxy          NextResponse.next() with the gate's matcher
//   no proxy             no proxy.ts
// Everything else in the proxy (CSP nonce, cross-site refusal, …) and every handler is the same:
// the handlers still check our session (requireSession), so each request carries our cookie and,
// for the Better Auth builds, Better Auth's cookies too. Better Auth's tables live in the
// benchmark's database beside ours. GET /api/me and the My Sessions page are loaded with
// autocannon, the five variants alternated round after round; per variant req/s, p50/p99, and
// the CPU time per request of the app's process and of PostgreSQL (bench/harness.mjs).
//
// Then the revocation delay of each: a fresh session is revoked (ours: DELETE /api/sessions/{id}
// through the app; Better Auth: auth.api.revokeSession) and, from the moment that returns, the
// revoked session polls GET /api/me until it is refused. The delay is when the first refused
// request was sent, counted from the revoke returning; 0 means the very next request was refused.
// The cached variant's poll (once a second, up to BENCH_REVOKE_TIMEOUT_SECONDS) runs alongside the
// load rounds.
//
// Options (environment): BENCH_SOURCE, BENCH_SECONDS=5, BENCH_ROUNDS=4, BENCH_WARMUP_SECONDS=3,
// BENCH_CONNECTIONS=10, BENCH_DATABASE_URL, BENCH_PORTS, BENCH_KEEP, BENCH_NO_CACHE as in
// bench/gate.mjs; BENCH_REVOKE_TIMEOUT_SECONDS=360.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
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
  elapsed,
  fail,
  fmt,
  install,
  load,
  loadavg,
  log,
  lpad,
  noteBusyMachine,
  onCleanup,
  pad,
  pairedRatio,
  printMachine,
  proxyVariants,
  root,
  signInOverHttp,
  sleep,
  startServer,
  summarise,
  variantFolders,
  workFolder,
} from "./harness.mjs";
import { betterAuthOptions } from "./peers/better-auth.mjs";

const env = process.env;
const opts = {
  ...benchOptions(env),
  revokeTimeout: Number(env.BENCH_REVOKE_TIMEOUT_SECONDS ?? 360),
};
const CACHE_SECONDS = 300;
const ENDPOINTS = { me: "/api/me", page: "/settings/sessions" };
const VARIANTS = {
  ours: { label: "ours (the gate)", build: "gate" },
  baStrict: { label: "better-auth strict", build: "ba", cache: 0 },
  baCached: { label: `better-auth cached (${CACHE_SECONDS} s)`, build: "ba", cache: CACHE_SECONDS },
  empty: { label: "empty proxy", build: "empty" },
  none: { label: "no proxy", build: "none" },
};
const names = Object.keys(VARIANTS);
const isBetterAuth = (v) => VARIANTS[v].build === "ba";
const stopWatchdog = install({ name: "peers", deadlineMs: 25 * 60_000 });

// ---- builds ------------------------------------------------------------------------------------
printMachine("bench:peers — our request gate against Better Auth's getSession, strict and cached");
const work = workFolder("bb-bench-peers-", opts.keep);
const { base, label: sourceLabel } = copySources(work, opts.source);
const { gate, empty, none } = proxyVariants(base);
const betterAuthModule = readFileSync(path.join(root, "bench/peers/better-auth.mjs"), "utf8");
const folders = variantFolders(
  work,
  base,
  {
    gate,
    ba: (dir) => {
      const proxy = path.join(dir, "proxy.ts");
      writeFileSync(proxy, withBetterAuth(readFileSync(proxy, "utf8")));
      mkdirSync(path.join(dir, "bench/peers"), { recursive: true });
      writeFileSync(path.join(dir, "bench/peers/better-auth.mjs"), betterAuthModule);
    },
    empty,
    none,
  },
  // bench/ is not part of a build's hash: the Better Auth module is, for the build that imports it.
  { noCache: opts.noCache, extra: { ba: betterAuthModule } },
);
log(`sources: ${sourceLabel}; ${cacheNote(opts.noCache, work)}`);

/** The committed proxy with Better Auth deciding whether the session is alive, nothing else changed. */
function withBetterAuth(source) {
  // Better Auth decides instead of our check, and the gate has nothing of ours to hand on: the
  // handlers read our session themselves.
  const check = "verified = await verifySessionCookie(token, ip);";
  const handoff = "token && handOff(verified.session, token)";
  for (const line of [check, handoff]) {
    if (!source.includes(line)) fail(`proxy.ts no longer has the code the Better Auth build replaces:\n  ${line}\n(update bench/peers.mjs)`);
  }
  const at = source.indexOf("export const config");
  return (
    `import { benchAuth } from "./bench/peers/better-auth.mjs";\n` +
    source.slice(0, at).replace(check, "verified = await betterAuthSession(request.headers);").replace(handoff, "undefined") +
    `/** bench/peers: Better Auth's getSession decides instead of our gate. */\n` +
    `async function betterAuthSession(headers: Headers): Promise<{ ok: true; session: { user: { mustChangePassword: boolean } } } | { ok: false; reason: "no-cookie" | "missing" }> {\n` +
    `  const found = await benchAuth().api.getSession({ headers });\n` +
    `  return found ? { ok: true, session: { user: { mustChangePassword: false } } } : { ok: false, reason: "missing" };\n` +
    `}\n\n` +
    source.slice(at)
  );
}

// ---- the database: ours (migrated by the first server) and Better Auth's tables -----------------
const database = await benchDatabase({ serverUrl: opts.databaseUrl, work, name: `bb_bench_peers_${process.pid}` });
const betterAuthSecret = randomBytes(32).toString("base64url");
// The benchmark's own Better Auth, cookie cache on so that a sign-in also hands out session_data.
const authOptions = betterAuthOptions({ databaseUrl: database.url, secret: betterAuthSecret, cookieCacheSeconds: CACHE_SECONDS });
const auth = betterAuth(authOptions);
onCleanup(() => authOptions.database.end());
const { runMigrations } = await getMigrations(authOptions);
await runMigrations();
const BA_EMAIL = "peer@example.com";
const BA_PASSWORD = randomBytes(12).toString("base64url");
await auth.api.signUpEmail({ body: { email: BA_EMAIL, password: BA_PASSWORD, name: "Pat Peer" } });
log("Better Auth: tables migrated, one user signed up");

/** A new Better Auth session: its token cookie and (fresh, valid for 300 s) its session_data cookie. */
async function betterAuthSignIn() {
  const res = await auth.api.signInEmail({ body: { email: BA_EMAIL, password: BA_PASSWORD }, returnHeaders: true });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  const token = cookies.find((c) => c.startsWith("better-auth.session_token="));
  const data = cookies.find((c) => c.startsWith("better-auth.session_data="));
  if (!token || !data) await abort(`Better Auth's sign-in set ${cookies.map((c) => c.split("=")[0]).join(", ") || "no cookies"}`);
  return { token, data, sessionToken: res.response.token };
}
const betterAuthCookies = (v, s) => (VARIANTS[v].cache ? [s.token, s.data] : [s.token]);

// ---- servers -------------------------------------------------------------------------------------
const labels = { gate: "ours", ba: "better-auth", empty: "empty proxy", none: "no proxy" };
const appEnv = { ...appEnvironment(database.url, randomBytes(36).toString("base64url")), BETTER_AUTH_SECRET: betterAuthSecret };
const buildSeconds = await buildVariants(work, folders, labels, appEnv, opts.noCache);
const servers = {};
for (const v of names) {
  const extra = isBetterAuth(v) ? { BENCH_BA_COOKIE_CACHE: String(VARIANTS[v].cache) } : {};
  servers[v] = await startServer({ dir: folders[VARIANTS[v].build].dir, env: { ...appEnv, ...extra }, work, label: VARIANTS[v].label, name: v });
}
const ourCookie = await signInOverHttp(servers.ours.origin);
let baSession = await betterAuthSignIn();
const headersFor = (v) => ({ cookie: [ourCookie, ...(isBetterAuth(v) ? betterAuthCookies(v, baSession) : [])].join("; ") });

// Each variant answers both endpoints with 200; a Better Auth build refuses our cookie alone (its
// proxy decides), ours refuses a request without a cookie.
for (const v of names) {
  const { origin } = servers[v];
  for (const endpoint of Object.values(ENDPOINTS)) {
    // A first request compiles the route and opens connections: on a busy machine that can
    // outlast the database timeout (503), so it gets a few tries.
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${origin}${endpoint}`, { headers: headersFor(v), redirect: "manual" });
      if (res.status === 200) break;
      if (res.status !== 503 || attempt === 5) await abort(`"${v}": GET ${endpoint} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      await sleep(2_000);
    }
  }
  if (isBetterAuth(v)) {
    const res = await fetch(`${origin}${ENDPOINTS.me}`, { headers: { cookie: ourCookie } });
    if (res.status !== 401) await abort(`"${v}": GET /api/me without Better Auth's cookie answered ${res.status}, expected 401 (is Better Auth in the proxy?)`);
  }
}
log("checked: every variant answers GET /api/me and the My Sessions page; the Better Auth builds refuse a request without their cookie");

// ---- revocation ----------------------------------------------------------------------------------
/**
 * Revokes a fresh session of the variant's kind and polls GET /api/me with it until it is
 * refused: when the first refused request was sent (ms after the revoke returned) and how many
 * were accepted before.
 */
async function revocationDelay(v, { intervalMs, timeoutMs }) {
  const { origin } = servers[v];
  let cookie;
  let revoke;
  if (isBetterAuth(v)) {
    const s = await betterAuthSignIn();
    const own = betterAuthCookies(v, s).join("; ");
    cookie = `${ourCookie}; ${own}`;
    revoke = () => auth.api.revokeSession({ headers: new Headers({ cookie: own }), body: { token: s.sessionToken } });
  } else {
    cookie = await signInOverHttp(origin);
    const list = await (await fetch(`${origin}/api/sessions`, { headers: { cookie } })).json();
    const id = list.active?.find((s) => s.current)?.id;
    if (!id) await abort(`"${v}": GET /api/sessions did not name the current session`);
    revoke = async () => {
      const res = await fetch(`${origin}/api/sessions/${encodeURIComponent(id)}`, { method: "DELETE", headers: { cookie: ourCookie, origin } });
      if (res.status !== 200) await abort(`"${v}": DELETE /api/sessions/{id} answered ${res.status}`);
    };
  }
  const before = await fetch(`${origin}${ENDPOINTS.me}`, { headers: { cookie } });
  if (before.status !== 200) await abort(`"${v}": the session to revoke was not accepted before (${before.status})`);
  await revoke();
  const revoked = performance.now();
  let accepted = 0;
  for (;;) {
    const sent = performance.now() - revoked;
    const res = await fetch(`${origin}${ENDPOINTS.me}`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status === 401) return { delayMs: accepted === 0 ? 0 : sent, accepted };
    if (res.status !== 200) await abort(`"${v}": a poll after the revoke answered ${res.status}`);
    accepted++;
    if (sent > timeoutMs) return { delayMs: Infinity, accepted };
    await sleep(intervalMs);
  }
}
// The cached variant takes minutes: its poll runs (once a second) while the rounds below run.
log(`revocation: polling the cached variant once a second in the background (up to ${opts.revokeTimeout} s)…`);
const cachedRevocation = revocationDelay("baCached", { intervalMs: 1000, timeoutMs: opts.revokeTimeout * 1000 });

// ---- load ------------------------------------------------------------------------------------------
const loadVariant = (v, endpoint, seconds) =>
  load({ url: `${servers[v].origin}${endpoint}`, headers: headersFor(v), seconds, connections: opts.connections, pid: servers[v].child.pid, postmaster: database.postmaster });
const results = Object.fromEntries(Object.keys(ENDPOINTS).map((e) => [e, Object.fromEntries(names.map((v) => [v, []]))]));
for (const [e, endpoint] of Object.entries(ENDPOINTS)) {
  log(`GET ${endpoint}: warm-up ${opts.warmup} s per variant, ${opts.connections} connections (load average ${loadavg()})`);
  for (const v of names) {
    // A fresh session_data cookie before each load: the cached variant's cache must not expire mid-run.
    baSession = await betterAuthSignIn();
    // The warm-up opens the pool's connections: on a busy machine one may outlast the database
    // timeout (503). Those are counted, not fatal; the rounds must have none.
    const r = await loadVariant(v, endpoint, opts.warmup);
    if (r.non2xx || r.errors) log(`"${v}" warm-up: ${r.non2xx} non-2xx, ${r.errors} errors (not counted; server log: ${servers[v].logFile})`);
  }
  for (let round = 0; round < opts.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const line = [];
    for (const v of order) {
      baSession = await betterAuthSignIn();
      const r = await loadVariant(v, endpoint, opts.seconds);
      if (r.non2xx || r.errors) await abort(`"${v}" round ${round + 1}: ${r.non2xx} non-2xx, ${r.errors} errors (server log: ${servers[v].logFile})`);
      results[e][v].push(r);
      line.push(`${v} ${fmt(r.rps)}`);
    }
    log(`GET ${endpoint} round ${round + 1}/${opts.rounds} req/s: ${line.join(", ")} (load average ${loadavg()})`);
  }
}

const revocation = {};
for (const v of names.filter((n) => n !== "baCached")) revocation[v] = await revocationDelay(v, { intervalMs: 50, timeoutMs: 10_000 });
log("revocation: waiting for the cached variant's first refusal…");
revocation.baCached = await cachedRevocation;

// ---- report --------------------------------------------------------------------------------------
const resultLines = [];
const result = (name, value) => resultLines.push(`result ${name}=${value}`);
const hasPgCpu = Number.isFinite(database.postmaster);
console.log("");
console.log(`${opts.connections} connections, ${opts.rounds} round(s) × ${opts.seconds} s per variant after a ${opts.warmup} s warm-up, variants alternated;`);
console.log(`median of the rounds; CPU = CPU time per request of the app's process${hasPgCpu ? " and of PostgreSQL" : ""} (from /proc).`);
for (const [e, endpoint] of Object.entries(ENDPOINTS)) {
  const summary = Object.fromEntries(names.map((v) => [v, summarise(results[e][v])]));
  console.log("");
  console.log(`GET ${endpoint}`);
  console.log(`${pad("variant", 30)}${lpad("req/s", 7)}${lpad("min–max", 12)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("app CPU ms", 12)}${hasPgCpu ? lpad("PG CPU ms", 11) : ""}`);
  for (const v of names) {
    const s = summary[v];
    console.log(
      `${pad(VARIANTS[v].label, 30)}${lpad(fmt(s.rps), 7)}${lpad(`${fmt(s.min)}–${fmt(s.max)}`, 12)}${lpad(fmt(s.p50, 1), 9)}${lpad(fmt(s.p99, 1), 9)}` +
        `${lpad(fmt(s.serverCpu, 2), 12)}${hasPgCpu ? lpad(fmt(s.pgCpu, 3), 11) : ""}`,
    );
  }
  for (const [other, key] of [["baStrict", "ba_strict"], ["baCached", "ba_cached"], ["empty", "empty"], ["none", "none"]]) {
    const paired = pairedRatio(results[e].ours, results[e][other]);
    const cpu = summary.ours.serverCpu - summary[other].serverCpu;
    const pgCpu = summary.ours.pgCpu - summary[other].pgCpu;
    console.log(
      `ratio ours / ${pad(VARIANTS[other].label, 27)} req/s ${(summary.ours.rps / summary[other].rps).toFixed(2)} (median of per-round ratios ${paired.toFixed(2)}); ` +
        `CPU per request ${cpu >= 0 ? "+" : ""}${fmt(cpu, 2)} ms app${hasPgCpu ? `, ${pgCpu >= 0 ? "+" : ""}${fmt(pgCpu, 3)} ms PostgreSQL` : ""}`,
    );
    result(`peers_${e}_ours_vs_${key}`, paired.toFixed(2));
  }
  for (const v of names) {
    result(`peers_${e}_${v}_rps`, Math.round(summary[v].rps));
    result(`peers_${e}_${v}_p50_ms`, summary[v].p50.toFixed(1));
    result(`peers_${e}_${v}_p99_ms`, summary[v].p99.toFixed(1));
    result(`peers_${e}_${v}_app_cpu_ms`, summary[v].serverCpu.toFixed(2));
    if (hasPgCpu) result(`peers_${e}_${v}_pg_cpu_ms`, summary[v].pgCpu.toFixed(3));
  }
}
console.log("");
console.log("revocation delay: from the revoke returning to the first refused request of that session (GET /api/me)");
for (const v of names) {
  const r = revocation[v];
  const delay = r.delayMs === Infinity ? `not refused within ${opts.revokeTimeout} s` : r.delayMs === 0 ? "0 (the very next request was refused)" : `${fmt(r.delayMs / 1000, 1)} s`;
  console.log(`  ${pad(VARIANTS[v].label, 30)}${delay}; ${r.accepted} request(s) accepted after the revoke`);
  result(`peers_revocation_delay_ms_${v}`, r.delayMs === Infinity ? "inf" : Math.round(r.delayMs));
}
const goals = [
  ["ours ≥ 1.2× better-auth strict (GET /api/me)", Number(resultLines.find((l) => l.includes("peers_me_ours_vs_ba_strict=")).split("=")[1]) >= 1.2],
  ["ours ≥ 0.95× better-auth cached (GET /api/me)", Number(resultLines.find((l) => l.includes("peers_me_ours_vs_ba_cached=")).split("=")[1]) >= 0.95],
  ["revocation delay 0 for ours", revocation.ours.delayMs === 0],
];
console.log("");
for (const [goal, met] of goals) console.log(`goal ${met ? "met" : "NOT met"}: ${goal}`);
noteBusyMachine();
console.log(`builds: ${buildNote(folders, labels, buildSeconds)}; database: ${database.label}`);
console.log(`\nbench:peers finished in ${elapsed()}`);
for (const line of resultLines) console.log(line);
await cleanup();
stopWatchdog();
process.exit(0);
