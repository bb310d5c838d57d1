import { describeDevice } from "./user-agent";
import type { SessionView } from "./store";

type Ended = Pick<SessionView, "status" | "endReason" | "endedByItself" | "endedBy" | "endedFrom">;

/** How a session in My Session History ended, in words. */
export function describeEnd(s: Ended): string {
  const from = s.endedFrom ? describeDevice(s.endedFrom) : null;
  switch (s.endReason) {
    case "LOGOUT":
      if (s.endedByItself) return "Logged out from this device";
      return from ? `Logged out from another device (${from})` : "Logged out from My Sessions";
    case "SIGN_OUT_OTHERS":
      return from ? `Signed out from another device (${from}) with “Sign out all other sessions”` : "Signed out with “Sign out all other sessions”";
    case "ACCOUNT_OWNER":
      return s.endedBy ? `Terminated by an Account Owner (${s.endedBy.name})` : "Terminated by an Account Owner";
    case "PASSWORD_CHANGE":
      return s.endedByItself ? "Replaced by a new session when the password was changed on this device" : "Signed out after a password change";
    case "SIGNED_IN_AGAIN":
      return "Replaced by a new sign-in on this browser";
    case "SIGN_OUT":
      return "Signed out";
    case "IDLE_TIMEOUT":
      return "Expired after a period without use";
    case "MAX_LIFETIME":
      return "Reached the maximum session lifetime";
    case "USER_DEACTIVATED":
      return s.endedBy ? `Signed out when an Account Owner (${s.endedBy.name}) deactivated the user` : "Signed out when an administrator deactivated the user";
    case "PASSWORD_RESET":
      return s.endedBy ? `Signed out when an Account Owner (${s.endedBy.name}) reset the password` : "Signed out when an administrator reset the password";
    case "SUPPORT":
      return "Ended by Broker Buddha support";
    case "REPORTED":
      return "You reported this sign-in";
    default:
      return s.status === "EXPIRED" ? "Expired" : "Terminated";
  }
}

/**
 * Was it ended from elsewhere, so that its device learns of it only on its next request? Not a
 * session replaced by a new sign-in: that browser already holds the new one.
 */
export function endedRemotely(s: Pick<SessionView, "status" | "endReason" | "endedByItself">): boolean {
  return s.status === "TERMINATED" && s.endReason !== "SIGN_OUT" && s.endReason !== "SIGNED_IN_AGAIN" && !s.endedByItself;
}
