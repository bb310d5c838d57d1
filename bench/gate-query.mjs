#!/usr/bin/env node
// The request gate's own pieces, timed in isolation (run by bench/gate.mjs, or on its own:
// `node bench/gate-query.mjs`):
//  - its database lookup: checkSession() (raw `pg`, the prepared primary-key read joined with the
//    user and account, exactly what the gate runs) vs. an equivalent Prisma `findUnique` through the adapter-pg
//    client vs. a plain prepared `pg` SELECT by primary key, one at a time (latency) and 10 in
//    flight (throughput);
//  - its cookie decode: lib/auth/token.ts (key derived once per process) vs. next-auth's own
//    `decode` from next-auth/jwt (derives the key with HKDF on every call).
// Same database, same pool (Prisma talks through the app's pg pool), rounds alternated.
//
// On its own it uses DATABASE_URL + AUTH_SECRET when set, else an embedded PostgreSQL of its own
// (migrated and seeded by scripts/db-setup.ts, removed afterwards); it reads the lib/ of
// BENCH_ROOT (default: this checkout) and creates a session row for the demo owner to look up.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(import.meta.url);
const benchRoot = path.resolve(process.env.BENCH_ROOT ?? path.join(path.dirname(here), ".."));

// lib/ is TypeScript and imports "server-only": run under tsx with the react-server condition.
if (!process.execArgv.includes("--conditions=react-server")) {
  const child = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", here, ...process.argv.slice(2)], {
    cwd: benchRoot,
    stdio: "inherit",
    env: { ...process.env, BENCH_ROOT: benchRoot },
  });
  process.exit(child.status ?? 1);
}

const ROUNDS = Number(process.env.BENCH_QUERY_ROUNDS ?? 5);
const LOOKUPS = Number(process.env.BENCH_QUERY_LOOKUPS ?? 1000); // per variant per round
const DECODES = Number(process.env.BENCH_DECODES ?? 2000); // per variant per round
const CONCURRENCY = 10;

const fmt = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error(`[gate-query] cleanup: ${error.message}`);
    }
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => cleanup().then(() => process.exit(130)));

