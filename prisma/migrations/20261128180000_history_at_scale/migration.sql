-- My Sessions at any history size (bench:scale). Two costs grew with a user's ended sessions:

-- 1. The history's live half (rows not yet marked ended, read in expiry order): the planner
--    estimates a user's live rows from the user's share of the whole table, so for a user with
--    100,000 ended rows it expected ~40,000 live ones and read all 100,000 rows of the user
--    (a parallel bitmap scan, ~100 ms) to return none. This index holds only the live rows, in
--    the order the history reads them, so the walk stops after a page whatever the estimate.
CREATE INDEX "sessions_live_history_idx" ON "sessions"("user_id", "expires_at" DESC, "created_at" DESC, "id" DESC) WHERE "ended_at" IS NULL;

-- 2. The history's total: counting ended rows (up to a cap of 10,000) read up to 10,001 index
--    entries on every view. Instead each user's ended sessions (status other than ACTIVE) are
--    counted as they change, by triggers, in the same transaction as the change: whichever code
--    ends, marks expired, inserts or deletes a session (the pages, the gate, the maintenance job's
--    retention, a user's deletion cascading), the count follows.
CREATE TABLE "session_history_counts" (
    "user_id" TEXT NOT NULL,
    "ended" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "session_history_counts_pkey" PRIMARY KEY ("user_id")
);

ALTER TABLE "session_history_counts" ADD CONSTRAINT "session_history_counts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Statement-level triggers with transition tables: one grouped write per statement, however many
-- rows it touched (a bulk insert or a retention batch of thousands of rows of one user is one
-- update of that user's count, not thousands of updates of one row). Counts are written in user
-- order, so two statements that touch the same users lock their counts in the same order.
CREATE FUNCTION "session_history_count_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO session_history_counts AS c (user_id, ended)
    SELECT user_id, count(*)::int FROM new_sessions WHERE status <> 'ACTIVE' GROUP BY user_id ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET ended = c.ended + EXCLUDED.ended;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO session_history_counts AS c (user_id, ended)
    SELECT user_id, sum(d)::int FROM (
        SELECT user_id, -1 AS d FROM old_sessions WHERE status <> 'ACTIVE'
        UNION ALL
        SELECT user_id, 1 AS d FROM new_sessions WHERE status <> 'ACTIVE') moved
     GROUP BY user_id HAVING sum(d) <> 0 ORDER BY user_id
    ON CONFLICT (user_id) DO UPDATE SET ended = c.ended + EXCLUDED.ended;
  ELSE
    -- An update, never an insert: when a user's deletion cascades to their sessions, their count
    -- has gone with them.
    UPDATE session_history_counts c SET ended = c.ended - d.n
      FROM (SELECT user_id, count(*)::int AS n FROM old_sessions WHERE status <> 'ACTIVE' GROUP BY user_id ORDER BY user_id) d
     WHERE c.user_id = d.user_id;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "session_history_count_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM session_history_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER "sessions_history_count_insert" AFTER INSERT ON "sessions"
  REFERENCING NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION "session_history_count_changed"();
CREATE TRIGGER "sessions_history_count_update" AFTER UPDATE ON "sessions"
  REFERENCING OLD TABLE AS old_sessions NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION "session_history_count_changed"();
CREATE TRIGGER "sessions_history_count_delete" AFTER DELETE ON "sessions"
  REFERENCING OLD TABLE AS old_sessions FOR EACH STATEMENT EXECUTE FUNCTION "session_history_count_changed"();
CREATE TRIGGER "sessions_history_count_truncate" AFTER TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "session_history_count_truncated"();

-- The counts of the sessions already there.
INSERT INTO "session_history_counts" ("user_id", "ended")
SELECT "user_id", count(*)::int FROM "sessions" WHERE "status" <> 'ACTIVE' GROUP BY "user_id";
