import "server-only";
import { getDb, getPool, type Tx } from "@/lib/db/client";
import type { EndReason, Prisma, Role } from "@/lib/db/generated/client";
import { getConfig } from "@/lib/config";
import { formatLocation, locate } from "@/lib/geo/locate";
import { sendNewSignInEmail } from "@/lib/mail/send";
import { recordSecurityEvents, type SecurityEventDetail, type SecurityEventInput } from "@/lib/security/events";
import { newSessionHandle, newSessionId } from "./ids";
import { effectiveStatus, expiryReason, initialExpiry, type SessionStatus } from "./rules";
import { SIGNAL_LOOKBACK_DAYS, signInSignals } from "./signals";
import { parseUserAgent } from "./user-agent";

// The one module that reads and writes the sessions table. The request gate, the pages, the
// Server Actions and the JSON API all come through here; every write is scoped to its owner in
// the WHERE clause and a count of 0 means "not yours, or not there". Every change a person makes
// is recorded in the security activity log (lib/security/events.ts) in the same transaction:
// the change and its event happen together or not at all. Expiry records nothing.

export { checkSession, type CheckResult, type LiveSession } from "./gate";
export { endSessionBySupport, findSessionForSupport, type SupportActor, type SupportEndOutcome, type SupportSessionView } from "./support";

// What the activity log says about a session: what a person recognises, never its ID.
const describedFields = { handle: true, userId: true, browser: true, os: true, deviceType: true, ip: true, city: true, region: true, country: true } satisfies Prisma.SessionSelect;
type Described = Prisma.SessionGetPayload<{ select: typeof describedFields }>;

function deviceOf(s: Described): NonNullable<SecurityEventDetail["device"]> {
  return { browser: s.browser, os: s.os, deviceType: s.deviceType, location: formatLocation(s.ip, s) };
}

/** SESSION_ENDED for one session: how, by whom and from which of their sessions. */
function sessionEnded(s: Described, reason: EndReason, by: { userId: string; sessionHandle: string | null }, ip: string | null | undefined, at: Date): SecurityEventInput {
  return { type: "SESSION_ENDED", subjectUserId: s.userId, actor: by, sessionHandle: s.handle, ip: ip ?? null, detail: { endReason: reason, device: deviceOf(s) }, at };
}

/** The new session's row, worked out before any transaction: geoip-lite can take seconds to load the first time. */
export type NewSession = ReturnType<typeof newSessionFor>;

/** Device and place of a session about to start, resolved once (never again by the gate). */
export function newSessionFor(input: { userId: string; userAgent: string | null; ip: string }) {
  return { userId: input.userId, ...parseUserAgent(input.userAgent), ip: input.ip, ...locate(input.ip) };
}

/** Runs `work` in the caller's transaction when it has one, else in a transaction of its own. */
function inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : getDb().$transaction(work);
}

/** New device? New location? Compared with the user's own sessions used in the previous 90 days. */
async function signalsFor(tx: Tx, fresh: NewSession, now: Date) {
  const since = new Date(now.getTime() - SIGNAL_LOOKBACK_DAYS * 24 * 3600 * 1000);
  const past = await tx.session.findMany({
    // A sign-in the user reported as not theirs is no evidence of what they use.
    where: { userId: fresh.userId, lastActiveAt: { gte: since }, OR: [{ endReason: null }, { endReason: { not: "REPORTED" } }] },
    select: { browser: true, os: true, city: true, country: true, lastCity: true, lastCountry: true },
    distinct: ["browser", "os", "city", "country", "lastCity", "lastCountry"],
  });
  return signInSignals(fresh, past);
}

async function insertSession(tx: Tx, fresh: NewSession, now: Date) {
  const { session: lifetimes } = getConfig();
  const signals = await signalsFor(tx, fresh, now);
  return tx.session.create({
    data: { id: newSessionId(), handle: newSessionHandle(), createdAt: now, lastActiveAt: now, ...initialExpiry(now, lifetimes), ...fresh, ...signals },
    select: { id: true, newDevice: true, newLocation: true, ...describedFields },
  });
}

/**
 * A new session for a fresh sign-in: always a new ID (no fixation), device and place resolved
 * once. `replaces` is the session this browser still held (its cookie was valid): it ends as
 * replaced, in the same transaction as the new one starts and both are recorded.
 */