try {
  await main();
} catch (error) {
  console.error(`[gate-query] ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function main() {
  if (!process.env.BENCH_QUIET_HEADER) {
    console.log(`gate-query: ${os.cpus().length} CPU core(s), Node ${process.version}; benchmark and PostgreSQL share them.`);
  }
  if (!process.env.DATABASE_URL) await startOwnDatabase();
  process.env.AUTH_SECRET ??= randomBytes(36).toString("base64url");
  const secret = process.env.AUTH_SECRET;

  const lib = (p) => import(pathToFileURL(path.join(benchRoot, p)).href);
  const { getPool, getDb } = await lib("lib/db/client.ts");
  const { checkSession, createSession } = await lib("lib/sessions/store.ts");
  const { decodeToken, encodeToken, readSessionCookie } = await lib("lib/auth/token.ts");
  const nextAuthJwt = createRequire(path.join(benchRoot, "package.json"))("next-auth/jwt");
  cleanups.push(() => getDb().$disconnect(), () => getPool().end());

  // The cookie to decode and the session row to look up: the signed-in one from bench/gate, or a new one.
  let cookie = process.env.BENCH_COOKIE;
  if (!cookie) {
    const owner = await getDb().user.findUnique({ where: { email: "owner@example.com" }, select: { id: true } });
    if (!owner) throw new Error("no demo owner (owner@example.com) in this database: seed it first");
    const sid = await createSession({ userId: owner.id, userAgent: "bench/gate-query", ip: "127.0.0.1" });
    cookie = await encodeToken({ sid, sub: owner.id }, secret, 3600);
  }
  const claims = await readSessionCookie(cookie, secret);
  const theirs = await nextAuthJwt.decode({ token: cookie, secret });
  if (!claims || theirs?.sid !== claims.sid) throw new Error("the cookie does not decode to the same claims with both decoders");
  const sid = claims.sid;

  // ---- the lookup ----
  const pool = getPool();
  const db = getDb();
  const SELECT_SQL = "SELECT handle, user_id, status, expires_at FROM sessions WHERE id = $1";
  const lookups = {
    check: {
      label: "checkSession: raw pg, prepared read + user join",
      run: async () => {
        const r = await checkSession(sid);
        if (!r.ok) throw new Error(`checkSession refused the session: ${r.reason}`);
      },
    },
    select: {
      label: "raw pg, prepared SELECT by id (reference)",
      run: async () => {
        const { rows } = await pool.query({ name: "bench_select_session", text: SELECT_SQL, values: [sid] });
        if (!rows[0]) throw new Error("no row");
      },
    },
    prisma: {
      label: "Prisma findUnique (adapter-pg, same pool)",
      run: async () => {
        const row = await db.session.findUnique({ where: { id: sid }, select: { handle: true, userId: true, status: true, expiresAt: true } });
        if (!row) throw new Error("no row");
      },
    },
  };
  const sequential = await alternate(lookups, LOOKUPS, Math.ceil(LOOKUPS / 2));
  const concurrent = await alternateThroughput(lookups, LOOKUPS * 3);

  console.log(`gate lookup, one at a time (${ROUNDS} round(s) × ${fmt(LOOKUPS)} per variant, alternated; mean = median of round means):`);
  console.log(`  ${pad("", 52)}${lpad("mean µs", 9)}${lpad("p50 µs", 9)}${lpad("p99 µs", 9)}${lpad("Node CPU µs", 13)}${lpad(`${CONCURRENCY} in flight`, 14)}`);
  for (const [k, v] of Object.entries(lookups)) {
    const s = sequential[k];
    console.log(
      `  ${pad(v.label, 52)}${lpad(fmt(s.mean), 9)}${lpad(fmt(s.p50), 9)}${lpad(fmt(s.p99), 9)}${lpad(fmt(s.cpu), 13)}${lpad(`${fmt(concurrent[k])}/s`, 14)}`,
    );
  }
  console.log(
    `  ratio Prisma findUnique / checkSession: ${(sequential.prisma.mean / sequential.check.mean).toFixed(2)} per lookup ` +
      `(+${fmt(sequential.prisma.mean - sequential.check.mean)} µs), p50 ${(sequential.prisma.p50 / sequential.check.p50).toFixed(2)}, ` +
      `Node CPU ${(sequential.prisma.cpu / sequential.check.cpu).toFixed(2)} (+${fmt(sequential.prisma.cpu - sequential.check.cpu)} µs); ` +
      `throughput with ${CONCURRENCY} in flight ${(concurrent.prisma / concurrent.check).toFixed(2)}×`,
  );
  console.log(`  ratio checkSession / plain prepared SELECT: ${(sequential.check.mean / sequential.select.mean).toFixed(2)} (the price of the user and account join)`);

  // ---- the cookie decode ----
  const decoders = {
    cached: {
      label: "lib/auth/token.ts decodeToken (key cached)",
      run: async () => {
        if (!(await decodeToken(cookie, secret))) throw new Error("decode failed");
      },
    },
    gate: {
      label: "lib/auth/token.ts readSessionCookie (+zod)",
      run: async () => {
        if (!(await readSessionCookie(cookie, secret))) throw new Error("decode failed");
      },
    },
    nextauth: {
      label: "next-auth/jwt decode (HKDF every call)",
      run: async () => {
        if (!(await nextAuthJwt.decode({ token: cookie, secret }))) throw new Error("decode failed");
      },
    },
  };
  const decodes = await alternate(decoders, DECODES, DECODES);
  console.log(`cookie decode (${cookie.length}-byte cookie), one at a time (${ROUNDS} round(s) × ${fmt(DECODES)} per variant, alternated):`);
  console.log(`  ${pad("", 52)}${lpad("mean µs", 9)}${lpad("p50 µs", 9)}${lpad("p99 µs", 9)}${lpad("CPU µs", 13)}`);
  for (const [k, v] of Object.entries(decoders)) {
    const s = decodes[k];
    console.log(`  ${pad(v.label, 52)}${lpad(fmt(s.mean, 1), 9)}${lpad(fmt(s.p50, 1), 9)}${lpad(fmt(s.p99, 1), 9)}${lpad(fmt(s.cpu, 1), 13)}`);
  }
  console.log(
    `  ratio next-auth decode / cached-key decode: ${(decodes.nextauth.mean / decodes.cached.mean).toFixed(2)} ` +
      `(+${fmt(decodes.nextauth.mean - decodes.cached.mean, 1)} µs), p50 ${(decodes.nextauth.p50 / decodes.cached.p50).toFixed(2)}, ` +
      `CPU ${(decodes.nextauth.cpu / decodes.cached.cpu).toFixed(2)}: what caching the key saves on every gated request`,
  );
}

/** Times each variant one call at a time, `n` calls per round, variants rotated every round. */
async function alternate(variants, n, warmup) {
  const keys = Object.keys(variants);
  const samples = Object.fromEntries(keys.map((k) => [k, []]));
  const roundMeans = Object.fromEntries(keys.map((k) => [k, []]));
  const cpu = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const k of keys) for (let i = 0; i < warmup; i++) await variants[k].run();
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(j + round) % keys.length];
      const fn = variants[k].run;
      let total = 0;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await fn();
        const us = Number(process.hrtime.bigint() - t0) / 1000;
        samples[k].push(us);
        total += us;
      }
      const used = process.cpuUsage(cpu0);
      cpu[k] += used.user + used.system;
      roundMeans[k].push(total / n);
    }
  }
  return Object.fromEntries(
    keys.map((k) => {
      const sorted = samples[k].sort((a, b) => a - b);
      return [k, { mean: median(roundMeans[k]), p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpu: cpu[k] / sorted.length }];
    }),
  );
}

/** Calls per second with CONCURRENCY calls in flight; median of ROUNDS alternated rounds. */
async function alternateThroughput(variants, n) {
  const keys = Object.keys(variants);
  const rates = Object.fromEntries(keys.map((k) => [k, []]));
  const rounds = Math.max(3, Math.ceil(ROUNDS / 2));
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(j + round) % keys.length];
      const fn = variants[k].run;
      let left = n;
      const t0 = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (left-- > 0) await fn();
        }),
      );
      rates[k].push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(rates[k])]));
}

/** An embedded PostgreSQL in a temporary folder, migrated and seeded like `npm start` does. */
async function startOwnDatabase() {
  const { startEmbeddedPostgres } = await import(pathToFileURL(path.join(benchRoot, "scripts/embedded-postgres.mjs")).href);
  const work = mkdtempSync(path.join(os.tmpdir(), "bb-gate-query-"));
  chmodSync(work, 0o755);
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const database = await startEmbeddedPostgres({ dataDir: work, password: randomBytes(18).toString("base64url"), port: 0, fresh: true, fsync: false });
  cleanups.push(() => database.stop());
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= randomBytes(36).toString("base64url");
  const setup = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(benchRoot, "scripts/db-setup.ts"), "--demo"], {
    cwd: benchRoot,
    stdio: "inherit",
    env: process.env,
  });
  if (setup.status !== 0) throw new Error("database setup failed");
  console.log(`gate-query: embedded PostgreSQL ${database.version} (temporary), migrated and seeded`);
}
