import { beforeAll, describe, expect, inject, it } from "vitest";
import { getPool } from "@/lib/db/client";
import { HISTORY_COUNT_CAP, listSessionHistory } from "@/lib/sessions/store";
import { createAccount, createUser, DAY, MINUTE, signIn } from "../helpers/fixtures";

// My Session History for users with long histories: pages in the history's order however the
// rows are spread, and a total that is exact up to HISTORY_COUNT_CAP and says "more" beyond it.

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
  });

  it(`counts exactly up to ${HISTORY_COUNT_CAP.toLocaleString("en-US")} and says "more" from one past it`, async () => {
    const pageSize = 20;
    const lastFullPage = HISTORY_COUNT_CAP / pageSize;

    const atCap = await createUser(accountId);
    await insertEnded(atCap.id, HISTORY_COUNT_CAP - 1);
    // The last one of the cap is an active row past its expiry: it counts as history too.
    await signIn(atCap.id, { at: at(-40 * DAY) });
    expect(await listSessionHistory(atCap.id, 1, now, pageSize)).toMatchObject({ total: HISTORY_COUNT_CAP, totalExact: true, pageCount: lastFullPage });
    const lastPage = await listSessionHistory(atCap.id, lastFullPage, now, pageSize);
    expect(lastPage).toMatchObject({ total: HISTORY_COUNT_CAP, totalExact: true, pageCount: lastFullPage });
    expect(lastPage.items).toHaveLength(pageSize);

    const pastCap = await createUser(accountId);
    await insertEnded(pastCap.id, HISTORY_COUNT_CAP + 1);
    const first = await listSessionHistory(pastCap.id, 1, now, pageSize);
    // The cap, marked as not the whole story; at least as many pages as the cap fills.
    expect(first).toMatchObject({ total: HISTORY_COUNT_CAP, totalExact: false, pageCount: lastFullPage });
    expect(first.items).toHaveLength(pageSize);
    // The page the cap ends on knows one more follows; that one is the last.
    expect(await listSessionHistory(pastCap.id, lastFullPage, now, pageSize)).toMatchObject({ totalExact: false, pageCount: lastFullPage + 1 });
    const beyond = await listSessionHistory(pastCap.id, lastFullPage + 1, now, pageSize);
    expect(beyond).toMatchObject({ totalExact: false, pageCount: lastFullPage + 1 });
    expect(beyond.items.map((s) => s.id)).toEqual((await referenceOrder(pastCap.id)).slice(HISTORY_COUNT_CAP));
  });
});
