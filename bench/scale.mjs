#!/usr/bin/env node
// `npm run bench:scale`: does a request cost the same with a million sessions in the table, and
// does My Sessions cost the same for a user with a long history?
//
// One production build (bench/harness.mjs, shared with bench:gate and bench:peers), two instances
// of it, one PostgreSQL server (embedded, or BENCH_DATABASE_URL's) with two databases made for the
// run. Rows are made in SQL (generate_series), not one by one:
//   1. The small database: the demo accounts and 1,000 sessions across 10 users.
//   2. The large one: 1,000,000 sessions across 10,000 users (a third of them ended, the rest
//      live: within their expiry, as in a running system), plus four users with 10, 20, 10,000
//      and 100,000 ended sessions; VACUUM ANALYZE (what autovacuum would do).
//   3. Alternated rounds: GET /api/me at 1k rows (the small database's instance) and at 1M rows;
//      My Sessions (/settings/sessions) and GET /api/sessions signed in as each of the history
//      users, and page 2,500 of the longest history reached by its Next link (keyset) and by its
//      number alone (OFFSET).
//
// Options (environment): BENCH_SOURCE, BENCH_SECONDS=5, BENCH_ROUNDS=4, BENCH_WARMUP_SECONDS=3,
// BENCH_CONNECTIONS=10, BENCH_DATABASE_URL, BENCH_PORTS, BENCH_KEEP, BENCH_NO_CACHE as in bench/gate.mjs.
import { randomBytes } from "node:crypto";
import pg from "pg";
import {
  appEnvironment,
  benchOptions,
  abort,
  benchDatabase,
  buildNote,
  buildVariants,
  cacheNote,
  cleanup,
  copySources,
  DEMO_EMAIL,
  DEMO_PASSWORD,
  elapsed,
  fmt,
  install,
  load,
  loadavg,
  log,
  lpad,
  median,
  noteBusyMachine,
  onCleanup,
  pad,
  printMachine,
  signInOverHttp,
  startServer,
  summarise,
  variantFolders,
  workFolder,
} from "./harness.mjs";

const env = process.env;
const opts = benchOptions(env);
const SESSIONS_PER_USER = 100;
// h20: the control. The h10 user's first page shows 10 rows, the others' 20, and rendering a row
// costs the app about as much as PostgreSQL spends on the whole page: h20 shows what is left of
// the ratios once the pages hold the same number of rows.
const HISTORIES = { h10: 10, h20: 20, h10k: 10_000, h100k: 100_000 };
const stopWatchdog = install({ name: "scale", deadlineMs: 30 * 60_000 });

printMachine("bench:scale — the gate at 1k and 1M sessions; My Sessions for 10, 20, 10,000 and 100,000 ended sessions");
const work = workFolder("bb-bench-scale-", opts.keep);
const { base, label: sourceLabel } = copySources(work, opts.source);
const folders = variantFolders(work, base, { gate: () => {} }, { noCache: opts.noCache });
log(`sources: ${sourceLabel}; ${cacheNote(opts.noCache, work)}`);
const database = await benchDatabase({ serverUrl: opts.databaseUrl, work, name: `bb_bench_scale_${process.pid}` });
const appEnv = appEnvironment(database.url, randomBytes(36).toString("base64url"));
const buildSeconds = await buildVariants(work, folders, { gate: "the app" }, appEnv, opts.noCache);
const server = await startServer({ dir: folders.gate.dir, env: appEnv, work, label: "the app", name: "app" });
const db = new pg.Pool({ connectionString: database.url, max: 2 });
onCleanup(() => db.end());


// The gate at 1,000 sessions runs on a database of its own on the same server, served by a second
// instance of the same build: the two sizes are measured in the same alternated rounds.
const smallName = `${new URL(database.url).pathname.slice(1)}_1k`;
await db.query(`CREATE DATABASE ${smallName}`);
onCleanup(() => db.query(`DROP DATABASE IF EXISTS ${smallName} WITH (FORCE)`));
const smallUrl = Object.assign(new URL(database.url), { pathname: `/${smallName}` }).toString();
const smallServer = await startServer({ dir: folders.gate.dir, env: { ...appEnv, DATABASE_URL: smallUrl }, work, label: "the app on the 1k database", name: "app-1k" });
const smallDb = new pg.Pool({ connectionString: smallUrl, max: 2 });
onCleanup(() => smallDb.end());

