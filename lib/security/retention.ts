import "server-only";
import type pg from "pg";

// The security activity log is kept as long as ended sessions are (SESSION_RETENTION_DAYS): the
// maintenance job (lib/maintenance/run.ts) deletes older events in batches, each its own short
// statement, skipping rows another transaction holds. Deleting is the only change the table
// allows (its trigger refuses updates).

type Queryable = Pick<pg.ClientBase, "query">;

const DELETE_OLD_EVENTS_SQL = `
DELETE FROM security_events WHERE id IN (
  SELECT id FROM security_events WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)`;

/** Deletes security events recorded before `before`; returns how many. */
export async function deleteOldSecurityEvents(client: Queryable, before: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await client.query(DELETE_OLD_EVENTS_SQL, [before, batchSize]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}
