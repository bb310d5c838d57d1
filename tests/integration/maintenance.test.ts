import { randomBytes } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, getDb, getPool } from "@/lib/db/client";
import { recordSecurityEvents } from "@/lib/security/events";
import { MAINTENANCE_LOCK, runMaintenance } from "@/lib/maintenance/run";
import { createAccount, createUser, DAY, MINUTE, sessionRow, signIn, type TestUser } from "../helpers/fixtures";

// The maintenance job (lib/maintenance/run.ts): which rows it expires, deletes and keeps (sessions,
// security events, sign-in limits), that it works through more rows than one batch, and that of
// two runs at once exactly one does the work.

const RETENTION_MS = 180 * DAY;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);

/** A session signed in through the store, then moved in time as the case needs. */
async function plantSession(userId: string, row: { status?: string; expiresAt: Date; maxExpiresAt?: Date; endedAt?: Date | null; endReason?: string | null }) {
  const id = await signIn(userId, { at: ago(400 * DAY) });
  // The sign-in's own event is not what these tests count.
  await getPool().query("DELETE FROM security_events WHERE session_handle = (SELECT handle FROM sessions WHERE id = $1)", [id]);
  await getPool().query(
    `UPDATE sessions SET status = $2::"SessionStatus", expires_at = $3, max_expires_at = $4, ended_at = $5, end_reason = $6::"EndReason" WHERE id = $1`,
    [id, row.status ?? "ACTIVE", row.expiresAt, row.maxExpiresAt ?? new Date(now.getTime() + 30 * DAY), row.endedAt ?? null, row.endReason ?? null],
  );
  return id;
}

async function plantRateLimit(expire: number | null) {
  const key = `test:${randomBytes(6).toString("hex")}`;
  await getPool().query("INSERT INTO rate_limits (key, points, expire) VALUES ($1, 1, $2)", [key, expire]);
  return key;
}

async function plantEvents(count: number, at: Date) {
  await recordSecurityEvents(getDb(), Array.from({ length: count }, () => ({ type: "SIGN_IN_FAILED" as const, subjectUserId: user.id, ip: "203.0.113.7", at })));
}

const eventTimes = async () => (await getPool().query<{ at: Date }>("SELECT at FROM security_events ORDER BY at")).rows.map((r) => r.at);

const rateLimitExists = async (key: string) => (await getPool().query("SELECT 1 FROM rate_limits WHERE key = $1", [key])).rowCount === 1;

// Each test starts from empty tables, so the job's counts are exactly the rows planted.
beforeEach(async () => {
  await getPool().query("DELETE FROM sessions");
  await getPool().query("DELETE FROM rate_limits");
  await getPool().query("DELETE FROM security_events");
});

let user: TestUser;
beforeAll(async () => {
  user = await createUser(await createAccount());
});

