import "server-only";
import { getDb, getPool, type Tx } from "@/lib/db/client";
import type { EndReason, Prisma, Role } from "@/lib/db/generated/client";
import { getConfig } from "@/lib/config";
import { locate } from "@/lib/geo/locate";
import { newSessionHandle, newSessionId } from "./ids";
import { effectiveStatus, expiryReason, initialExpiry, type SessionStatus } from "./rules";
import { parseUserAgent } from "./user-agent";

// The one module that reads and writes the sessions table. The request gate, the pages, the
// Server Actions and the JSON API all come through here; every write is scoped to its owner in
// the WHERE clause and a count of 0 means "not yours, or not there".

export { checkSession, type CheckResult, type LiveSession } from "./gate";
export { endSessionBySupport, findSessionForSupport, type SupportActor, type SupportEndOutcome, type SupportSessionView } from "./support";

/** A new session for a fresh sign-in: always a new ID (no fixation), device and place resolved once. */
export async function createSession(input: { userId: string; userAgent: string | null; ip: string }, now = new Date()) {
  const { session: lifetimes } = getConfig();
  const device = parseUserAgent(input.userAgent);
  const location = locate(input.ip);
  const session = await getDb().session.create({
    data: {
      id: newSessionId(),
      handle: newSessionHandle(),
      userId: input.userId,
      createdAt: now,
      lastActiveAt: now,
      ...initialExpiry(now, lifetimes),
      ...device,
      ip: input.ip,
      ...location,
    },
    select: { id: true },
  });
  return session.id;
}

/** Who is ending a session: the signed-in user and the session they act from. */
export type Actor = { userId: string; sessionId: string };

type EndWhere = Prisma.SessionWhereInput;

async function endWhere(where: EndWhere, reason: EndReason, actor: Actor | null, now: Date, db: Tx = getDb()): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { ...where, status: "ACTIVE", expiresAt: { gt: now } },
    data: {
      status: "TERMINATED",
      endedAt: now,
      endReason: reason,
      endedById: actor?.userId ?? null,
      endedBySessionId: actor?.sessionId ?? null,
    },
  });
  return count;
}

export type EndOutcome = "ended" | "already-ended" | "not-found";

/**
 * Logout from My Sessions: end one of the actor's own sessions, named by its ID (the API) or
 * by its row handle (the pages). Someone else's session is "not-found", never "forbidden".
 */
export async function endOwnSession(
  actor: Actor,
  target: { id: string } | { handle: string },
  now = new Date(),
): Promise<EndOutcome> {
  // Never let an undefined field reach Prisma: it would drop that filter and match every row.
  const key = "id" in target ? { id: target.id } : { handle: target.handle };
  if (!Object.values(key)[0] || !actor.userId) return "not-found";
  const where = { ...key, userId: actor.userId };
  if ((await endWhere(where, "LOGOUT", actor, now)) > 0) return "ended";
  const exists = await getDb().session.count({ where });
  return exists > 0 ? "already-ended" : "not-found";
}

/**
 * Someone signed in again in a browser that still held a live session: that browser has one
 * session, the new one, so the old row ends as replaced (by its own device, whoever signed in).
 */
export async function endReplacedSession(previousSessionId: string, now = new Date()): Promise<boolean> {
  if (!previousSessionId) return false;
  const { rowCount } = await getPool().query(
    `UPDATE sessions SET status = 'TERMINATED', ended_at = $2, end_reason = 'SIGNED_IN_AGAIN',
            ended_by_id = user_id, ended_by_session_id = id, device_signed_out_at = $2
      WHERE id = $1 AND status = 'ACTIVE'`,
    [previousSessionId, now],
  );
  return rowCount === 1;
}

/**
 * A new session ID for the device in use (after its password changed): a new row, and the old
 * one ends as replaced by its own device, with the reason saying why. Returns the new ID.
 */
export async function rotateSession(
  actor: Actor,
  reason: Extract<EndReason, "PASSWORD_CHANGE">,
  device: { userAgent: string | null; ip: string },
  now = new Date(),
): Promise<string> {
  const sid = await createSession({ userId: actor.userId, ...device }, now);
  await getDb().session.updateMany({
    where: { id: actor.sessionId, userId: actor.userId, status: "ACTIVE" },
    data: { status: "TERMINATED", endedAt: now, endReason: reason, endedById: actor.userId, endedBySessionId: actor.sessionId, deviceSignedOutAt: now },
  });
  return sid;
}

