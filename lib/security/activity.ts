import "server-only";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/client";
import type { SecurityEventType } from "@/lib/db/generated/client";
import { findAccountMember } from "@/lib/users/members";
import { describeEvent, type ActivityEvent, type Reader } from "./describe";
import type { SecurityEventDetail } from "./events";

// Reading the security activity log: a user's own events (My Sessions, GET /api/security-events)
// and an Account Owner's view of their account (Settings → Activity, its CSV). Every query names
// the reader in its WHERE clause — their own user id, or their own account — and only events
// within the retention are read. What a reader may learn is decided here, once: a support
// engineer's name is not even selected; an address is shown only when it is the reader's own
// business (their own doing, a guesser's, or, for an Account Owner, their members'); the device
// is always the subject's own session, described, never its ID.

export const OWN_ACTIVITY_PAGE_SIZE = 10;
export const ACCOUNT_ACTIVITY_PAGE_SIZE = 25;

export type ActivityDevice = { browser: string | null; os: string | null; deviceType: string | null; location: string | null };

export type ActivityItem = {
  /** The event's row number (not a session ID), to key lists. */
  id: string;
  type: SecurityEventType;
  at: Date;
  /** The event in plain words, for this reader. */
  text: string;
  ip: string | null;
  device: ActivityDevice | null;
  subject: { id: string; name: string; email: string };
};

export type ActivityPage = { items: ActivityItem[]; total: number; page: number; pageSize: number; pageCount: number };

type Row = {
  id: string;
  type: SecurityEventType;
  at: Date;
  subject_user_id: string;
  subject_name: string;
  subject_email: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_staff: boolean;
  actor_account_id: string | null;
  session_handle: string | null;
  actor_session_handle: string | null;
  ip: string | null;
  detail: SecurityEventDetail | null;
};

// A support engineer's name never leaves the database.
const SELECT = `
SELECT e.id::text AS id, e.type, e.at, e.subject_user_id, s.name AS subject_name, s.email AS subject_email,
       e.actor_id, CASE WHEN a.role = 'SUPPORT' THEN NULL ELSE a.name END AS actor_name,
       COALESCE(a.role = 'SUPPORT', false) AS actor_staff, a.account_id AS actor_account_id,
       e.session_handle, e.actor_session_handle, e.ip, e.detail
  FROM security_events e
  JOIN users s ON s.id = e.subject_user_id
  LEFT JOIN users a ON a.id = e.actor_id`;

type Scope = { where: string; values: unknown[] };

/** The reader as describe.ts and the address rule need them. */
type Viewer = Reader & { accountId: string | null };

/** Whether this reader may see the address an event recorded. */
function visibleIp(row: Row, viewer: Viewer): string | null {
  if (!row.actor_id) return row.ip; // a guesser's (wrong password); the operator records none
  if (row.actor_staff) return null; // where support engineers work from is not the customer's business
  if (row.actor_id === row.subject_user_id || row.actor_id === viewer.userId) return row.ip;
  // An Account Owner's address stays theirs in a member's own log; in the account's log it is the account's.
  return viewer.view === "account" && row.actor_account_id === viewer.accountId ? row.ip : null;
}

function toItem(row: Row, viewer: Viewer): ActivityItem {
  const detail = row.detail ?? {};
  const ip = visibleIp(row, viewer);
  const event: ActivityEvent = {
    type: row.type,
    at: row.at,
    subject: { id: row.subject_user_id, name: row.subject_name },
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name, staff: row.actor_staff } : null,
    sessionHandle: row.session_handle,
    actorSessionHandle: row.actor_session_handle,
    ip,
    detail,
  };
  const d = detail.device;
  return {
    id: row.id,
    type: row.type,
    at: row.at,
    text: describeEvent(event, viewer),
    ip,
    // Described, without the (truncated) session ID a support event carries.
    device: d ? { browser: d.browser ?? null, os: d.os ?? null, deviceType: d.deviceType ?? null, location: d.location ?? null } : null,
    subject: { id: row.subject_user_id, name: row.subject_name, email: row.subject_email },
  };
}