export async function createSession(
  input: { userId: string; userAgent: string | null; ip: string; replaces?: string | null },
  now = new Date(),
): Promise<string> {
  const fresh = newSessionFor(input);
  const created = await getDb().$transaction(async (tx) => {
    const replaced = input.replaces ? await endReplacedSession(tx, input.replaces, now) : [];
    const session = await insertSession(tx, fresh, now);
    await recordSecurityEvents(tx, [
      ...replaced.map((s) => sessionEnded(s, "SIGNED_IN_AGAIN", { userId: s.userId, sessionHandle: s.handle }, null, now)),
      {
        type: "SIGN_IN",
        subjectUserId: input.userId,
        actor: { userId: input.userId, sessionHandle: session.handle },
        sessionHandle: session.handle,
        ip: input.ip,
        detail: { device: deviceOf(session) },
        at: now,
      },
    ]);
    const flagged = session.newDevice || session.newLocation;
    const user = flagged ? await tx.user.findUnique({ where: { id: input.userId }, select: { email: true, name: true } }) : null;
    const { browser, os, ip, city, region, country, newDevice, newLocation } = session;
    const facts = { name: user?.name ?? "", browser, os, ip, city, region, country, newDevice, newLocation, at: now };
    return { id: session.id, alert: user ? { to: user.email, facts } : null };
  });
  // After the commit, and without waiting: an e-mail never holds up or fails a sign-in.
  if (created.alert) sendNewSignInEmail(created.alert.to, created.alert.facts);
  return created.id;
}

/** Who is ending a session: the signed-in user, the session they act from, and the request's address when known. */
export type Actor = { userId: string; sessionId: string; ip?: string | null };

type EndWhere = Prisma.SessionWhereInput;

/** The actor as the log names them: their user and the handle of the session they act from (and that session, described). */
async function actorRef(tx: Tx, actor: Actor) {
  const session = await tx.session.findFirst({ where: { id: actor.sessionId, userId: actor.userId }, select: describedFields });
  return { userId: actor.userId, sessionHandle: session?.handle ?? null, session };
}

/** Ends the matching live sessions; returns each one ended, described. */
async function endWhere(tx: Tx, where: EndWhere, reason: EndReason, actor: Actor | null, now: Date): Promise<Described[]> {
  return tx.session.updateManyAndReturn({
    where: { ...where, status: "ACTIVE", expiresAt: { gt: now } },
    data: {
      status: "TERMINATED",
      endedAt: now,
      endReason: reason,
      endedById: actor?.userId ?? null,
      endedBySessionId: actor?.sessionId ?? null,
    },
    select: describedFields,
  });
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
  return getDb().$transaction(async (tx) => {
    const ended = await endWhere(tx, where, "LOGOUT", actor, now);
    if (ended.length > 0) {
      const by = await actorRef(tx, actor);
      await recordSecurityEvents(tx, ended.map((s) => sessionEnded(s, "LOGOUT", by, actor.ip, now)));
      return "ended";
    }
    return (await tx.session.count({ where })) > 0 ? "already-ended" : "not-found";
  });
}

/**
 * Someone signed in again in a browser that still held a live session: that browser has one
 * session, the new one, so the old row ends as replaced (by its own device, whoever signed in).
 */
async function endReplacedSession(tx: Tx, previousSessionId: string, now: Date): Promise<Described[]> {
  return tx.$queryRaw<Described[]>`
    UPDATE sessions SET status = 'TERMINATED', ended_at = ${now}, end_reason = 'SIGNED_IN_AGAIN',
           ended_by_id = user_id, ended_by_session_id = id, device_signed_out_at = ${now}
     WHERE id = ${previousSessionId} AND status = 'ACTIVE'
    RETURNING handle, user_id AS "userId", browser, os, device_type AS "deviceType", ip, city, region, country`;
}

/**
 * A new session ID for the device in use (after its password changed): a new row, and the old
 * one ends as replaced by its own device, with the reason saying why. Returns the new ID.
 */
