import { beforeAll, describe, expect, inject, it } from "vitest";
import { getPool } from "@/lib/db/client";
import { deleteEndedSessions, expireOverdueSessions } from "@/lib/sessions/retention";
import { ACTIVE_LIST_LIMIT, endOwnSession, listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { createAccount, createUser, DAY, MINUTE, signIn } from "../helpers/fixtures";

// My Session History for users with long histories: pages in the history's order however the
// rows are spread, and an exact total however many there are, kept by the database as sessions
// end, expire and are deleted (session_history_counts and its triggers).

const now = new Date();
const at = (ms: number) => new Date(now.getTime() + ms);

/**
 * `count` ended sessions for `userId` in one statement (as a busy user's years would leave them):
 * ended one minute apart going back from `newest`, every `tie`-th pair ending at the same instant.
 */
async function insertEnded(userId: string, count: number, { newest = at(-MINUTE), tie = 0, prefix = "h" } = {}) {
  await getPool().query(
    `INSERT INTO sessions (id, handle, user_id, status, created_at, last_active_at, expires_at, max_expires_at, ended_at, end_reason, ip)
     SELECT $2 || '_' || g || '_' || md5(random()::text), md5(random()::text) || g, $1, 'TERMINATED',
            e - interval '1 hour', e - interval '1 hour', e + interval '1 day', e + interval '30 days', e, 'LOGOUT', '127.0.0.1'
       FROM generate_series(1, $3::int) g,
            LATERAL (SELECT $4::timestamptz - make_interval(mins => CASE WHEN $5::int > 0 THEN (g / $5::int) * $5::int ELSE g END) AS e) t`,
    [userId, prefix, count, newest, tie],
  );
}

/** The history as the original query ordered it: by when each session ended, or would have. */
async function referenceOrder(userId: string): Promise<string[]> {
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT id FROM sessions WHERE user_id = $1 AND (status <> 'ACTIVE' OR expires_at <= $2)
      ORDER BY COALESCE(ended_at, expires_at) DESC, created_at DESC, id DESC`,
    [userId, now],
  );
  return rows.map((r) => r.id);
}

describe(`listSessionHistory with long histories on ${inject("databaseLabel")}`, () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount();
  });

  it("pages through mixed rows (ended, expired before anyone marked them, ties) in the history's order", async () => {
    const user = await createUser(accountId);
    await insertEnded(user.id, 45, { tie: 3 });
    // Past their expiry but still saying Active (nothing refused them yet): they sort by expiry.
    await signIn(user.id, { at: at(-40 * DAY) });
    await signIn(user.id, { at: at(-20 * DAY) });
    // Ended rows without an end time (an old row, say): they sort by expiry too.
    await getPool().query(
      `INSERT INTO sessions (id, handle, user_id, status, created_at, last_active_at, expires_at, max_expires_at, ip)
       VALUES ($2, $3, $1, 'EXPIRED', $4, $4, $5, $5, '127.0.0.1')`,
      [user.id, `odd_${user.id}`, `odd_handle_${user.id}`, at(-DAY), at(-30 * MINUTE - 30_000)],
    );
    // Live sessions, which never show up in the history.
    const live = await signIn(user.id, { at: at(-MINUTE) });

    const expected = await referenceOrder(user.id);
    expect(expected).toHaveLength(48);
    const pages = [];
    for (let page = 1; page <= 5; page++) pages.push(await listSessionHistory(user.id, page, now, 10));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 10, 8]);
    expect(pages.flatMap((p) => p.items.map((s) => s.id))).toEqual(expected);
    expect(pages.flatMap((p) => p.items.map((s) => s.id))).not.toContain(live);
    for (const p of pages) expect(p).toMatchObject({ total: 48, totalExact: true, pageCount: 5 });

    // The same pages reached as the links reach them: Next seeks past the last row seen (by row
    // handle, as the pages name it), Previous back before the first (by ID, as the API does).
    const ids = (ps: { items: { id: string }[] }[]) => ps.flatMap((p) => p.items.map((s) => s.id));
    const forward = [pages[0]!];
    for (let page = 2; page <= 5; page++) {
      forward.push(await listSessionHistory(user.id, page, now, 10, { direction: "after", handle: forward.at(-1)!.items.at(-1)!.handle }));
    }
    expect(ids(forward)).toEqual(expected);
    const backward = [forward[4]!];
    for (let page = 4; page >= 1; page--) {
      backward.unshift(await listSessionHistory(user.id, page, now, 10, { direction: "before", id: backward[0]!.items[0]!.id }));
    }
    expect(ids(backward)).toEqual(expected);
    // The cursor decides where the page starts; the number only labels it.
    const handleOf25th = forward[2]!.items[4]!.handle;
    expect((await listSessionHistory(user.id, 1, now, 10, { direction: "after", handle: handleOf25th })).items.map((s) => s.id)).toEqual(expected.slice(25, 35));
    expect((await listSessionHistory(user.id, 1, now, 10, { direction: "before", handle: handleOf25th })).items.map((s) => s.id)).toEqual(expected.slice(14, 24));

    // A cursor that names no row of this history (a live session, someone else's, none at all)
    // leaves the page number to decide.
    const stranger = await createUser(accountId);
    const theirs = await signIn(stranger.id, { at: at(-DAY) });
    for (const id of [live, theirs, "x".repeat(32)]) {
      expect((await listSessionHistory(user.id, 2, now, 10, { direction: "after", id })).items.map((s) => s.id)).toEqual(expected.slice(10, 20));
    }
  });

  it("counts exactly past 10,000, and the count follows every way a session ends or goes", async () => {
    const pageSize = 20;
    const user = await createUser(accountId);
    await insertEnded(user.id, 10_001);
    const live = await signIn(user.id, { at: at(-MINUTE) });
    const other = await signIn(user.id, { at: at(-2 * MINUTE) });
    // Past its expiry but still saying Active: history, counted although no trigger saw it end.
    await signIn(user.id, { at: at(-40 * DAY) });

    const first = await listSessionHistory(user.id, 1, now, pageSize);
    expect(first).toMatchObject({ total: 10_002, totalExact: true, pageCount: 501 });
    expect(first.items).toHaveLength(pageSize);
    const last = await listSessionHistory(user.id, 501, now, pageSize);
    expect(last.items.map((s) => s.id)).toEqual((await referenceOrder(user.id)).slice(10_000));
    expect(last.items).toHaveLength(2);

    // Logout from another device; the maintenance job marking the overdue one expired (counted once).
    expect(await endOwnSession({ userId: user.id, sessionId: live }, { id: other }, now)).toBe("ended");
    expect(await expireOverdueSessions(getPool(), now, 100)).toBeGreaterThanOrEqual(1);
    expect(await listSessionHistory(user.id, 1, now, pageSize)).toMatchObject({ total: 10_003, pageCount: 501 });
    expect(await trueCount(user.id)).toBe(10_003);

    // Retention deletes the oldest ended rows in batches: 5,002 of the inserted ones (ended
    // 5,001 to 10,002 minutes ago) and the expired one (ended at its expiry, 33 days ago).
    await deleteEndedSessions(getPool(), at(-5_000 * MINUTE - 30_000), 1_000);
    const afterRetention = await trueCount(user.id);
    expect(afterRetention).toBe(5_000);
    expect(await listSessionHistory(user.id, 1, now, pageSize)).toMatchObject({ total: afterRetention, pageCount: 250 });

    // A row whose status changes back and forth, or moves to another user, moves its count.
    const second = await createUser(accountId);
    const { rows: [moved] } = await getPool().query<{ id: string }>("SELECT id FROM sessions WHERE user_id = $1 AND status <> 'ACTIVE' LIMIT 1", [user.id]);
    await getPool().query("UPDATE sessions SET user_id = $2 WHERE id = $1", [moved!.id, second.id]);
    expect((await listSessionHistory(second.id, 1, now, pageSize)).total).toBe(1);
    expect((await listSessionHistory(user.id, 1, now, pageSize)).total).toBe(afterRetention - 1);

    // Every user's count agrees with their rows; a deleted user takes theirs along.
    const { rows: drift } = await getPool().query(
      `SELECT coalesce(c.user_id, s.user_id) AS user_id, c.ended, s.n
         FROM session_history_counts c
         FULL JOIN (SELECT user_id, count(*)::int AS n FROM sessions WHERE status <> 'ACTIVE' GROUP BY user_id) s ON s.user_id = c.user_id
        WHERE coalesce(c.ended, 0) <> coalesce(s.n, 0)`,
    );
    expect(drift).toEqual([]);
    const gone = await createUser(accountId);
    await insertEnded(gone.id, 3);
    expect((await listSessionHistory(gone.id, 1, now, pageSize)).total).toBe(3);
    await getPool().query("DELETE FROM users WHERE id = $1", [gone.id]);
    expect((await getPool().query("SELECT 1 FROM session_history_counts WHERE user_id = $1", [gone.id])).rowCount).toBe(0);
  });
});

describe(`listActiveSessions for users with long histories on ${inject("databaseLabel")}`, () => {
  it("lists the live sessions, most recently active first, whatever the history holds; at most ACTIVE_LIST_LIMIT of them", async () => {
    const accountId = await createAccount();
    const user = await createUser(accountId);
    await insertEnded(user.id, 20_000);
    const older = await signIn(user.id, { at: at(-3 * DAY) });
    const current = await signIn(user.id, { at: at(-2 * DAY) });
    const newest = await signIn(user.id, { at: at(-MINUTE) });
    expect((await listActiveSessions(user.id, now, current)).map((s) => s.id)).toEqual([current, newest, older]);

    await getPool().query(
      `INSERT INTO sessions (id, handle, user_id, created_at, last_active_at, expires_at, max_expires_at, ip)
       SELECT 'live_' || g || '_' || $1, 'live_handle_' || g || '_' || $1, $1, $2::timestamptz - interval '1 hour' - make_interval(secs => g), $2::timestamptz - interval '1 hour' - make_interval(secs => g),
              $2::timestamptz + interval '1 day', $2::timestamptz + interval '1 day', '127.0.0.1'
         FROM generate_series(1, $3::int) g`,
      [user.id, now, ACTIVE_LIST_LIMIT],
    );
    const listed = await listActiveSessions(user.id, now);
    expect(listed).toHaveLength(ACTIVE_LIST_LIMIT);
    // The most recently active: the newest sign-in, then the planted ones; the two oldest are left out.
    expect(listed[0]!.id).toBe(newest);
    expect(listed.map((s) => s.id)).not.toContain(older);
  });
});

/** The user's ended rows, counted the slow way. */
async function trueCount(userId: string): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND (status <> 'ACTIVE' OR expires_at <= $2)",
    [userId, now],
  );
  return rows[0]!.n;
}
