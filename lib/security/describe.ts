import type { SecurityEventType } from "@/lib/db/generated/enums";
import { ROLE_LABEL } from "@/lib/users/roles";
import type { SecurityEventDetail } from "./events";

// The security activity log in plain words, from the point of view of whoever reads it: the
// user it concerns ("You signed in on Chrome on macOS") or an Account Owner reading the account's
// log ("Mia Moreno signed in on Chrome on macOS"). Pure: the reads (activity.ts) have already
// decided what the reader may know — a support engineer is "Broker Buddha support", never a name,
// and an event only ever describes the subject's own session, never the actor's.

/** One event as the reads hand it over. */
export type ActivityEvent = {
  type: SecurityEventType;
  at: Date;
  subject: { id: string; name: string };
  /** Who acted: null for the operator (detail.by) or an unknown guesser; staff are never named. */
  actor: { id: string; name: string | null; staff: boolean } | null;
  sessionHandle: string | null;
  actorSessionHandle: string | null;
  /** The address recorded, when this reader may see it (activity.ts decides). */
  ip: string | null;
  detail: SecurityEventDetail;
};

/** Whose eyes: the user reading their own log, or an Account Owner reading the account's. */
export type Reader = { userId: string; view: "own" | "account" };

export const SUPPORT_NAME = "Broker Buddha support";

type Device = NonNullable<SecurityEventDetail["device"]>;

/** "Chrome on macOS", with what is known. */
export function deviceWords(device: Device | undefined): string {
  const browser = device?.browser;
  const os = device?.os;
  if (browser && os) return `${browser} on ${os}`;
  if (browser) return browser;
  if (os) return `a browser on ${os}`;
  return "an unknown device";
}