export async function rotateSession(
  actor: Actor,
  reason: Extract<EndReason, "PASSWORD_CHANGE">,
  fresh: NewSession,
  now = new Date(),
  tx?: Tx,
): Promise<string> {
  return inTransaction(tx, async (tx) => {
    const session = await insertSession(tx, { ...fresh, userId: actor.userId }, now);
    const ended = await tx.session.updateManyAndReturn({
      where: { id: actor.sessionId, userId: actor.userId, status: "ACTIVE" },
      data: { status: "TERMINATED", endedAt: now, endReason: reason, endedById: actor.userId, endedBySessionId: actor.sessionId, deviceSignedOutAt: now },
      select: describedFields,
    });
    await recordSecurityEvents(tx, ended.map((s) => sessionEnded(s, reason, { userId: actor.userId, sessionHandle: s.handle }, actor.ip, now)));
    return session.id;
  });
}

/** Sign out from the user menu, or next-auth's own sign-out endpoint. */
export async function signOutSession(actor: Actor, now = new Date()): Promise<void> {
  if (!actor.sessionId || !actor.userId) return;
  await getDb().$transaction(async (tx) => {
    const ended = await endWhere(tx, { id: actor.sessionId, userId: actor.userId }, "SIGN_OUT", actor, now);
    await recordSecurityEvents(
      tx,
      ended.map((s) => ({
        type: "SIGN_OUT",
        subjectUserId: s.userId,
        actor: { userId: s.userId, sessionHandle: s.handle },
        sessionHandle: s.handle,
        ip: actor.ip ?? null,
        detail: { device: deviceOf(s) },
        at: now,
      })),
    );
  });
}

export type ReportOutcome = { reported: true; endedSessions: number } | { reported: false };

/**
 * "Wasn't me?": the user says one of their sessions is not theirs. It ends, and so does every
 * session of theirs that started after it (an intruder who got in once may have signed in
 * again), except the one in use; all with the reason REPORTED, in one transaction with the
 * report and each ending in the security log. The session in use, or anyone else's, is
 * "not found". A report of a session that has already ended still ends the later ones.
 */
export async function reportSession(actor: Actor, target: { id: string } | { handle: string }, now = new Date()): Promise<ReportOutcome> {
  if (!actor.userId || !actor.sessionId) return { reported: false };
  // Never let an undefined field reach Prisma: it would drop that filter and match every row.
  const key = "id" in target ? { id: target.id } : { handle: target.handle };
  if (!Object.values(key)[0]) return { reported: false };
  return getDb().$transaction(async (tx) => {
    const reported = await tx.session.findFirst({ where: { ...key, userId: actor.userId }, select: { id: true, createdAt: true, ...describedFields } });
    if (!reported || reported.id === actor.sessionId) return { reported: false };
    const ended = await endWhere(tx, { userId: actor.userId, id: { not: actor.sessionId }, createdAt: { gte: reported.createdAt } }, "REPORTED", actor, now);
    const by = await actorRef(tx, actor);
    await recordSecurityEvents(tx, [
      {
        type: "SESSION_REPORTED",
        subjectUserId: actor.userId,
        actor: { userId: actor.userId, sessionHandle: by.sessionHandle },
        sessionHandle: reported.handle,
        ip: actor.ip ?? null,
        detail: { endedSessions: ended.length, device: deviceOf(reported) },
        at: now,
      },
      ...ended.filter((s) => s.handle !== reported.handle).map((s) => sessionEnded(s, "REPORTED", by, actor.ip, now)),
    ]);
    return { reported: true, endedSessions: ended.length };
  });
}

/** Ends every other active session of the actor ("Sign out all other sessions", password change). */
export async function endOtherSessions(
  actor: Actor,
  reason: Extract<EndReason, "SIGN_OUT_OTHERS" | "PASSWORD_CHANGE">,
  now = new Date(),
  tx?: Tx,
): Promise<number> {
  if (!actor.userId || !actor.sessionId) return 0;
  return inTransaction(tx, async (tx) => {
    const ended = await endWhere(tx, { userId: actor.userId, id: { not: actor.sessionId } }, reason, actor, now);
    if (ended.length > 0) {
      const by = await actorRef(tx, actor);
      await recordSecurityEvents(tx, ended.map((s) => sessionEnded(s, reason, by, actor.ip, now)));
    }
    return ended.length;
  });
}