const ownerCookie = await signInOverHttp(server.origin);
const smallOwnerCookie = await signInOverHttp(smallServer.origin);
const ownerOf = async (pool) => (await pool.query("SELECT id, account_id, password_hash FROM users WHERE email = $1", [DEMO_EMAIL])).rows[0];
const owner = await ownerOf(db);
const sessionCount = async (pool) => Number((await pool.query("SELECT count(*) AS n FROM sessions")).rows[0].n);

/**
 * `users` new users of the demo account (`prefix`-N), each with SESSIONS_PER_USER sessions: two
 * in three live (started in the last 29 days, used in the last day, so each is within its 7-day
 * idle and 30-day absolute expiry, as the gate would leave them), one in three ended (started up
 * to 60 days ago, ended an hour later). Their sign-in needs no password.
 */
async function seedUsers(pool, accountId, prefix, from, users) {
  await pool.query(
    `INSERT INTO users (id, account_id, email, name, password_hash, role)
     SELECT $1 || g, $2, $1 || g || '@scale.test', 'Scale User ' || g, '!', 'USER' FROM generate_series($3::int, $4::int) g`,
    [prefix, accountId, from, from + users - 1],
  );
  await pool.query(
    `INSERT INTO sessions (id, handle, user_id, status, created_at, last_active_at, expires_at, max_expires_at, ended_at, end_reason, ip, browser, os)
     SELECT 'scale_' || u || '_' || n || '_' || md5(random()::text), md5(random()::text) || u || '_' || n, $1 || u, s.status::"SessionStatus",
            s.created, s.active, LEAST(s.active + interval '7 days', s.created + interval '30 days'), s.created + interval '30 days',
            CASE WHEN t.ended THEN s.created + interval '1 hour' END, CASE WHEN t.ended THEN 'LOGOUT'::"EndReason" END,
            '10.' || (u % 250) || '.' || (n % 250) || '.1', 'Chrome', 'macOS'
       FROM generate_series($2::int, $3::int) u, generate_series(1, $4::int) n,
            LATERAL (SELECT n % 3 = 0 AS ended, now() - make_interval(mins => (u * 7 + n * 863) % 86400) AS old,
                            now() - make_interval(mins => (u * 7 + n * 863) % 41760) AS recent,
                            now() - make_interval(mins => (u * 13 + n * 31) % 1440) AS used) t,
            LATERAL (SELECT CASE WHEN t.ended THEN 'TERMINATED' ELSE 'ACTIVE' END AS status,
                            CASE WHEN t.ended THEN t.old ELSE t.recent END AS created,
                            CASE WHEN t.ended THEN t.old + interval '30 minutes' ELSE GREATEST(t.recent, t.used) END AS active) s`,
    [prefix, from, from + users - 1, SESSIONS_PER_USER],
  );
}

/** A user who signs in with the demo password and has `ended` sessions in their history. */
async function historyUser(name, ended) {
  const email = `${name}@scale.test`;
  await db.query(
    `INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5, 'USER')`,
    [`usr_${name}`, owner.account_id, email, `History ${name}`, owner.password_hash],
  );
  await db.query(
    `INSERT INTO sessions (id, handle, user_id, status, created_at, last_active_at, expires_at, max_expires_at, ended_at, end_reason, ip, browser, os)
     SELECT substr(md5(random()::text) || md5($1 || g), 1, 32), substr(md5(random()::text || g), 1, 16), $1, 'TERMINATED', e - interval '1 hour',
            e - interval '1 hour', e + interval '1 day', e + interval '30 days', e, 'LOGOUT', '10.1.2.3', 'Firefox', 'Windows'
       FROM generate_series(1, $2::int) g, LATERAL (SELECT now() - make_interval(mins => g) AS e) t`,
    [`usr_${name}`, ended],
  );
  return email;
}