function withPlace(device: Device | undefined): string {
  const place = device?.location;
  return place ? `${deviceWords(device)} · ${place}` : deviceWords(device);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The subject in words: "you" for the reader themselves, else their name. */
function subjectWords(e: ActivityEvent, reader: Reader) {
  const self = e.subject.id === reader.userId;
  const name = e.subject.name;
  return {
    self,
    /** At the start of a sentence. */
    Who: self ? "You" : name,
    /** As an object: "deactivated you". */
    whom: self ? "you" : name,
    /** "your password" / "Mia Moreno's password". */
    whose: self ? "your" : `${name}'s`,
    /** After the subject has been named: "changed your password" / "changed their password". */
    their: self ? "your" : "their",
  };
}

/** Who acted, at the start of a sentence. */
function actorWords(e: ActivityEvent, reader: Reader): string {
  const actor = e.actor;
  if (!actor) return e.detail.by === "operator" ? "An administrator" : "Someone";
  if (actor.staff) return SUPPORT_NAME;
  if (actor.id === reader.userId) return "You";
  const name = actor.name ?? "someone";
  // Reading your own log, the only other people who act on your sessions are Account Owners.
  return reader.view === "own" || e.subject.id === reader.userId ? `An Account Owner (${name})` : name;
}

function sessionEnded(e: ActivityEvent, reader: Reader): string {
  const s = subjectWords(e, reader);
  const device = deviceWords(e.detail.device);
  const fromItself = !!e.sessionHandle && e.sessionHandle === e.actorSessionHandle;
  switch (e.detail.endReason) {
    case "LOGOUT":
      return fromItself ? `${s.Who} logged out on ${device}` : `${s.Who} logged out ${s.their} session on ${device} from another device`;
    case "SIGN_OUT_OTHERS":
      return `${s.Who} signed out ${s.their} session on ${device} with “Sign out all other sessions”`;
    case "PASSWORD_CHANGE":
      return fromItself
        ? `${capital(s.whose)} session on ${device} was replaced by a new one when ${s.self ? "you" : "they"} changed ${s.their} password`
        : `${capital(s.whose)} session on ${device} was signed out when ${s.self ? "you" : "they"} changed ${s.their} password`;
    case "SIGNED_IN_AGAIN":
      return `${capital(s.whose)} session on ${device} was replaced by a new sign-in on the same browser`;
    case "ACCOUNT_OWNER":
      return `${actorWords(e, reader)} ended ${s.whose} session on ${device}`;
    case "SUPPORT":
      return `${SUPPORT_NAME} ended ${s.whose} session on ${device}`;
    case "REPORTED":
      return `${capital(s.whose)} session on ${device} was signed out when ${s.self ? "you" : "they"} reported a sign-in as not ${s.self ? "yours" : "theirs"}`;
    default:
      return `${capital(s.whose)} session on ${device} ended`;
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const quoted = (note: string | undefined) => (note ? `: “${note}”` : "");

const signedOut = (n: number | undefined) => (n ? ` and signed out ${plural(n, "session")}` : "");

/** One event in plain words, for this reader. */
export function describeEvent(e: ActivityEvent, reader: Reader): string {
  const s = subjectWords(e, reader);
  const by = actorWords(e, reader);
  const d = e.detail;
  switch (e.type) {
    case "SIGN_IN":
      return `${s.Who} signed in on ${withPlace(d.device)}`;
    case "SIGN_IN_FAILED":
      return `Someone tried to sign in to ${s.whose} account with a wrong password${e.ip ? ` (from ${e.ip})` : ""}`;
    case "SIGN_OUT":
      return `${s.Who} signed out on ${deviceWords(d.device)}`;
    case "SESSION_ENDED":
      return sessionEnded(e, reader);
    case "SESSION_REPORTED":
      return `${s.Who} reported the sign-in on ${withPlace(d.device)} as not ${s.self ? "yours" : "theirs"}${signedOut(d.endedSessions)}`;
    case "TOKENS_REVEALED": {
      const n = d.revealedSessions ?? 0;
      return `${s.Who} revealed ${plural(n, "session ID")}${d.device ? ` on ${deviceWords(d.device)}` : ""}`;
    }
    case "PASSWORD_CHANGED": {
      const n = d.endedSessions ?? 0;
      return `${s.Who} changed ${s.their} password${n ? ` and signed out ${plural(n, "other session")}` : ""}`;
    }
    case "SUPPORT_LOOKUP":
      return s.self
        ? `${SUPPORT_NAME} looked up the session of ${deviceWords(d.device)}`
        : `${SUPPORT_NAME} looked up ${s.whose} session on ${deviceWords(d.device)}`;
    case "SUPPORT_ENDED_SESSION":
      return s.self
        ? `${SUPPORT_NAME} ended the session of ${deviceWords(d.device)}${quoted(d.note)}`
        : `${SUPPORT_NAME} ended ${s.whose} session on ${deviceWords(d.device)}${quoted(d.note)}`;
    case "MEMBER_SESSIONS_ENDED": {
      const n = d.endedSessions ?? 0;
      if (n === 1 && d.device) return `${by} ended ${s.whose} session on ${deviceWords(d.device)}`;
      return `${by} ended ${n} of ${s.whose} sessions`;
    }
    case "MEMBER_ADDED": {
      const role = d.toRole ? ROLE_LABEL[d.toRole] : "a member";
      return s.self ? `${by} added you to the account as ${role}` : `${by} added ${s.whom} as ${role}`;
    }
    case "ROLE_CHANGED": {
      const from = d.fromRole ? ROLE_LABEL[d.fromRole] : "another role";
      const to = d.toRole ? ROLE_LABEL[d.toRole] : "another role";
      return `${by} changed ${s.whose} role from ${from} to ${to}`;
    }
    case "USER_DEACTIVATED":
      return `${by} deactivated ${s.self ? "your access" : s.whom}${signedOut(d.endedSessions)}`;
    case "USER_REACTIVATED":
      return `${by} reactivated ${s.self ? "your access" : s.whom}`;
    case "PASSWORD_RESET":
      return `${by} reset ${s.whose} password${signedOut(d.endedSessions)}`;
  }
}