/**
 * An Account Owner ends a member's sessions (one, or all when `sessionHandle` is absent). The
 * owner's own account is part of the WHERE clause, so another account's member is "not found".
 * The member's log gets one event saying how many (and which, when it was one): never the
 * owner's own session or device.
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
  return getDb().$transaction(async (tx) => {
    const ended = await endWhere(tx, where, "ACCOUNT_OWNER", owner, now);
    if (ended.length === 0) return 0;
    const by = await actorRef(tx, owner);
    const [only] = ended.length === 1 ? ended : [];
    await recordSecurityEvents(tx, [
      {
        type: "MEMBER_SESSIONS_ENDED",
        subjectUserId: memberId,
        actor: { userId: by.userId, sessionHandle: by.sessionHandle },
        sessionHandle: only?.handle ?? null,
        ip: owner.ip ?? null,
        detail: { endedSessions: ended.length, endReason: "ACCOUNT_OWNER", ...(only ? { device: deviceOf(only) } : {}) },
        at: now,
      },
    ]);
    return ended.length;
  });
}

/**
 * Ends every live session of a user at once, inside the transaction that deactivates them or
 * resets their password (lib/users/provisioning.ts), which records the one event for it all.
 * `actor` is the Account Owner who did it, or null for the operator's admin CLI.
 */
