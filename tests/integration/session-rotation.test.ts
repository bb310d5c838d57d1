import { beforeAll, describe, expect, inject, it } from "vitest";
import { getAuthOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { encodeToken, sessionCookieName } from "@/lib/auth/token";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { checkSession, listSessionHistory, newSessionFor, rotateSession } from "@/lib/sessions/store";
import { describeEnd, endedRemotely } from "@/lib/sessions/describe-end";
import { createAccount, createUser, sessionRow, signIn, UA, type TestUser } from "../helpers/fixtures";

// One session per browser: signing in again over a live session cookie replaces that session
// (lib/auth/options.ts → createSession with `replaces`), and a password change gives the device in use a
// new session ID (rotateSession). The old rows end saying why, as ended by their own device.

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<Record<string, unknown> | null>;
const password = "a long and uncommon passphrase";
let user: TestUser;
let other: TestUser;

beforeAll(async () => {
  const accountId = await createAccount();
  user = await createUser(accountId);
  other = await createUser(accountId);
  const passwordHash = await hashPassword(password);
  await getDb().user.updateMany({ where: { id: { in: [user.id, other.id] } }, data: { passwordHash } });
});

describe(`signing in over a live session on ${inject("databaseLabel")}`, () => {
  const options = () => getAuthOptions();
  const authorize = () => (options().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

  async function cookieFor(sid: string, sub: string) {
    const { authSecret, secureCookies } = getConfig();
    return `other=1; ${sessionCookieName(secureCookies)}=${await encodeToken({ sid, sub }, authSecret, 3600)}; more=2`;
  }

  async function signInWith(cookie: string | null, who = user) {
    const headers: Record<string, string> = { "x-forwarded-for": "203.0.113.7", "user-agent": UA.chromeMac };
    if (cookie) headers.cookie = cookie;
    const signedIn = await authorize()({ email: who.email, password }, { headers });
    const token = await options().callbacks!.jwt!({ token: {}, user: signedIn as never, account: null } as never);
    return token.sid as string;
  }

  it("ends the session the browser still held, as replaced by its own device", async () => {
    const first = await signInWith(null);
    const second = await signInWith(await cookieFor(first, user.id));
    expect(second).not.toBe(first);
    expect(await sessionRow(first)).toMatchObject({ status: "TERMINATED", end_reason: "SIGNED_IN_AGAIN", ended_by_id: user.id, ended_by_session_id: first });
    expect((await sessionRow(first))!.device_signed_out_at).not.toBeNull();
    expect((await checkSession(second)).ok).toBe(true);

    const [ended] = (await listSessionHistory(user.id, 1)).items.filter((s) => s.id === first);
    expect(describeEnd(ended!)).toBe("Replaced by a new sign-in on this browser");
    expect(endedRemotely(ended!)).toBe(false);
  });

  it("replaces the previous user's session too when someone else signs in on that browser", async () => {
    const mine = await signInWith(null, user);
    await signInWith(await cookieFor(mine, user.id), other);
    expect(await sessionRow(mine)).toMatchObject({ status: "TERMINATED", end_reason: "SIGNED_IN_AGAIN", ended_by_id: user.id });
  });

  it("leaves everything alone when the cookie is forged, stale or absent", async () => {
    const kept = await signInWith(null);
    await signInWith(`${sessionCookieName(false)}=not-a-token`);
    await signInWith(null);
    expect((await sessionRow(kept))!.status).toBe("ACTIVE");
    // A cookie naming a session that has already ended changes nothing more.
    await signInWith(await cookieFor(kept, user.id));
    const endedAt = (await sessionRow(kept))!.ended_at;
    await signInWith(await cookieFor(kept, user.id));
    expect((await sessionRow(kept))!.ended_at).toEqual(endedAt);
  });
});

describe(`a new session ID after a password change on ${inject("databaseLabel")}`, () => {
  it("creates a new row for the device and ends the old one as replaced by itself", async () => {
    const old = await signIn(user.id, { ip: "198.51.100.4", userAgent: UA.firefoxWindows });
    const fresh = await rotateSession({ userId: user.id, sessionId: old }, "PASSWORD_CHANGE", newSessionFor({ userId: user.id, userAgent: UA.safariIphone, ip: "198.51.100.5" }));
    expect(fresh).not.toBe(old);
    expect(await sessionRow(fresh)).toMatchObject({ status: "ACTIVE", user_id: user.id, ip: "198.51.100.5", browser: "Mobile Safari" });
    expect(await sessionRow(old)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_CHANGE", ended_by_id: user.id, ended_by_session_id: old });
    const [ended] = (await listSessionHistory(user.id, 1)).items.filter((s) => s.id === old);
    expect(describeEnd(ended!)).toBe("Replaced by a new session when the password was changed on this device");
    expect(endedRemotely(ended!)).toBe(false);
  });

  it("cannot end someone else's session by naming it", async () => {
    const theirs = await signIn(other.id);
    await rotateSession({ userId: user.id, sessionId: theirs }, "PASSWORD_CHANGE", newSessionFor({ userId: user.id, userAgent: null, ip: "127.0.0.1" }));
    expect((await sessionRow(theirs))!.status).toBe("ACTIVE");
  });
});