await seedUsers(smallDb, (await ownerOf(smallDb)).account_id, "usr_scale_", 1, 10);
await smallDb.query("VACUUM ANALYZE sessions");
const small = await sessionCount(smallDb);
log(`the 1k database: ${fmt(small)} sessions`);

/** `target`: { path, cookie, on } where `on` is the instance that serves it (default: the large database's). */
async function measured(name, target, seconds) {
  const on = target.on ?? server;
  const r = await load({ url: `${on.origin}${target.path}`, headers: { cookie: target.cookie }, seconds, connections: opts.connections, pid: on.child.pid, postmaster: database.postmaster });
  if (r.non2xx || r.errors) await abort(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors (server log: ${on.logFile})`);
  return r;
}
/** Rounds of the targets in turn, the order rotated each round; a warm-up of each first. */
async function rounds(targets) {
  const names = Object.keys(targets);
  for (const n of names) await measured(n, targets[n], opts.warmup);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < opts.rounds; round++) {
    const line = [];
    for (const n of names.map((_, i) => names[(i + round) % names.length])) {
      const r = await measured(n, targets[n], opts.seconds);
      results[n].push(r);
      line.push(`${n} p50 ${fmt(r.p50, 1)} ms`);
    }
    log(`round ${round + 1}/${opts.rounds}: ${line.join(", ")} (load average ${loadavg()})`);
  }
  return results;
}

log("seeding 1,000,000 sessions and the history users…");
const t0 = Date.now();
const BATCH = 1_000; // users per statement
for (let from = 1; from <= 10_000; from += BATCH) await seedUsers(db, owner.account_id, "usr_scale_", from, Math.min(BATCH, 10_001 - from));
const emails = {};
for (const [name, ended] of Object.entries(HISTORIES)) emails[name] = await historyUser(name, ended);
await db.query("VACUUM ANALYZE sessions");
const large = await sessionCount(db);
log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${fmt(large)} sessions`);

const cookies = {};
for (const [name, email] of Object.entries(emails)) cookies[name] = await signInOverHttp(server.origin, email, DEMO_PASSWORD);
const targets = { "gate 1k": { path: "/api/me", cookie: smallOwnerCookie, on: smallServer }, "gate 1M": { path: "/api/me", cookie: ownerCookie } };
for (const name of Object.keys(HISTORIES)) {
  targets[`page ${name}`] = { path: "/settings/sessions", cookie: cookies[name] };
  targets[`api ${name}`] = { path: "/api/sessions", cookie: cookies[name] };
}
// Deep in the long history: page 2,500 of 5,000, reached as the pages' Next link reaches it (the
// last row of page 2,499 as the cursor), and by its number alone (an OFFSET of 49,980 rows).
const DEEP_PAGE = 2_500;
const { rows: [deepCursor] } = await db.query(
  `SELECT id, handle FROM sessions WHERE user_id = 'usr_h100k' ORDER BY ended_at DESC, created_at DESC, id DESC OFFSET $1 LIMIT 1`,
  [(DEEP_PAGE - 1) * 20 - 1],
);
targets["page h100k deep"] = { path: `/settings/sessions?page=${DEEP_PAGE}&after=${deepCursor.handle}`, cookie: cookies.h100k };
targets["api h100k deep"] = { path: `/api/sessions?page=${DEEP_PAGE}&after=${deepCursor.id}`, cookie: cookies.h100k };
targets["api h100k offset"] = { path: `/api/sessions?page=${DEEP_PAGE}`, cookie: cookies.h100k };
// Each history user's API answer says how much history it has.
for (const name of Object.keys(HISTORIES)) {
  const { history } = await (await fetch(`${server.origin}/api/sessions`, { headers: { cookie: cookies[name] } })).json();
  log(`${name}: GET /api/sessions says history total ${history.total}${history.totalExact === false ? "+" : ""}, ${history.pageCount} page(s)`);
}
// What the 100,000-session user reads: a capped total, said as such.
// (React separates adjacent text with <!-- --> comments.)
const pageHtml = (await (await fetch(`${server.origin}/settings/sessions`, { headers: { cookie: cookies.h100k } })).text()).replaceAll("<!-- -->", "");
log(`h100k: My Sessions says ${/Showing 1–20 of [\d,]+\+?/.exec(pageHtml)?.[0] ?? "no “Showing … of …” line"}`);
const all = await rounds(targets);

// ---- report --------------------------------------------------------------------------------------
const summary = Object.fromEntries(Object.entries(all).map(([n, rs]) => [n, summarise(rs)]));
const hasPgCpu = Number.isFinite(database.postmaster);
console.log("");
console.log(`${opts.connections} connections, ${opts.rounds} round(s) × ${opts.seconds} s each after a ${opts.warmup} s warm-up; median of the rounds; CPU per request from /proc.`);
console.log(`${pad("", 18)}${lpad("req/s", 8)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("app CPU ms", 12)}${hasPgCpu ? lpad("PG CPU ms", 11) : ""}`);
for (const [n, s] of Object.entries(summary)) {
  console.log(`${pad(n, 18)}${lpad(fmt(s.rps), 8)}${lpad(fmt(s.p50, 1), 9)}${lpad(fmt(s.p99, 1), 9)}${lpad(fmt(s.serverCpu, 2), 12)}${hasPgCpu ? lpad(fmt(s.pgCpu, 3), 11) : ""}`);
}
const ratio = (a, b) => summary[a].p50 / summary[b].p50;
/** Within the alternated rounds: the median of each round's ratio. */
const paired = (a, b) => median(all[a].map((r, i) => r.p50 / all[b][i].p50));
const figures = [
  ["scale_gate_1m_vs_1k", paired("gate 1M", "gate 1k"), 1.1, `GET /api/me p50 at ${fmt(large)} vs ${fmt(small)} sessions`],
  ["scale_page_10k_ratio", paired("page h10k", "page h10"), 1.3, "My Sessions p50, 10,000 vs 10 ended sessions"],
  ["scale_page_100k_ratio", paired("page h100k", "page h10"), 1.3, "My Sessions p50, 100,000 vs 10 ended sessions"],
  ["scale_api_10k_ratio", paired("api h10k", "api h10"), 1.3, "GET /api/sessions p50, 10,000 vs 10 ended sessions"],
  ["scale_api_100k_ratio", paired("api h100k", "api h10"), 1.3, "GET /api/sessions p50, 100,000 vs 10 ended sessions"],
  ["scale_page_100k_vs_20_ratio", paired("page h100k", "page h20"), 1.3, "My Sessions p50, 100,000 vs 20 ended sessions (same rows shown)"],
  ["scale_api_100k_vs_20_ratio", paired("api h100k", "api h20"), 1.3, "GET /api/sessions p50, 100,000 vs 20 ended sessions (same rows)"],
  ["scale_page_100k_deep_ratio", paired("page h100k deep", "page h10"), 1.3, `My Sessions p50, page ${fmt(DEEP_PAGE)} of 100,000 (Next link) vs 10`],
  ["scale_api_100k_deep_ratio", paired("api h100k deep", "api h10"), 1.3, `GET /api/sessions p50, page ${fmt(DEEP_PAGE)} of 100,000 (after=) vs 10`],
];
console.log("");
for (const [, value, goal, label] of figures) console.log(`ratio ${pad(label, 62)} ${value.toFixed(2)} (goal ≤ ${goal}: ${value <= goal ? "met" : "NOT met"})`);
noteBusyMachine();
console.log(`build: ${buildNote(folders, { gate: "the app" }, buildSeconds)}; database: ${database.label}`);
console.log(`\nbench:scale finished in ${elapsed()}`);
for (const [name, value] of figures) console.log(`result ${name}=${value.toFixed(2)}`);
for (const [n, s] of Object.entries(summary)) console.log(`result scale_${n.replace(/\s+/g, "_")}_p50_ms=${s.p50.toFixed(1)}`);
await cleanup();
stopWatchdog();
process.exit(0);
