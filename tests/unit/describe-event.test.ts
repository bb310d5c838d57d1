import { describe, expect, it } from "vitest";
import { describeEvent, type ActivityEvent, type Reader } from "@/lib/security/describe";

// The security activity log in plain words (lib/security/describe.ts), from the point of view of
// the user it concerns and of an Account Owner reading the account's log.

const mia = { id: "usr_mia", name: "Mia Moreno" };
const olivia = { id: "usr_olivia", name: "Olivia Owens" };
const chrome = { browser: "Chrome", os: "macOS", deviceType: "desktop", location: "Berlin, Germany" };
const safari = { browser: "Mobile Safari", os: "iOS", deviceType: "mobile", location: "Perth, Australia" };

const own: Reader = { userId: mia.id, view: "own" };
const owner: Reader = { userId: olivia.id, view: "account" };

function event(partial: Partial<ActivityEvent> & Pick<ActivityEvent, "type">): ActivityEvent {
  return { at: new Date(), subject: mia, actor: { ...mia, staff: false }, sessionHandle: "h1", actorSessionHandle: "h1", ip: null, detail: {}, ...partial };
}

const support = { id: "usr_sam", name: null, staff: true };
const byOlivia = { ...olivia, staff: false };

describe("security events in plain words", () => {
  const cases: [string, ActivityEvent, string, string][] = [
    ["sign-in", event({ type: "SIGN_IN", detail: { device: chrome } }), "You signed in on Chrome on macOS · Berlin, Germany", "Mia Moreno signed in on Chrome on macOS · Berlin, Germany"],
    [
      "wrong password",
      event({ type: "SIGN_IN_FAILED", actor: null, ip: "203.0.113.7" }),
      "Someone tried to sign in to your account with a wrong password (from 203.0.113.7)",
      "Someone tried to sign in to Mia Moreno's account with a wrong password (from 203.0.113.7)",
    ],
    ["sign-out", event({ type: "SIGN_OUT", detail: { device: chrome } }), "You signed out on Chrome on macOS", "Mia Moreno signed out on Chrome on macOS"],
    ["logout here", event({ type: "SESSION_ENDED", detail: { endReason: "LOGOUT", device: chrome } }), "You logged out on Chrome on macOS", "Mia Moreno logged out on Chrome on macOS"],
    [
      "logout of another device",
      event({ type: "SESSION_ENDED", actorSessionHandle: "h2", detail: { endReason: "LOGOUT", device: safari } }),
      "You logged out your session on Mobile Safari on iOS from another device",
      "Mia Moreno logged out their session on Mobile Safari on iOS from another device",
    ],
    [
      "sign out all others",
      event({ type: "SESSION_ENDED", actorSessionHandle: "h2", detail: { endReason: "SIGN_OUT_OTHERS", device: safari } }),
      "You signed out your session on Mobile Safari on iOS with “Sign out all other sessions”",
      "Mia Moreno signed out their session on Mobile Safari on iOS with “Sign out all other sessions”",
    ],
    [
      "rotation on password change",
      event({ type: "SESSION_ENDED", detail: { endReason: "PASSWORD_CHANGE", device: chrome } }),
      "Your session on Chrome on macOS was replaced by a new one when you changed your password",
      "Mia Moreno's session on Chrome on macOS was replaced by a new one when they changed their password",
    ],
    [
      "replaced by a new sign-in",
      event({ type: "SESSION_ENDED", detail: { endReason: "SIGNED_IN_AGAIN", device: chrome } }),
      "Your session on Chrome on macOS was replaced by a new sign-in on the same browser",
      "Mia Moreno's session on Chrome on macOS was replaced by a new sign-in on the same browser",
    ],
    [
      "a sign-in reported as not theirs",
      event({ type: "SESSION_REPORTED", actorSessionHandle: "h2", detail: { device: safari, endedSessions: 2 } }),
      "You reported the sign-in on Mobile Safari on iOS · Perth, Australia as not yours and signed out 2 sessions",
      "Mia Moreno reported the sign-in on Mobile Safari on iOS · Perth, Australia as not theirs and signed out 2 sessions",
    ],
    [
      "a later session ended by that report",
      event({ type: "SESSION_ENDED", actorSessionHandle: "h2", detail: { endReason: "REPORTED", device: chrome } }),
      "Your session on Chrome on macOS was signed out when you reported a sign-in as not yours",
      "Mia Moreno's session on Chrome on macOS was signed out when they reported a sign-in as not theirs",
    ],
    ["tokens", event({ type: "TOKENS_REVEALED", detail: { revealedSessions: 3, device: chrome } }), "You revealed 3 session IDs on Chrome on macOS", "Mia Moreno revealed 3 session IDs on Chrome on macOS"],
    ["password", event({ type: "PASSWORD_CHANGED", detail: { endedSessions: 2 } }), "You changed your password and signed out 2 other sessions", "Mia Moreno changed their password and signed out 2 other sessions"],
    [
      "support lookup",
      event({ type: "SUPPORT_LOOKUP", actor: support, detail: { device: chrome } }),
      "Broker Buddha support looked up the session of Chrome on macOS",
      "Broker Buddha support looked up Mia Moreno's session on Chrome on macOS",
    ],
    [
      "support ending",
      event({ type: "SUPPORT_ENDED_SESSION", actor: support, detail: { device: safari, note: "You asked us to", endReason: "SUPPORT" } }),
      "Broker Buddha support ended the session of Mobile Safari on iOS: “You asked us to”",
      "Broker Buddha support ended Mia Moreno's session on Mobile Safari on iOS: “You asked us to”",
    ],
    [
      "owner ended several",
      event({ type: "MEMBER_SESSIONS_ENDED", actor: byOlivia, actorSessionHandle: "o1", sessionHandle: null, detail: { endedSessions: 2 } }),
      "An Account Owner (Olivia Owens) ended 2 of your sessions",
      "You ended 2 of Mia Moreno's sessions",
    ],
    [
      "owner ended one",
      event({ type: "MEMBER_SESSIONS_ENDED", actor: byOlivia, actorSessionHandle: "o1", detail: { endedSessions: 1, device: safari } }),
      "An Account Owner (Olivia Owens) ended your session on Mobile Safari on iOS",
      "You ended Mia Moreno's session on Mobile Safari on iOS",
    ],
    ["added", event({ type: "MEMBER_ADDED", actor: byOlivia, detail: { toRole: "USER" } }), "An Account Owner (Olivia Owens) added you to the account as User", "You added Mia Moreno as User"],
    ["created by the operator", event({ type: "MEMBER_ADDED", actor: null, detail: { toRole: "ACCOUNT_OWNER", by: "operator" } }), "An administrator added you to the account as Account Owner", "An administrator added Mia Moreno as Account Owner"],
    [
      "role",
      event({ type: "ROLE_CHANGED", actor: byOlivia, detail: { fromRole: "USER", toRole: "BILLING_MANAGER" } }),
      "An Account Owner (Olivia Owens) changed your role from User to Billing Manager",
      "You changed Mia Moreno's role from User to Billing Manager",
    ],
    ["deactivated", event({ type: "USER_DEACTIVATED", actor: byOlivia, detail: { endedSessions: 2 } }), "An Account Owner (Olivia Owens) deactivated your access and signed out 2 sessions", "You deactivated Mia Moreno and signed out 2 sessions"],
    ["reactivated", event({ type: "USER_REACTIVATED", actor: null, detail: { by: "operator" } }), "An administrator reactivated your access", "An administrator reactivated Mia Moreno"],
    ["reset", event({ type: "PASSWORD_RESET", actor: null, detail: { by: "operator", endedSessions: 1 } }), "An administrator reset your password and signed out 1 session", "An administrator reset Mia Moreno's password and signed out 1 session"],
  ];

  for (const [name, e, ownWords, ownerWords] of cases) {
    it(`${name}: to the user, and to their Account Owner`, () => {
      expect(describeEvent(e, own)).toBe(ownWords);
      expect(describeEvent(e, owner)).toBe(ownerWords);
    });
  }

  it("another Account Owner's doing is named to the owner reading the account's log", () => {
    const e = event({ type: "ROLE_CHANGED", actor: { id: "usr_other", name: "Omar Olsen", staff: false }, detail: { fromRole: "USER", toRole: "ACCOUNT_OWNER" } });
    expect(describeEvent(e, owner)).toBe("Omar Olsen changed Mia Moreno's role from User to Account Owner");
    // …and their own sessions ended by another owner read as such.
    const theirs = event({ type: "MEMBER_SESSIONS_ENDED", subject: olivia, actor: { id: "usr_other", name: "Omar Olsen", staff: false }, detail: { endedSessions: 3 } });
    expect(describeEvent(theirs, owner)).toBe("An Account Owner (Omar Olsen) ended 3 of your sessions");
  });

  it("never names a support engineer, whatever the event carries", () => {
    const named = event({ type: "SUPPORT_LOOKUP", actor: { id: "usr_sam", name: "Sam Support", staff: true }, detail: { device: chrome } });
    for (const reader of [own, owner]) expect(describeEvent(named, reader)).not.toContain("Sam");
  });

  it("says what it can about a session it knows little of", () => {
    expect(describeEvent(event({ type: "SIGN_OUT", detail: { device: { browser: null, os: null } } }), own)).toBe("You signed out on an unknown device");
    expect(describeEvent(event({ type: "SIGN_OUT", detail: { device: { browser: null, os: "Linux" } } }), own)).toBe("You signed out on a browser on Linux");
    expect(describeEvent(event({ type: "SIGN_IN", detail: { device: { browser: "curl", os: null, location: null } } }), own)).toBe("You signed in on curl");
    expect(describeEvent(event({ type: "SIGN_IN_FAILED", actor: null }), own)).toBe("Someone tried to sign in to your account with a wrong password");
  });
});
