import "server-only";
import { getDb, type Tx } from "@/lib/db/client";
import type { EndReason, Prisma, Role } from "@/lib/db/generated/client";
import { formatLocation } from "@/lib/geo/locate";
import { recordSecurityEvents, redactSessionIds, type SecurityEventDetail } from "@/lib/security/events";
import { SESSION_ID_PATTERN } from "./ids";
import { effectiveStatus, expiryReason, type SessionStatus } from "./rules";

// The support console's part of the session store (store.ts re-exports it). A Broker Buddha
// support engineer names a session by its full ID, which the user read out to them: the ID is
// their consent, so there is an exact match and nothing else (no prefix, no handle, no listing).
// Every hit is recorded as a SUPPORT_LOOKUP event of the session's user and every ending as a
// SUPPORT_ENDED_SESSION, each in the same transaction as the read or the change it describes.

/** The staff member at the console: their user id and the session they act from. */
export type SupportActor = { userId: string; sessionId: string; sessionHandle: string };

/** A session as the support console shows it (the staff member may see a colleague's name). */
export type SupportSessionView = {
  id: string;
  status: SessionStatus;
  user: { id: string; name: string; email: string; role: Role; deactivated: boolean };
  /** The customer account; null for a staff member's own session. */
  account: { id: string; name: string } | null;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  deviceType: string;
  ip: string;
  location: string;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: EndReason | null;
  /** Who ended it: the user themselves, an Account Owner, a support engineer; null for the system. */
  endedBy: { name: string; role: Role; self: boolean } | null;
  endNote: string | null;
  /** When the gate first turned its device away after it ended; null while it has not come back. */
  deviceSignedOutAt: Date | null;
};

export type SupportEndOutcome = { outcome: "ended"; session: SupportSessionView } | { outcome: "already-ended" } | { outcome: "not-found" };

/** The longest note a support engineer may leave (sessions.end_note is VARCHAR(500)). */
export const SUPPORT_NOTE_MAX = 500;

const supportFields = {
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
  user: { select: { id: true, name: true, email: true, role: true, deactivatedAt: true, account: { select: { id: true, name: true } } } },
  endedBy: { select: { name: true, role: true } },
} satisfies Prisma.SessionSelect;

type SupportRow = Prisma.SessionGetPayload<{ select: typeof supportFields }>;

function toSupportView(row: SupportRow, now: Date): SupportSessionView {
  const status = effectiveStatus(row, now);
  const expiredUnrecorded = status === "EXPIRED" && row.status === "ACTIVE";
  const { user } = row;
  return {
    id: row.id,
    status,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, deactivated: user.deactivatedAt !== null },
    account: user.account,
    browser: row.browser,
    browserVersion: row.browserVersion,
    os: row.os,
    osVersion: row.osVersion,
    deviceType: row.deviceType,
    ip: row.ip,
    location: formatLocation(row.ip, row),
    createdAt: row.createdAt,
    lastActiveAt: row.lastActiveAt,
    expiresAt: row.expiresAt,
    endedAt: expiredUnrecorded ? row.expiresAt : row.endedAt,
    endReason: expiredUnrecorded ? expiryReason(row) : row.endReason,
    endedBy: row.endedBy ? { name: row.endedBy.name, role: row.endedBy.role, self: row.endedById === row.userId } : null,
    endNote: row.endNote,
    deviceSignedOutAt: row.deviceSignedOutAt,
  };
}

/** The session described for the user's activity log (its ID is cut to the truncated form as it is written). */
function described(view: SupportSessionView): NonNullable<SecurityEventDetail["device"]> {
  return { browser: view.browser, os: view.os, deviceType: view.deviceType, sessionId: view.id, location: view.location };
}

const isFullSessionId = (id: string) => typeof id === "string" && SESSION_ID_PATTERN.test(id);

async function readForSupport(tx: Tx, exactId: string): Promise<SupportRow | null> {
  return tx.session.findUnique({ where: { id: exactId }, select: supportFields });
}

/**
 * The session with exactly this ID, for a support engineer, or null. A hit is recorded as a
 * SUPPORT_LOOKUP event of its user (who sees it in their security activity); a miss records
 * nothing. Anything that is not a full session ID (a prefix, a handle, a truncated form) misses.
 */
export async function findSessionForSupport(staff: SupportActor, exactId: string, now = new Date()): Promise<SupportSessionView | null> {
  if (!staff.userId || !isFullSessionId(exactId)) return null;
  return getDb().$transaction(async (tx) => {
    const row = await readForSupport(tx, exactId);
    if (!row) return null;
    const view = toSupportView(row, now);
    await recordSecurityEvents(tx, [
      {
        type: "SUPPORT_LOOKUP",
        subjectUserId: row.userId,
        actor: { userId: staff.userId, sessionHandle: staff.sessionHandle },
        sessionHandle: row.handle,
        detail: { device: described(view) },
        at: now,
      },
    ]);
    return view;
  });
}

/**
 * A support engineer ends a live session with a reason note (1–500 characters; anything in it
 * that looks like a session ID is cut to its truncated form): end reason SUPPORT, ended by the
 * staff member, the note kept for the user to read, and a SUPPORT_ENDED_SESSION event, all in
 * one transaction. Its device is refused on its next request. A session that has already ended
 * or expired is "already-ended", and nothing is written.
 */
export async function endSessionBySupport(staff: SupportActor, exactId: string, note: string, now = new Date()): Promise<SupportEndOutcome> {
  const trimmed = note.trim();
  if (trimmed.length === 0 || trimmed.length > SUPPORT_NOTE_MAX) throw new RangeError("A support note has 1 to 500 characters.");
  const cleanNote = redactSessionIds(trimmed);
  if (!staff.userId || !staff.sessionId || !isFullSessionId(exactId)) return { outcome: "not-found" };
  return getDb().$transaction(async (tx): Promise<SupportEndOutcome> => {
    const { count } = await tx.session.updateMany({
      where: { id: exactId, status: "ACTIVE", expiresAt: { gt: now } },
      data: { status: "TERMINATED", endedAt: now, endReason: "SUPPORT", endedById: staff.userId, endedBySessionId: staff.sessionId, endNote: cleanNote },
    });
    if (count === 0) return (await tx.session.count({ where: { id: exactId } })) > 0 ? { outcome: "already-ended" } : { outcome: "not-found" };
    const row = (await readForSupport(tx, exactId))!;
    const session = toSupportView(row, now);
    await recordSecurityEvents(tx, [
      {
        type: "SUPPORT_ENDED_SESSION",
        subjectUserId: row.userId,
        actor: { userId: staff.userId, sessionHandle: staff.sessionHandle },
        sessionHandle: row.handle,
        detail: { endReason: "SUPPORT", note: cleanNote, device: described(session) },
        at: now,
      },
    ]);
    return { outcome: "ended", session };
  });
}
