#!/usr/bin/env node
// `npm run load`: many signed-in clients against two app instances on one PostgreSQL, ending
// each other's sessions through one instance while probing through the other.
//
// By default it sets up what e2e/serve.mjs does: a fresh database on an embedded PostgreSQL of
// its own and two instances of the launcher (scripts/start.mjs, production build) on it, and it
// creates the users it needs directly in the database. Each client is one user with two devices
// (two session cookies). Until the time is up, each client picks, at random (seeded; the first
// round is always the third), one of:
//   - browse the JSON API:     GET /api/sessions      on a random instance (expects 200)
//   - browse the page:         GET /settings/sessions on a random instance (expects 200)
//   - end and probe:           device 2 learns its session id (GET /api/sessions), device 1
//                              ends it on instance A (DELETE /api/sessions/{id}, expects 200),
//                              device 2 immediately requests through instance B (expects 401),
//                              then signs in again on a random instance.
// It prints requests, latency (p50/p99), 5xx, sign-ins refused, requests accepted after their
// session was ended, a consistency check of the database, and the resident memory of each
// instance idle, after its first sign-in and after the load. It exits 1 unless those four are 0
// and every other answer was the expected one.
//
//   npm run load -- [--clients 50] [--duration 60] [--seed N] [--port-a P --port-b P]
//   npm run load -- --targets http://host:A,http://host:B --database-url postgresql://…
//       (instances already running on that database: no set-up, no memory figures)
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { tsImport } from "tsx/esm/api";
import { freePort, startEmbeddedPostgres } from "../scripts/embedded-postgres.mjs";
import { signIn, startInstance } from "../e2e/support/app-instance.mjs";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    duration: { type: "string", default: "60" },
    seed: { type: "string" },
    "port-a": { type: "string" },
    "port-b": { type: "string" },
    targets: { type: "string" },
    "database-url": { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log("npm run load -- [--clients 50] [--duration 60] [--seed N] [--port-a P --port-b P] [--targets URL_A,URL_B --database-url URL]");
  process.exit(0);
}
const CLIENTS = positive("clients", args.clients);
const DURATION_S = positive("duration", args.duration);
const SEED = args.seed === undefined ? randomBytes(4).readUInt32BE() : positive("seed", args.seed, 0);
const PASSWORD = `load-${randomBytes(9).toString("base64url")}`;
const REQUEST_TIMEOUT_MS = 30_000;
const log = (message) => console.log(`[load] ${message}`);

function positive(name, value, min = 1) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    console.error(`[load] --${name} must be a whole number of at least ${min}, got "${value}"`);
    process.exit(2);
  }
  return n;
}

