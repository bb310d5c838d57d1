import "server-only";
import type pg from "pg";
import { deleteOldSecurityEvents } from "@/lib/security/retention";
import { deleteEndedSessions, expireOverdueSessions } from "@/lib/sessions/retention";

// The maintenance job: record overdue sessions as Expired, delete ended sessions and security
// events older than the retention, delete sign-in limit rows whose window has passed. Every app instance schedules it
// (lib/maintenance/schedule.ts); a PostgreSQL advisory lock lets one run at a time, and a run
// that finds the lock taken does nothing: the other instance is doing the same work.

/** pg_try_advisory_lock key of the job (the launcher's seeding uses 4242001). */
export const MAINTENANCE_LOCK = 4242002;

export type MaintenanceOptions = { retentionMs: number; batchSize?: number };

export type MaintenanceResult =
  | { ran: false }
  | { ran: true; expiredSessions: number; deletedSessions: number; deletedSecurityEvents: number; deletedRateLimits: number };

// rate-limiter-flexible's rows (lib/auth/rate-limit.ts): `expire` is when the window ends, in ms.
const DELETE_RATE_LIMITS_SQL = `
DELETE FROM rate_limits WHERE key IN (
  SELECT key FROM rate_limits WHERE expire < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`;

async function deleteExpiredRateLimits(client: pg.PoolClient, now: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(DELETE_RATE_LIMITS_SQL, [now.getTime(), batchSize]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}

export async function runMaintenance(pool: pg.Pool, options: MaintenanceOptions, now = new Date()): Promise<MaintenanceResult> {
  const batchSize = options.batchSize ?? 1000;
  const client = await pool.connect();
  // A connection that failed is closed rather than pooled, and the lock it may still hold with it.
  let failure: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MAINTENANCE_LOCK]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      const retainedSince = new Date(now.getTime() - options.retentionMs);
      return {
        ran: true,
        expiredSessions: await expireOverdueSessions(client, now, batchSize),
        deletedSessions: await deleteEndedSessions(client, retainedSince, batchSize),
        deletedSecurityEvents: await deleteOldSecurityEvents(client, retainedSince, batchSize),
        deletedRateLimits: await deleteExpiredRateLimits(client, now, batchSize),
      };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MAINTENANCE_LOCK]).catch((error: Error) => {
        failure ??= error;
      });
    }
  } catch (error) {
    failure ??= error as Error;
    throw error;
  } finally {
    client.release(failure);
  }
}