function retainedSince(now: Date): Date {
  return new Date(now.getTime() - getConfig().retention.endedSessionsMs);
}

async function readPage(scope: Scope, viewer: Viewer, page: number, pageSize: number): Promise<ActivityPage> {
  const n = scope.values.length;
  const [count, rows] = await Promise.all([
    getPool().query<{ total: string }>(`SELECT count(*) AS total FROM security_events e WHERE ${scope.where}`, scope.values),
    getPool().query<Row>(`${SELECT} WHERE ${scope.where} ORDER BY e.at DESC, e.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...scope.values,
      pageSize,
      (page - 1) * pageSize,
    ]),
  ]);
  const total = Number(count.rows[0]?.total ?? 0);
  return { items: rows.rows.map((r) => toItem(r, viewer)), total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** The user's own events, newest first, one page at a time. */
export async function listOwnActivity(userId: string, page: number, now = new Date(), pageSize = OWN_ACTIVITY_PAGE_SIZE): Promise<ActivityPage> {
  if (!userId) throw new Error("listOwnActivity without a user");
  const scope = { where: "e.subject_user_id = $1 AND e.at >= $2", values: [userId, retainedSince(now)] };
  return readPage(scope, { userId, view: "own", accountId: null }, page, pageSize);
}

/** An Account Owner reading their account's log: who they are, from their live session. */
export type AccountOwner = { id: string; role: string; accountId: string | null };

/**
 * The account's scope for an Account Owner, optionally one member's events only. Null — "not
 * found" — for anyone but an Account Owner, and for a member of any other account.
 */
async function accountScope(owner: AccountOwner, memberId: string | null, now: Date): Promise<{ scope: Scope; viewer: Viewer } | null> {
  if (owner.role !== "ACCOUNT_OWNER" || !owner.accountId || !owner.id) return null;
  const viewer: Viewer = { userId: owner.id, view: "account", accountId: owner.accountId };
  if (!memberId) return { scope: { where: "e.account_id = $1 AND e.at >= $2", values: [owner.accountId, retainedSince(now)] }, viewer };
  const member = await findAccountMember(owner.accountId, memberId);
  if (!member) return null;
  return { scope: { where: "e.account_id = $1 AND e.at >= $2 AND e.subject_user_id = $3", values: [owner.accountId, retainedSince(now), member.id] }, viewer };
}

/** The account's events (every member's, or one member's), newest first, one page at a time; null when not found. */
export async function listAccountActivity(
  owner: AccountOwner,
  filter: { memberId: string | null; page: number },
  now = new Date(),
  pageSize = ACCOUNT_ACTIVITY_PAGE_SIZE,
): Promise<ActivityPage | null> {
  const found = await accountScope(owner, filter.memberId, now);
  return found && readPage(found.scope, found.viewer, filter.page, pageSize);
}

/**
 * Every event of the account's log (or of one member) within the retention, newest first, in
 * batches (keyset, so a long log never sits in memory at once); null when not found.
 */
export async function accountActivityBatches(owner: AccountOwner, memberId: string | null, now = new Date(), batchSize = 500): Promise<AsyncGenerator<ActivityItem[]> | null> {
  const found = await accountScope(owner, memberId, now);
  if (!found) return null;
  const { scope, viewer } = found;
  const n = scope.values.length;
  return (async function* () {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const keyset: string = after ? ` AND (e.at, e.id) < ($${n + 2}, $${n + 3}::bigint)` : "";
      const values: unknown[] = [...scope.values, batchSize, ...(after ? [after.at, after.id] : [])];
      const { rows } = await getPool().query<Row>(`${SELECT} WHERE ${scope.where}${keyset} ORDER BY e.at DESC, e.id DESC LIMIT $${n + 1}`, values);
      if (rows.length > 0) yield rows.map((r) => toItem(r, viewer));
      if (rows.length < batchSize) return;
      const last: Row = rows[rows.length - 1]!;
      after = { at: last.at, id: last.id };
    }
  })();
}