/** mulberry32: a small seeded generator, so a run's choices can be replayed with --seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- set-up: a database and two instances, or the ones given ---------------------------------
const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((error) => console.error(`[load] cleanup: ${error.message}`));
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

let databaseUrl = args["database-url"];
let instances; // [{ name, baseUrl, rssMb? }]
let label;
try {
  if (args.targets) {
    if (!databaseUrl) throw new Error("--targets needs --database-url (the database those instances use)");
    const [a, b] = args.targets.split(",").map((url) => url.trim().replace(/\/$/, ""));
    if (!a || !b) throw new Error("--targets takes two URLs, comma-separated");
    instances = [{ name: "A", baseUrl: a }, { name: "B", baseUrl: b }];
    label = "the given instances";
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-load-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const database = await startEmbeddedPostgres({ dataDir, password: "load", port: 0, fresh: true });
    cleanups.push(() => database.stop());
    const name = `bb_load_${process.pid}`;
    const admin = new pg.Client({ connectionString: database.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(database.adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const env = { DATABASE_URL: databaseUrl, AUTH_SECRET: randomBytes(32).toString("base64url"), NEXT_TELEMETRY_DISABLED: "1" };
    const ports = [args["port-a"] ? positive("port-a", args["port-a"]) : await freePort(0), args["port-b"] ? positive("port-b", args["port-b"]) : await freePort(0)];
    instances = [];
    // B first (it builds when the sources are newer than the build, and migrates), then A.
    for (const [i, name] of [[1, "B"], [0, "A"]]) {
      log(`starting instance ${name} on port ${ports[i]}…`);
      const started = await startInstance({ port: ports[i], env, onOutput: (line) => /error|⨯|warn/i.test(line) && console.log(`[${name}] ${line}`) });
      cleanups.push(() => started.stop());
      instances[i] = { name, baseUrl: started.baseUrl, rssMb: started.rssMb };
    }
    label = `embedded PostgreSQL ${database.version}`;
  }
} catch (error) {
  console.error(`[load] set-up failed: ${error.message}`);
  await cleanup();
  process.exit(1);
}
const [A, B] = instances;
const memory = { idle: instances.map((i) => i.rssMb?.()) };

// ---- users, made directly in the database ------------------------------------------------------
const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
cleanups.push(() => db.end());
const { hashPassword } = await tsImport("../lib/auth/password.ts", import.meta.url);
const accountId = `acct_load_${randomBytes(4).toString("hex")}`;
const users = Array.from({ length: CLIENTS }, (_, i) => {
  const id = `usr_${randomUUID().replaceAll("-", "")}`;
  return { id, email: `load-${i}-${id.slice(4, 12)}@load.test` };
});
await db.query("INSERT INTO accounts (id, name) VALUES ($1, 'Load Test Ltd')", [accountId]);
const passwordHash = await hashPassword(PASSWORD);
await db.query(
  `INSERT INTO users (id, account_id, email, name, password_hash, role)
   SELECT id, $1, email, 'Lou Load', $2, 'USER' FROM unnest($3::text[], $4::text[]) AS u(id, email)`,
  [accountId, passwordHash, users.map((u) => u.id), users.map((u) => u.email)],
);

// ---- measuring ---------------------------------------------------------------------------------
const latencies = new Map(); // kind -> ms[]
const stats = { requests: 0, serverErrors: 0, noAnswer: 0, unexpected: 0, signIns: 0, refused: 0, probes: 0, acceptedAfterEnd: 0 };
const unexpected = new Map(); // "kind status" -> count
const ended = []; // session ids the clients ended

async function request(kind, instance, pathname, { cookie, method = "GET" } = {}) {
  const start = performance.now();
  let status = 0;
  let body = null;
  try {
    const res = await fetch(`${instance.baseUrl}${pathname}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(method !== "GET" ? { origin: instance.baseUrl } : {}) },
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = res.status;
    body = res.headers.get("content-type")?.includes("json") ? await res.json() : (await res.arrayBuffer(), null);
  } catch {
    stats.noAnswer++;
  }
  const ms = performance.now() - start;
  stats.requests++;
  if (status >= 500) stats.serverErrors++;
  (latencies.get(kind) ?? latencies.set(kind, []).get(kind)).push(ms);
  return { status, body };
}

function expectStatus(kind, got, wanted) {
  if (got === wanted) return true;
  if (got !== 0 && got < 500) {
    stats.unexpected++;
    const key = `${kind} ${got}`;
    unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
  }
  return false;
}

/**
 * Signs a device in on an instance. A sign-in refused by the limits (429, "Too many failed
 * sign-in attempts") is a refusal; any other failure an error of its own kind. Three tries.
 */
async function signInDevice(device, user, instance) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = performance.now();
    let result = { cookie: null, status: 0, error: null };
    try {
      result = await signIn(instance.baseUrl, user.email, PASSWORD);
    } catch {
      stats.noAnswer++;
    }
    stats.requests += 2; // the CSRF token, then the credentials
    (latencies.get("sign-in") ?? latencies.set("sign-in", []).get("sign-in")).push(performance.now() - start);
    if (result.cookie) {
      stats.signIns++;
      device.cookie = result.cookie;
      return true;
    }
    if (result.status === 429 || /too many/i.test(result.error ?? "")) stats.refused++;
    else if (result.status >= 500) stats.serverErrors++;
    else if (result.status) expectStatus(`sign-in (${result.error ?? "no error"})`, result.status, 0);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  device.cookie = null;
  return false;
}

async function runClient(index, deadline) {
  const rand = random(SEED + index * 0x9e3779b1);
  const pick = (items) => items[Math.floor(rand() * items.length)];
  const user = users[index];
  const devices = [{ cookie: null }, { cookie: null }];
  // Client 0's two devices signed in before the load (A, then B): the first sign-in of each.
  if (index === 0) devices.splice(0, 2, ...warm);
  else for (const device of devices) if (!(await signInDevice(device, user, pick(instances)))) return;

  // The first round of every client ends a session and probes it; then the dice decide.
  for (let round = 0; performance.now() < deadline; round++) {
    const roll = round === 0 ? 1 : rand();
    if (roll < 0.45) {
      const { status } = await request("api", pick(instances), "/api/sessions", { cookie: pick(devices).cookie });
      expectStatus("GET /api/sessions", status, 200);
    } else if (roll < 0.85) {
      const { status } = await request("page", pick(instances), "/settings/sessions", { cookie: pick(devices).cookie });
      expectStatus("GET /settings/sessions", status, 200);
    } else {
      const [one, two] = devices;
      const own = await request("api", pick(instances), "/api/sessions", { cookie: two.cookie });
      const id = own.body?.active?.find((s) => s.current)?.id;
      if (!expectStatus("GET /api/sessions", own.status, 200) || !id) continue;
      const end = await request("delete", A, `/api/sessions/${encodeURIComponent(id)}`, { cookie: one.cookie, method: "DELETE" });
      if (!expectStatus("DELETE /api/sessions/{id}", end.status, 200)) continue;
      ended.push(id);
      stats.probes++;
      const probe = await request("probe", B, "/api/sessions", { cookie: two.cookie });
      if (probe.status === 200) stats.acceptedAfterEnd++;
      else expectStatus("probe after end", probe.status, 401);
      if (!(await signInDevice(two, user, pick(instances)))) return;
    }
  }
}