/** Sign out from the user menu, or next-auth's own sign-out endpoint. */
export async function signOutSession(sessionId: string, userId: string, now = new Date()): Promise<void> {
  if (!sessionId || !userId) return;
  await endWhere({ id: sessionId, userId }, "SIGN_OUT", { userId, sessionId }, now);
}

/** Ends every other active session of the actor ("Sign out all other sessions", password change). */
export async function endOtherSessions(
  actor: Actor,
  reason: Extract<EndReason, "SIGN_OUT_OTHERS" | "PASSWORD_CHANGE">,
  now = new Date(),
): Promise<number> {
  if (!actor.userId || !actor.sessionId) return 0;
  return endWhere({ userId: actor.userId, id: { not: actor.sessionId } }, reason, actor, now);
}

/**
 * An Account Owner ends a member's sessions (one, or all when `sessionHandle` is absent). The
 * owner's own account is part of the WHERE clause, so another account's member is "not found".
 */
export async function endMemberSessions(
  owner: Actor & { accountId: string; role: Role },
  memberId: string,
  sessionHandle: string | null,
  now = new Date(),
): Promise<number> {
  if (owner.role !== "ACCOUNT_OWNER" || !owner.accountId || !memberId) return 0;
  const where: EndWhere = { userId: memberId, user: { accountId: owner.accountId } };
  if (sessionHandle) where.handle = sessionHandle;
  return endWhere(where, "ACCOUNT_OWNER", owner, now);
}

/**
 * Ends every live session of a user at once, inside the transaction that deactivates them or
 * resets their password (lib/users/provisioning.ts). `actor` is the Account Owner who did it, or
 * null for the operator's admin CLI.
 */
export async function endAllSessionsOfUser(
  tx: Tx,
  userId: string,
  reason: Extract<EndReason, "USER_DEACTIVATED" | "PASSWORD_RESET">,
  actor: Actor | null,
  now = new Date(),
): Promise<number> {
  if (!userId) return 0;
  return endWhere({ userId }, reason, actor, now, tx);
}

const sessionFields = {
  id: true,
  handle: true,
  userId: true,
  status: true,
  createdAt: true,
  lastActiveAt: true,
  expiresAt: true,
  maxExpiresAt: true,
  endedAt: true,
  endReason: true,
  endedById: true,
  endedBySessionId: true,
  endNote: true,
  deviceSignedOutAt: true,
  browser: true,
  browserVersion: true,
  os: true,
  osVersion: true,
  deviceType: true,
  ip: true,
  city: true,
  region: true,
  country: true,
  endedBy: { select: { id: true, name: true, role: true } },
} satisfies Prisma.SessionSelect;

type SessionRow = Prisma.SessionGetPayload<{ select: typeof sessionFields }>;

type DeviceSummary = { browser: string | null; browserVersion: string | null; os: string | null; osVersion: string | null };

/** A session as the pages and the API see it: status and end reason already read at `now`. */
export type SessionView = Omit<SessionRow, "status" | "endReason" | "endedAt" | "endedBySessionId"> & {
  status: SessionStatus;
  endReason: EndReason | null;
  endedAt: Date | null;
  /** Ended from its own device (Logout on this device, or Sign out). */
  endedByItself: boolean;
  /**
   * Ended from another device of the same user: that device, described. Never someone else's
   * (an Account Owner's device and session stay theirs).
   */
  endedFrom: DeviceSummary | null;
};

type RowView = Omit<SessionView, "endedFrom"> & { endedFromSessionId: string | null };