export async function endAllSessionsOfUser(
  tx: Tx,
  userId: string,
  reason: Extract<EndReason, "USER_DEACTIVATED" | "PASSWORD_RESET">,
  actor: Actor | null,
  now = new Date(),
): Promise<number> {
  if (!userId) return 0;
  return (await endWhere(tx, { userId }, reason, actor, now)).length;
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
  userAgent: true,
  browser: true,
  browserVersion: true,
  os: true,
  osVersion: true,
  deviceType: true,
  ip: true,
  city: true,
  region: true,
  country: true,
  newDevice: true,
  newLocation: true,
  lastIp: true,
  lastCity: true,
  lastRegion: true,
  lastCountry: true,
  locationChangedAt: true,
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

/**
 * At most this many live sessions are listed, the most recently active. The bound is what keeps
 * the query cheap for a user with a long history: the planner estimates a user's live rows from
 * their share of the whole table (100,000 ended rows: ~40,000 live expected, 1 there), and without
 * a LIMIT it read every row of the user, or every live row of the table, to find them; with one
 * it walks (user_id, status, last_active_at DESC) and stops.
 */
export const ACTIVE_LIST_LIMIT = 1_000;

/** The user's live sessions: the one in use (when given) first, then most recently active first. */
export async function listActiveSessions(userId: string, now = new Date(), currentSessionId?: string): Promise<SessionView[]> {
  const rows = await getDb().session.findMany({
    where: { userId, status: "ACTIVE", expiresAt: { gt: now } },
    orderBy: [{ lastActiveAt: "desc" }, { createdAt: "desc" }],
    take: ACTIVE_LIST_LIMIT,
    select: sessionFields,
  });
  return rows
    .map((r) => {
      const { endedFromSessionId: _unused, ...view } = toView(r, now);
      return { ...view, endedFrom: null };
    })
    .sort((a, b) => Number(b.id === currentSessionId) - Number(a.id === currentSessionId));
}

/** One of the user's own sessions, live or ended, by its ID; null for anyone else's. */
export async function findOwnSession(userId: string, id: string, now = new Date()): Promise<SessionView | null> {
  if (!userId || !id) return null;
  const row = await getDb().session.findFirst({ where: { id, userId }, select: sessionFields });
  if (!row) return null;
  const [view] = await withEndedFrom([toView(row, now)], userId);
  return view ?? null;
}

/** A sign-in to ask about ("Was this you?"): described, never by its ID. */
export type NewSignIn = {
  handle: string;
  browser: string | null;
  os: string | null;
  ip: string;
  city: string | null;
  region: string | null;
  country: string | null;
  createdAt: Date;
  /** Other live sessions (not the one in use) that started after it: "Wasn't me?" ends them too. */
  laterSessions: number;
};

/**
 * The newest live sign-in from a new device or location that started after the session in use
 * and that the user has not yet said was theirs. Sessions that started later are not asked
 * about earlier sign-ins (whoever signed in last has nothing to recognise).
 */
export async function pendingNewSignIn(userId: string, currentSessionId: string, now = new Date()): Promise<NewSignIn | null> {
  if (!userId || !currentSessionId) return null;
  const current = await getDb().session.findFirst({ where: { id: currentSessionId, userId }, select: { createdAt: true } });
  if (!current) return null;
  const live = { userId, status: "ACTIVE" as const, expiresAt: { gt: now }, id: { not: currentSessionId } };
  const found = await getDb().session.findFirst({
    where: { ...live, createdAt: { gt: current.createdAt }, signInConfirmedAt: null, OR: [{ newDevice: true }, { newLocation: true }] },
    orderBy: [{ createdAt: "desc" }, { handle: "asc" }],
    select: { id: true, handle: true, browser: true, os: true, ip: true, city: true, region: true, country: true, createdAt: true },
  });
  if (!found) return null;
  const { id, ...described } = found;
  const laterSessions = await getDb().session.count({ where: { ...live, id: { notIn: [currentSessionId, id] }, createdAt: { gte: found.createdAt } } });
  return { ...described, laterSessions };
}

/** "Yes, this was me": the sign-in is not asked about again, on any device. False when it is not one of the user's. */
export async function confirmNewSignIn(userId: string, handle: string, now = new Date()): Promise<boolean> {
  if (!userId || !handle) return false;
  const { count } = await getDb().session.updateMany({ where: { userId, handle, signInConfirmedAt: null }, data: { signInConfirmedAt: now } });
  return count > 0;
}

export const HISTORY_PAGE_SIZE = 20;

// History is ordered by when each session ended, or would have: ended_at, else its expiry (an
// active row past its expiry that nobody has marked yet). Each half walks its own index range in
// that order: the ended rows sessions_user_id_ended_at_created_at_id_idx, the live ones the
// partial sessions_live_history_idx (only rows with no ended_at, so the walk never wades through
// the user's ended rows whatever the planner expects). The first page reads about a page of
// rows; a page reached from the one before or after it (Next, Previous: a cursor naming a row the
// reader saw) seeks to that row's key (at, created_at, id) and reads a page from there, however
// deep; only a page number typed without a cursor walks its offset.
const historyHalves = (seek: "" | "<" | ">", order: "DESC" | "ASC") => {
  const after = (key: string) => (seek ? ` AND (${key}, created_at, id) ${seek} ($4::timestamptz, $5::timestamptz, $6::text)` : "");
  return `
  (SELECT id, ended_at AS at, created_at FROM sessions
    WHERE user_id = $1 AND ended_at IS NOT NULL AND (status <> 'ACTIVE' OR expires_at <= $2)${after("ended_at")}
    ORDER BY ended_at ${order}, created_at ${order}, id ${order} LIMIT $3)
  UNION ALL
  (SELECT id, expires_at AS at, created_at FROM sessions
    WHERE user_id = $1 AND ended_at IS NULL AND (status <> 'ACTIVE' OR expires_at <= $2)${after("expires_at")}
    ORDER BY expires_at ${order}, created_at ${order}, id ${order} LIMIT $3)`;
};
const HISTORY_PAGE_SQL = `SELECT id FROM (${historyHalves("", "DESC")}) history ORDER BY at DESC, created_at DESC, id DESC LIMIT $4 OFFSET $5`;
const HISTORY_AFTER_SQL = `SELECT id FROM (${historyHalves("<", "DESC")}) history ORDER BY at DESC, created_at DESC, id DESC LIMIT $3`;
const HISTORY_BEFORE_SQL = `SELECT id FROM (${historyHalves(">", "ASC")}) history ORDER BY at ASC, created_at ASC, id ASC LIMIT $3`;

// The row a cursor names, with its key in the history's order; nothing when it is not (or no
// longer) in this user's history.
const historyKeySql = (column: "id" | "handle") => `
SELECT CASE WHEN ended_at IS NOT NULL THEN ended_at ELSE expires_at END AS at, created_at, id FROM sessions
 WHERE ${column} = $3 AND user_id = $1 AND (status <> 'ACTIVE' OR expires_at <= $2)`;

// The ended rows are counted as they change (session_history_counts, kept by triggers on
// sessions); the active rows past their expiry are counted here (a user has few active rows).
const HISTORY_COUNT_SQL = `
SELECT coalesce((SELECT ended FROM session_history_counts WHERE user_id = $1), 0)
     + (SELECT count(*) FROM sessions WHERE user_id = $1 AND status = 'ACTIVE' AND expires_at <= $2) AS total`;

/**
 * Where a page of history starts: right after (Next) or right before (Previous) a row the reader
 * saw, named by its session ID (the API) or its row handle (the pages).
 */
export type HistoryCursor = { direction: "after" | "before" } & ({ id: string } | { handle: string });

export type HistoryPage = {
  items: SessionView[];
  /** How many ended sessions, exactly, whatever their number. */
  total: number;
  /** Always true: the total is exact (the API keeps the field for clients that read it). */
  totalExact: true;
  page: number;
  pageSize: number;
  pageCount: number;
};

/** The ids of a page that starts at `cursor`; null when the cursor names no row of this history. */
async function seekHistory(userId: string, cursor: HistoryCursor, now: Date, pageSize: number): Promise<string[] | null> {
  const pool = getPool();
  const [column, value] = "id" in cursor ? (["id", cursor.id] as const) : (["handle", cursor.handle] as const);
  if (!value) return null;
  const { rows: [key] } = await pool.query<{ at: Date; created_at: Date; id: string }>({ name: `history_key_${column}`, text: historyKeySql(column), values: [userId, now, value] });
  if (!key) return null;
  const before = cursor.direction === "before";
  const { rows } = await pool.query<{ id: string }>({
    name: before ? "history_before" : "history_after",
    text: before ? HISTORY_BEFORE_SQL : HISTORY_AFTER_SQL,
    values: [userId, now, pageSize, key.at, key.created_at, key.id],
  });
  const ids = rows.map((r) => r.id);
  return before ? ids.reverse() : ids;
}

/**
 * Expired and terminated sessions, most recently ended first, one page at a time. `page` is the
 * page's number; with a `cursor` (the row just before or after it) the page is found by seeking,
 * and the number only says where it is. A cursor that names nothing of this history, or leads
 * nowhere, falls back to the page number.
 */
export async function listSessionHistory(
  userId: string,
  page: number,
  now = new Date(),
  pageSize = HISTORY_PAGE_SIZE,
  cursor?: HistoryCursor | null,
): Promise<HistoryPage> {
  const pool = getPool();
  const offset = (page - 1) * pageSize;
  const byOffset = async () =>
    (await pool.query<{ id: string }>({ name: "history_page", text: HISTORY_PAGE_SQL, values: [userId, now, offset + pageSize, pageSize, offset] })).rows.map((r) => r.id);
  const [count, order] = await Promise.all([
    pool.query<{ total: string }>({ name: "history_count", text: HISTORY_COUNT_SQL, values: [userId, now] }),
    (async () => {
      const sought = cursor ? await seekHistory(userId, cursor, now, pageSize) : null;
      return sought?.length ? sought : byOffset();
    })(),
  ]);
  const total = Number(count.rows[0]?.total ?? 0);
  const rows = order.length
    ? await getDb().session.findMany({ where: { id: { in: order }, userId }, select: sessionFields })
    : [];
  rows.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const items = await withEndedFrom(rows.map((r) => toView(r, now)), userId);
  return { items, total, totalExact: true, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * Full session IDs of the actor's own sessions, keyed by row handle: only when they ask, and
 * each time recorded (TOKENS_REVEALED, with how many and on which device).
 */
export async function revealSessionIds(actor: Actor, handles: string[], now = new Date()): Promise<Record<string, string>> {
  if (handles.length === 0 || !actor.userId) return {};
  return getDb().$transaction(async (tx) => {
    const rows = await tx.session.findMany({ where: { userId: actor.userId, handle: { in: handles } }, select: { id: true, handle: true } });
    if (rows.length > 0) {
      const by = await actorRef(tx, actor);
      await recordSecurityEvents(tx, [
        {
          type: "TOKENS_REVEALED",
          subjectUserId: actor.userId,
          actor: { userId: actor.userId, sessionHandle: by.sessionHandle },
          sessionHandle: by.sessionHandle,
          ip: actor.ip ?? null,
          detail: { revealedSessions: rows.length, ...(by.session ? { device: deviceOf(by.session) } : {}) },
          at: now,
        },
      ]);
    }
    return Object.fromEntries(rows.map((r) => [r.handle, r.id]));
  });
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