describe("a maintenance run", () => {
  it("expires overdue sessions, deletes what ended before the retention, and keeps everything else", async () => {
    const idle = await plantSession(user.id, { expiresAt: ago(5 * MINUTE) });
    const lifetime = await plantSession(user.id, { expiresAt: ago(2 * DAY), maxExpiresAt: ago(2 * DAY) });
    const alive = await plantSession(user.id, { expiresAt: new Date(now.getTime() + DAY) });
    const longOverdue = await plantSession(user.id, { expiresAt: ago(RETENTION_MS + DAY) });
    const oldEnded = await plantSession(user.id, { status: "TERMINATED", expiresAt: ago(RETENTION_MS), endedAt: ago(RETENTION_MS + MINUTE), endReason: "LOGOUT" });
    const oldExpired = await plantSession(user.id, { status: "EXPIRED", expiresAt: ago(RETENTION_MS + DAY), endedAt: ago(RETENTION_MS + DAY), endReason: "IDLE_TIMEOUT" });
    const recentEnded = await plantSession(user.id, { status: "TERMINATED", expiresAt: ago(RETENTION_MS - DAY), endedAt: ago(RETENTION_MS - MINUTE), endReason: "SIGN_OUT" });
    const staleLimit = await plantRateLimit(now.getTime() - 1);
    const liveLimit = await plantRateLimit(now.getTime() + 60_000);
    const foreverLimit = await plantRateLimit(null);
    await plantEvents(2, ago(RETENTION_MS + MINUTE));
    await plantEvents(1, ago(RETENTION_MS - MINUTE));

    const result = await runMaintenance(getPool(), { retentionMs: RETENTION_MS }, now);

    // Overdue active sessions became Expired as of their expiry, with the reason rules.ts gives.
    expect(await sessionRow(idle)).toMatchObject({ status: "EXPIRED", end_reason: "IDLE_TIMEOUT", ended_at: ago(5 * MINUTE) });
    expect(await sessionRow(lifetime)).toMatchObject({ status: "EXPIRED", end_reason: "MAX_LIFETIME", ended_at: ago(2 * DAY) });
    expect(await sessionRow(alive)).toMatchObject({ status: "ACTIVE", ended_at: null, end_reason: null });
    // One that expired longer ago than the retention is expired and then deleted in the same run.
    for (const gone of [longOverdue, oldEnded, oldExpired]) expect(await sessionRow(gone)).toBeUndefined();
    expect(await sessionRow(recentEnded)).toMatchObject({ status: "TERMINATED", end_reason: "SIGN_OUT" });
    expect([await rateLimitExists(staleLimit), await rateLimitExists(liveLimit), await rateLimitExists(foreverLimit)]).toEqual([false, true, true]);
    // Security events are kept as long as ended sessions; expiring sessions records none.
    expect(await eventTimes()).toEqual([ago(RETENTION_MS - MINUTE)]);
    expect(result).toEqual({ ran: true, expiredSessions: 3, deletedSessions: 3, deletedSecurityEvents: 2, deletedRateLimits: 1 });

    // A second run finds nothing left to do.
    expect(await runMaintenance(getPool(), { retentionMs: RETENTION_MS }, now)).toEqual({ ran: true, expiredSessions: 0, deletedSessions: 0, deletedSecurityEvents: 0, deletedRateLimits: 0 });
  });

  it("works through more rows than one batch", async () => {
    const overdue = await Promise.all(Array.from({ length: 7 }, () => plantSession(user.id, { expiresAt: ago(MINUTE) })));
    const old = await Promise.all(
      Array.from({ length: 5 }, () => plantSession(user.id, { status: "TERMINATED", expiresAt: ago(RETENTION_MS), endedAt: ago(RETENTION_MS + DAY), endReason: "LOGOUT" })),
    );
    await Promise.all(Array.from({ length: 6 }, () => plantRateLimit(now.getTime() - 1000)));
    await plantEvents(5, ago(RETENTION_MS + DAY));

    const result = await runMaintenance(getPool(), { retentionMs: RETENTION_MS, batchSize: 2 }, now);

    expect(result).toEqual({ ran: true, expiredSessions: 7, deletedSessions: 5, deletedSecurityEvents: 5, deletedRateLimits: 6 });
    expect(await eventTimes()).toEqual([]);
    for (const id of overdue) expect((await sessionRow(id))!.status).toBe("EXPIRED");
    for (const id of old) expect(await sessionRow(id)).toBeUndefined();
  });

  it("of two at once, exactly one does the work and the other skips it", async () => {
    const overdue = await Promise.all(Array.from({ length: 3 }, () => plantSession(user.id, { expiresAt: ago(MINUTE) })));
    const old = await plantSession(user.id, { status: "TERMINATED", expiresAt: ago(RETENTION_MS), endedAt: ago(RETENTION_MS + DAY), endReason: "LOGOUT" });
    // Two instances: pools of their own. A table lock held here keeps whichever run takes the
    // advisory lock busy on its first write while the other one tries the lock.
    const instances = [createDb(process.env.DATABASE_URL!), createDb(process.env.DATABASE_URL!)];
    const blocker = await getPool().connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE sessions IN SHARE MODE");
      const runs = instances.map(({ pool }) => runMaintenance(pool, { retentionMs: RETENTION_MS }, now));
      // Wait until one of them holds the job's lock and is blocked on the table lock…
      for (let held = false; !held; await new Promise((r) => setTimeout(r, 20))) {
        const { rows } = await getPool().query(`SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.objid = $1 AND l.granted`,
          [MAINTENANCE_LOCK],);
        held = rows.length === 1;
      }
      // …and the other has given up on it: it returns while the first is still blocked.
      const skipped = await Promise.race(runs.map((run, index) => run.then((result) => ({ index, result }))));
      expect(skipped.result).toEqual({ ran: false });
      await blocker.query("COMMIT");
      const worked = await runs[1 - skipped.index]!;
      expect(worked).toEqual({ ran: true, expiredSessions: 3, deletedSessions: 1, deletedSecurityEvents: 0, deletedRateLimits: 0 });
    } finally {
      await blocker.query("ROLLBACK").catch(() => {});
      blocker.release();
      for (const { db, pool } of instances) {
        await db.$disconnect();
        await pool.end();
      }
    }
    for (const id of overdue) expect((await sessionRow(id))!.status).toBe("EXPIRED");
    expect(await sessionRow(old)).toBeUndefined();
    // The lock was given back: the next run runs.
    expect((await runMaintenance(getPool(), { retentionMs: RETENTION_MS }, now)).ran).toBe(true);
  });
});
