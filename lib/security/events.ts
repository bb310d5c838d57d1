import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { EndReason, Role, SecurityEventType } from "@/lib/db/generated/client";
import { truncateSessionId } from "@/lib/sessions/ids";

// The security activity log (security_events): sign-ins, failures, sign-outs, sessions ended and
// by whom, tokens revealed, password changes, support lookups and endings, changes to members.
// Every change writes its event here in the same transaction as the change itself, so the log
// can never disagree with what happened. Sessions are named by their opaque row handle and
// described (browser, OS, the truncated ID), never by their full ID; the table refuses updates.

/** A small, fixed vocabulary of facts an event may carry (stored as JSON). */
export type SecurityEventDetail = {
  /** How a session ended (SESSION_ENDED, SUPPORT_ENDED_SESSION). */
  endReason?: EndReason;
  /** How many sessions a change ended (MEMBER_SESSIONS_ENDED, USER_DEACTIVATED, PASSWORD_RESET, PASSWORD_CHANGED). */
  endedSessions?: number;
  /** How many full session IDs were shown (TOKENS_REVEALED). */
  revealedSessions?: number;
  /** The session concerned, described: what a person can recognise, not what can be used. */
  device?: { browser: string | null; os: string | null; deviceType?: string | null; sessionId?: string; location?: string | null };
  /** A support engineer's reason (shown to the user). */
  note?: string;
  /** ROLE_CHANGED, MEMBER_ADDED. */
  fromRole?: Role;
  toRole?: Role;
  /** MEMBER_ADDED, PASSWORD_RESET: the user must choose their own password. */
  oneTimePassword?: boolean;
  /** Who acted when no user did: the admin CLI's operator. */
  by?: "operator";
};

export type SecurityEventInput = {
  type: SecurityEventType;
  /** Whose account or sessions it concerns (their account is looked up as the event is written). */
  subjectUserId: string;
  /** Who acted, and from which session; absent for the system, the operator or an unknown guesser. */
  actor?: { userId: string; sessionHandle?: string | null } | null;
  /** The session concerned, by its row handle. */
  sessionHandle?: string | null;
  ip?: string | null;
  detail?: SecurityEventDetail;
  at?: Date;
};

const SESSION_ID_LIKE = /[A-Za-z0-9_-]{32,}/g;

/** Free text (a support note) with anything that looks like a full session ID cut to its truncated form. */
export function redactSessionIds(text: string): string {
  return text.replace(SESSION_ID_LIKE, (id) => truncateSessionId(id));
}

function sanitized(detail: SecurityEventDetail | undefined): SecurityEventDetail {
  if (!detail) return {};
  const copy: SecurityEventDetail = { ...detail };
  if (copy.note !== undefined) copy.note = redactSessionIds(copy.note);
  if (copy.device?.sessionId) copy.device = { ...copy.device, sessionId: truncateSessionId(copy.device.sessionId) };
  return copy;
}

/**
 * Appends events, in the caller's transaction (`tx`) when it has one: one INSERT for them all,
 * each stamped with its subject's account as it is at this moment. An event that cannot be
 * written (its subject is gone) throws, so the change it describes rolls back with it.
 */
export async function recordSecurityEvents(db: Tx | Db, events: SecurityEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e, n) => ({
    n,
    type: e.type,
    at: (e.at ?? new Date()).toISOString(),
    actor_id: e.actor?.userId ?? null,
    actor_session_handle: e.actor?.sessionHandle ?? null,
    subject_user_id: e.subjectUserId,
    session_handle: e.sessionHandle ?? null,
    ip: e.ip ?? null,
    detail: sanitized(e.detail),
  }));
  const written = await db.$executeRaw`
    INSERT INTO security_events (type, at, actor_id, actor_session_handle, subject_user_id, account_id, session_handle, ip, detail)
    SELECT e.type::"SecurityEventType", e.at, e.actor_id, e.actor_session_handle, e.subject_user_id, u.account_id, e.session_handle, e.ip, e.detail
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           AS e(type text, at timestamptz, actor_id text, actor_session_handle text, subject_user_id text, session_handle text, ip text, detail jsonb, n int)
      JOIN users u ON u.id = e.subject_user_id
     ORDER BY e.n`;
  if (written !== events.length) throw new Error(`security events not recorded: ${events.length - written} of ${events.length} name no existing subject`);
}
