import type { EndReason, Role } from "@/lib/db/generated/enums";
import type { SupportSessionView } from "@/lib/sessions/support";
import { describeDevice } from "@/lib/sessions/user-agent";
import { ROLE_LABEL } from "@/lib/users/roles";

// A session as the support console shows it, in one JSON shape for the console's Server Actions
// and for GET/DELETE /api/support/sessions/{id}. Worded for staff: unlike a user's own history,
// it names who ended the session (a support colleague included).

/** How a session ended, as a support engineer reads it. */
const ENDED_FOR_STAFF: Record<EndReason, string> = {
  LOGOUT: "Logged out from the user's My Sessions",
  SIGN_OUT: "Signed out by the user",
  SIGN_OUT_OTHERS: "Signed out with “Sign out all other sessions”",
  ACCOUNT_OWNER: "Ended by an Account Owner",
  PASSWORD_CHANGE: "Ended when the user changed their password",
  SIGNED_IN_AGAIN: "Replaced by a new sign-in on the same browser",
  IDLE_TIMEOUT: "Expired after a period without use",
  MAX_LIFETIME: "Reached the maximum session lifetime",
  USER_DEACTIVATED: "Ended when the user was deactivated",
  PASSWORD_RESET: "Ended when the user's password was reset",
  SUPPORT: "Ended by Broker Buddha support",
  REPORTED: "Ended when the user reported a sign-in as not theirs",
};

type Person = { name: string; role: Role; roleLabel: string; self: boolean };

export type SupportSessionJson = {
  id: string;
  status: SupportSessionView["status"];
  /** The customer account; null for a staff member's own session. */
  account: { id: string; name: string } | null;
  user: { id: string; name: string; email: string; role: Role; roleLabel: string; deactivated: boolean };
  device: { browser: string | null; browserVersion: string | null; os: string | null; osVersion: string | null; deviceType: string; description: string };
  ip: string;
  location: string;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  ended: null | {
    at: string;
    reason: EndReason | null;
    description: string;
    /** Who ended it; null when nobody did (it expired). */
    by: Person | null;
    note: string | null;
    /** When its device was first turned away afterwards; null until it comes back. */
    deviceSignedOutAt: string | null;
  };
};

export function toSupportJson(s: SupportSessionView): SupportSessionJson {
  const { browser, browserVersion, os, osVersion, deviceType } = s;
  return {
    id: s.id,
    status: s.status,
    account: s.account,
    user: { ...s.user, roleLabel: ROLE_LABEL[s.user.role] },
    device: { browser, browserVersion, os, osVersion, deviceType, description: describeDevice(s) },
    ip: s.ip,
    location: s.location,
    createdAt: s.createdAt.toISOString(),
    lastActiveAt: s.lastActiveAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ended:
      s.status === "ACTIVE"
        ? null
        : {
            at: (s.endedAt ?? s.expiresAt).toISOString(),
            reason: s.endReason,
            description: s.endReason ? ENDED_FOR_STAFF[s.endReason] : s.status === "EXPIRED" ? "Expired" : "Terminated",
            by: s.endedBy ? { ...s.endedBy, roleLabel: ROLE_LABEL[s.endedBy.role] } : null,
            note: s.endNote,
            deviceSignedOutAt: s.deviceSignedOutAt?.toISOString() ?? null,
          },
  };
}
