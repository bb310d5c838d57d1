import "server-only";
import type pg from "pg";
import { expiryReason } from "./rules";

// The session store's housekeeping, run by the maintenance job (lib/maintenance/run.ts): active
// rows past their expiry are recorded as Expired, and ended rows older than the retention are
// deleted. In batches, each its own short statement, so that millions of rows never hold locks
// for long; rows another transaction is writing at that moment are skipped, not waited for.

type Queryable = Pick<pg.ClientBase, "query">;

const OVERDUE_SQL = `
SELECT id, expires_at, max_expires_at FROM sessions
 WHERE status = 'ACTIVE' AND expires_at <= $1
 ORDER BY expires_at
 LIMIT $2
   FOR UPDATE SKIP LOCKED`;

// The same rows, still active and still past the same expiry (a request may have expired one
// meanwhile, and the gate's EXPIRE_SQL writes exactly this), become Expired as of that expiry.
const EXPIRE_SQL = `
UPDATE sessions s SET status = 'EXPIRED', end_reason = d.reason::"EndReason", ended_at = s.expires_at
  FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS d(id, expires_at, reason)
 WHERE s.id = d.id AND s.status = 'ACTIVE' AND s.expires_at = d.expires_at`;

/** Marks active sessions past their expiry as Expired (reason from rules.ts); returns how many. */
export async function expireOverdueSessions(client: Queryable, now: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await client.query<{ id: string; expires_at: Date; max_expires_at: Date }>(OVERDUE_SQL, [now, batchSize]);
    if (rows.length === 0) return total;
    const reasons = rows.map((r) => expiryReason({ expiresAt: r.expires_at, maxExpiresAt: r.max_expires_at }));
    const { rowCount } = await client.query(EXPIRE_SQL, [rows.map((r) => r.id), rows.map((r) => r.expires_at), reasons]);
    total += rowCount ?? 0;
    if (rows.length < batchSize || !rowCount) return total;
  }
}

const DELETE_ENDED_SQL = `
DELETE FROM sessions WHERE id IN (
  SELECT id FROM sessions WHERE ended_at < $1 AND status <> 'ACTIVE' ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/** Deletes sessions that ended before `endedBefore`; returns how many. */
export async function deleteEndedSessions(client: Queryable, endedBefore: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(DELETE_ENDED_SQL, [endedBefore, batchSize]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}
