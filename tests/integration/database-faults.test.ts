import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, getDb, getPool } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { runWithRequestContext } from "@/lib/http/request-context";
import { adminUrl, withClient } from "../helpers/databases";
import { createAccount } from "../helpers/fixtures";
import { startRelay, type Relay } from "../helpers/tcp-relay";

// lib/db/pool.ts when the database misbehaves: every wait is bounded by the configured timeout,
// a connection given up on is closed rather than reused, a connection that dies fails only the
// call that was using it, and the pool recovers by itself. A frozen server is staged with a TCP
// relay in front of the test's real PostgreSQL (tests/helpers/tcp-relay.ts); a dying connection
// with pg_terminate_backend. Bounds are asserted with a margin for a busy machine.

const TIMEOUT_MS = 600;
const MARGIN_MS = 900;

const elapsedSince = (start: number) => performance.now() - start;

/** Runs `fn`, expecting it to fail; returns the error and how long it took. */
async function failure(fn: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  try {
    await fn();
  } catch (error) {
    return { error, ms: elapsedSince(start) };
  }
  throw new Error("expected a failure");
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a frozen or unreachable database", () => {
  // Each test has a relay and a pool (two connections at most) of its own.
  let relay: Relay;
  let faulty: ReturnType<typeof createDb>;

  beforeEach(async () => {
    relay = await startRelay(process.env.DATABASE_URL!);
    faulty = createDb(relay.url, { poolSize: 2, timeoutMs: TIMEOUT_MS });
  });
  afterEach(async () => {
    relay.thaw();
    await faulty.db.$disconnect();
    await faulty.pool.end().catch(() => {});
    await relay.close();
  });

  it("fails a query within the timeout, closes that connection, and answers again once the server does", async () => {
    expect((await faulty.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect(relay.openConnections()).toBe(1);

    relay.freeze();
    const { error, ms } = await failure(() => faulty.pool.query("SELECT 2"));
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await until(() => relay.openConnections() === 0);
    expect(faulty.pool.totalCount).toBe(0);

    relay.thaw();
    const start = performance.now();
    expect((await faulty.pool.query("SELECT 3 AS three")).rows).toEqual([{ three: 3 }]);
    expect(elapsedSince(start)).toBeLessThan(1_000);
  });

  it("fails a new connection within the timeout when the server never answers it", async () => {
    await faulty.pool.query("SELECT 1"); // a pooled connection exists…
    relay.freeze();
    // …but both callers below need one of their own: one waits on the frozen pooled connection,
    // the other on a new connection whose start-up the server never answers.
    const results = await Promise.all([failure(() => faulty.pool.query("SELECT 1")), failure(() => faulty.pool.query("SELECT 2"))]);
    for (const { error, ms } of results) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    }
    await until(() => relay.openConnections() === 0);
    relay.thaw();
    expect((await faulty.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("bounds the wait for a pooled connection when all of them are busy", async () => {
    const held = await Promise.all([faulty.pool.connect(), faulty.pool.connect()]);
    try {
      const { error, ms } = await failure(() => faulty.pool.query("SELECT 1"));
      expect((error as Error).message).toMatch(/timeout exceeded when trying to connect/);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    } finally {
      for (const client of held) client.release();
    }
  });

  it("closes the connection of a Prisma transaction whose query timed out instead of pooling it again", async () => {
    const accountId = `acct_tx_${Date.now()}`;
    await faulty.db.account.count(); // Prisma's first query loads its query compiler: not timed
    let frozenAt = 0;
    const { error } = await failure(() =>
      faulty.db.$transaction(async (tx) => {
        await tx.account.create({ data: { id: accountId, name: "Frozen mid-transaction" } });
        relay.freeze();
        frozenAt = performance.now();
        await tx.account.update({ where: { id: accountId }, data: { name: "never" } });
      }),
    );
    const ms = elapsedSince(frozenAt);
    // pg's own timeout answers the query; the ROLLBACK Prisma sends next fails at once on the
    // closed connection instead of waiting out a second timeout on the frozen server.
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    await until(() => relay.openConnections() === 0);
    expect(faulty.pool.totalCount).toBe(0);

    relay.thaw();
    // Nothing of the transaction was committed, and the pool serves the next call at once.
    expect(await faulty.db.account.findUnique({ where: { id: accountId } })).toBeNull();
  });

  it("reports the failure to the request it happened in, which the server then answers with 503", async () => {
    // The launcher's server (scripts/server.mjs) runs each request in a context of its own; a
    // page whose render threw answers 500, which becomes 503 when the database was the cause.
    const server = http.createServer((req, res) =>
      runWithRequestContext(req, res, async () => {
        try {
          if (req.url === "/bug") throw new Error("not the database");
          await faulty.pool.query("SELECT 1");
          res.end("ok");
        } catch {
          res.statusCode = 500;
          res.end("error");
        }
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/`)).status).toBe(200);
      relay.freeze();
      const [down, bug] = await Promise.all([fetch(`${base}/`), fetch(`${base}/bug`)]);
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("5");
      expect(bug.status).toBe(500);
      relay.thaw();
      expect((await fetch(`${base}/`)).status).toBe(200);
    } finally {
      relay.thaw();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a connection that dies", () => {
  const terminate = (pid: number) => withClient(adminUrl(), (admin) => admin.query("SELECT pg_terminate_backend($1)", [pid]));

  it("in the middle of a Prisma transaction fails that transaction only; the pool goes on serving", async () => {
    const accountId = await createAccount("Before the transaction");
    const others: Promise<unknown>[] = [];
    const outcome = getDb()
      .$transaction(async (tx) => {
        await tx.account.update({ where: { id: accountId }, data: { name: "Inside the transaction" } });
        const [backend] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        // Other callers keep using the pool while this transaction's connection is killed.
        for (let i = 0; i < 5; i++) others.push(getDb().account.findUnique({ where: { id: accountId }, select: { name: true } }));
        await terminate(backend!.pid);
        await tx.account.update({ where: { id: accountId }, data: { name: "After the kill" } });
      })
      .then(
        () => "committed",
        (error: unknown) => error,
      );
    const error = await outcome;
    expect(isDatabaseUnavailable(error)).toBe(true);
    // Each of the other calls succeeded and saw the committed state, never the transaction's.
    for (const other of await Promise.all(others)) expect(other).toEqual({ name: "Before the transaction" });
    expect(await getDb().account.findUnique({ where: { id: accountId }, select: { name: true } })).toEqual({ name: "Before the transaction" });
  });

  it("while checked out but idle does not take the process down, and is not pooled again", async () => {
    // pg emits "error" on a client whose connection dies; without a listener that would be an
    // uncaught exception (Vitest fails the run on one).
    const pool = getPool();
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const died = new Promise((resolve) => client.once("end", resolve));
    await terminate(rows[0]!.pid);
    await died;
    client.release();
    const after = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    expect(after.rows[0]!.pid).not.toBe(rows[0]!.pid);
  });
});

describe("a statement that runs too long", () => {
  it("is cancelled on the server too, not left running after the caller gave up", async () => {
    const slow = createDb(process.env.DATABASE_URL!, { poolSize: 1, timeoutMs: TIMEOUT_MS });
    try {
      const { error, ms } = await failure(() => slow.pool.query("SELECT pg_sleep(30)"));
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      const running = () =>
        withClient(adminUrl(), async (admin) => {
          const { rows } = await admin.query(
            "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'",
            [process.env.TEST_DATABASE_NAME],
          );
          return rows.length;
        });
      await until(async () => (await running()) === 0, 3_000);
    } finally {
      await slow.db.$disconnect();
      await slow.pool.end();
    }
  });
});