function toView(row: SessionRow, now: Date): RowView {
  const { endedBySessionId, ...rest } = row;
  const byItself = endedBySessionId === row.id;
  // Only the user's own other devices are looked up and described.
  const endedFromSessionId = !byItself && endedBySessionId && row.endedById === row.userId ? endedBySessionId : null;
  // A support engineer stays "Broker Buddha support": their identity never reaches a user's view.
  const bySupport = row.endReason === "SUPPORT";
  const ender = bySupport ? { endedById: null, endedBy: null } : {};
  const base = { ...rest, ...ender, endedByItself: byItself, endedFromSessionId };
  const status = effectiveStatus(row, now);
  if (status === "EXPIRED" && row.status === "ACTIVE") {
    return { ...base, status, endReason: expiryReason(row), endedAt: row.expiresAt };
  }
  return { ...base, status };
}

async function withEndedFrom(rows: RowView[], userId: string): Promise<SessionView[]> {
  const ids = [...new Set(rows.map((r) => r.endedFromSessionId).filter((id): id is string => !!id))];
  const from = ids.length
    ? await getDb().session.findMany({
        where: { id: { in: ids }, userId },
        select: { id: true, browser: true, browserVersion: true, os: true, osVersion: true },
      })
    : [];
  const byId = new Map(from.map(({ id, ...device }) => [id, device]));
  return rows.map(({ endedFromSessionId, ...r }) => ({ ...r, endedFrom: (endedFromSessionId && byId.get(endedFromSessionId)) || null }));
}

/** The user's live sessions: the one in use (when given) first, then most recently active first. */
export async function listActiveSessions(userId: string, now = new Date(), currentSessionId?: string): Promise<SessionView[]> {
  const rows = await getDb().session.findMany({
    where: { userId, status: "ACTIVE", expiresAt: { gt: now } },
    orderBy: [{ lastActiveAt: "desc" }, { createdAt: "desc" }],
    select: sessionFields,
  });
  return rows
    .map((r) => {
      const { endedFromSessionId: _unused, ...view } = toView(r, now);
      return { ...view, endedFrom: null };
    })
    .sort((a, b) => Number(b.id === currentSessionId) - Number(a.id === currentSessionId));
}

export const HISTORY_PAGE_SIZE = 20;

/** Expired and terminated sessions, most recently ended first, one page at a time. */
export async function listSessionHistory(
  userId: string,
  page: number,
  now = new Date(),
  pageSize = HISTORY_PAGE_SIZE,
): Promise<{ items: SessionView[]; total: number; page: number; pageSize: number; pageCount: number }> {
  const where: Prisma.SessionWhereInput = {
    userId,
    OR: [{ status: { not: "ACTIVE" } }, { expiresAt: { lte: now } }],
  };
  const [total, ids] = await Promise.all([
    getDb().session.count({ where }),
    // Ordered by when each session ended, or would have: ended_at, else its expiry.
    getPool().query<{ id: string }>(
      `SELECT id FROM sessions
        WHERE user_id = $1 AND (status <> 'ACTIVE' OR expires_at <= $2)
        ORDER BY COALESCE(ended_at, expires_at) DESC, created_at DESC, id
        LIMIT $3 OFFSET $4`,
      [userId, now, pageSize, (page - 1) * pageSize],
    ),
  ]);
  const order = ids.rows.map((r) => r.id);
  const rows = order.length
    ? await getDb().session.findMany({ where: { id: { in: order }, userId }, select: sessionFields })
    : [];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const items = await withEndedFrom(rows.map((r) => toView(r, now)), userId);
  return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** Full session IDs of the user's sessions, keyed by row handle: only when the user asks. */
export async function revealSessionIds(userId: string, handles: string[]): Promise<Record<string, string>> {
  if (handles.length === 0) return {};
  const rows = await getDb().session.findMany({
    where: { userId, handle: { in: handles } },
    select: { id: true, handle: true },
  });
  return Object.fromEntries(rows.map((r) => [r.handle, r.id]));
}

/** Active-session counts and last activity per member of an account (the Users tab). */
export async function memberActivity(accountId: string, now = new Date()) {
  const rows = await getDb().session.groupBy({
    by: ["userId"],
    where: { user: { accountId }, status: "ACTIVE", expiresAt: { gt: now } },
    _count: { _all: true },
    _max: { lastActiveAt: true },
  });
  return new Map(rows.map((r) => [r.userId, { activeSessions: r._count._all, lastActiveAt: r._max.lastActiveAt }]));
}