// ---- run ---------------------------------------------------------------------------------------
log(`${CLIENTS} clients for ${DURATION_S} s against two instances (A ${A.baseUrl}, B ${B.baseUrl}) on ${label}`);
log(`seed ${SEED} (replay: npm run load -- --seed ${SEED} --clients ${CLIENTS} --duration ${DURATION_S})`);
const warm = [{ cookie: null }, { cookie: null }];
if (!(await signInDevice(warm[0], users[0], A)) || !(await signInDevice(warm[1], users[0], B))) {
  console.error("[load] the first sign-ins failed");
}
memory.afterFirstSignIn = instances.map((i) => i.rssMb?.());
const started = performance.now();
await Promise.all(users.map((_, i) => runClient(i, started + DURATION_S * 1000)));
const elapsedS = (performance.now() - started) / 1000;
memory.afterLoad = instances.map((i) => i.rssMb?.());

// ---- the database afterwards -------------------------------------------------------------------
const userIds = users.map((u) => u.id);
const endedRows = await db.query(
  `SELECT id, status, ended_at, end_reason FROM sessions WHERE id = ANY($1)`,
  [ended],
);
const notEnded = ended.length - endedRows.rows.filter((r) => r.status === "TERMINATED" && r.ended_at && r.end_reason === "LOGOUT").length;
const stillActive = endedRows.rows.filter((r) => r.status === "ACTIVE").length;
const created = Number((await db.query("SELECT count(*) AS n FROM sessions WHERE user_id = ANY($1)", [userIds])).rows[0].n);
const consistencyFailures = notEnded + stillActive + Math.abs(created - stats.signIns);

// ---- report ------------------------------------------------------------------------------------
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const fmt = (ms) => (Number.isNaN(ms) ? "-" : `${Math.round(ms)} ms`);
const all = [...latencies.values()].flat().sort((a, b) => a - b);
const line = (label, value) => console.log(`  ${label.padEnd(26)}${value}`);
console.log("");
line("requests", `${stats.requests} in ${elapsedS.toFixed(1)} s (${(stats.requests / elapsedS).toFixed(0)}/s)`);
line("latency p50 / p99", `${fmt(percentile(all, 50))} / ${fmt(percentile(all, 99))}`);
for (const [kind, values] of latencies) {
  const sorted = [...values].sort((a, b) => a - b);
  line(`  ${kind} (${sorted.length})`, `${fmt(percentile(sorted, 50))} / ${fmt(percentile(sorted, 99))}`);
}
line("5xx", `${stats.serverErrors}${stats.noAnswer ? ` (and ${stats.noAnswer} without an answer)` : ""}`);
line("sign-ins refused", `${stats.refused} (${stats.signIns} succeeded)`);
line("accepted after ended", `${stats.acceptedAfterEnd} (of ${stats.probes} probes through B right after an end on A)`);
line(
  "consistency failures",
  `${consistencyFailures} (${ended.length} ended sessions: ${notEnded} not TERMINATED with ended_at, ${stillActive} still ACTIVE; ` +
    `${created} sessions created for ${stats.signIns} successful sign-ins)`,
);
if (stats.unexpected) line("other unexpected answers", [...unexpected].map(([k, n]) => `${k} ×${n}`).join(", "));
if (memory.idle.some((m) => m !== undefined)) {
  for (const [i, instance] of instances.entries()) {
    const at = (m) => `${m[i].server} MB (${m[i].total} with its launcher)`;
    line(`memory ${instance.name} (VmRSS)`, `server process: idle ${at(memory.idle)}, after first sign-in ${at(memory.afterFirstSignIn)}, after the load ${at(memory.afterLoad)}`);
  }
}
const figures = [stats.serverErrors + stats.noAnswer, stats.refused, stats.acceptedAfterEnd, consistencyFailures];
const pass = figures.every((n) => n === 0) && stats.unexpected === 0;
console.log(`\n[load] ${pass ? "PASS" : "FAIL"}: ${figures.join(" / ")} (5xx, refused sign-ins, accepted after ended, consistency failures); seed ${SEED}`);
if (memory.afterLoad.some((m) => m !== undefined)) {
  console.log(`result rss_after_load_mb=${Math.max(...memory.afterLoad.map((m) => m.server))}`);
  console.log(`result rss_after_load_with_launcher_mb=${Math.max(...memory.afterLoad.map((m) => m.total))}`);
}

await cleanup();
process.exit(pass ? 0 : 1);
