import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { getAuthOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { encodeToken, sessionCookieName } from "@/lib/auth/token";
import { getConfig } from "@/lib/config";
import { getDb, getPool } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";
import { runMaintenance } from "@/lib/maintenance/run";
import { accountActivityBatches, listAccountActivity, listOwnActivity } from "@/lib/security/activity";
import { recordSecurityEvents } from "@/lib/security/events";
import { checkSession, endMemberSessions, endOtherSessions, endOwnSession, revealSessionIds, signOutSession } from "@/lib/sessions/store";
import { addMember, changeMemberRole, deactivateMember, reactivateMember, resetMemberPassword } from "@/lib/users/provisioning";
import { createAccount, createUser, DAY, sessionRow, signIn, UA, type TestUser } from "../helpers/fixtures";

// The security activity log end to end against PostgreSQL: every change writes exactly its
// events, in the change's own transaction (an event that cannot be written undoes the change),
// and the reads are scoped: a user reads their own events, an Account Owner their account's,
// nobody another account's, and no account ever sees staff's own events or a staff name.

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<Record<string, unknown> | null>;
const PASSWORD = "a long and uncommon passphrase";
let passwordHash: string;

type EventRow = {
  id: string;
  type: string;
  actor_id: string | null;
  actor_session_handle: string | null;
  subject_user_id: string;
  account_id: string | null;
  session_handle: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
};

/** The id of the newest event so far: what a change writes comes after it. */
async function mark(): Promise<number> {
  const { rows } = await getPool().query<{ id: string | null }>("SELECT max(id)::text AS id FROM security_events");
  return Number(rows[0]?.id ?? 0);
}

async function eventsAfter(marker: number): Promise<EventRow[]> {
  const { rows } = await getPool().query<EventRow>("SELECT id::text, type, actor_id, actor_session_handle, subject_user_id, account_id, session_handle, ip, detail FROM security_events WHERE id > $1 ORDER BY id", [marker]);
  return rows;
}

const handleOf = async (id: string) => (await sessionRow(id))!.handle;

async function person(accountId: string, role: Role = "USER"): Promise<TestUser> {
  const user = await createUser(accountId, role);
  await getDb().user.update({ where: { id: user.id }, data: { passwordHash } });
  return user;
}

let accountId: string;
let owner: TestUser;
let member: TestUser;
let ownerSession: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  accountId = await createAccount("Activity");
  owner = await person(accountId, "ACCOUNT_OWNER");
  member = await person(accountId);
  ownerSession = await signIn(owner.id, { ip: "198.51.100.1" });
});

describe(`each change writes exactly its events, on ${inject("databaseLabel")}`, () => {
  const authorize = () => (getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

  async function signInThroughNextAuth(who: TestUser, password: string, headers: Record<string, string>) {
    const signedIn = await authorize()({ email: who.email, password }, { headers });
    if (!signedIn) return null;
    const token = await getAuthOptions().callbacks!.jwt!({ token: {}, user: signedIn as never, account: null } as never);
    return token.sid as string;
  }

  it("a sign-in (and the session it replaces in that browser); a wrong password for an existing account, deactivated or not; nothing for an unknown address", async () => {
    const user = await person(accountId);
    const headers = { "x-forwarded-for": "85.214.132.117", "user-agent": UA.chromeMac };
    let m = await mark();
    const first = (await signInThroughNextAuth(user, PASSWORD, headers))!;
    const [signedIn] = await eventsAfter(m);
    const firstHandle = await handleOf(first);
    expect(await eventsAfter(m)).toHaveLength(1);
    expect(signedIn).toMatchObject({
      type: "SIGN_IN",
      subject_user_id: user.id,
      actor_id: user.id,
      actor_session_handle: firstHandle,
      session_handle: firstHandle,
      account_id: accountId,
      ip: "85.214.132.117",
      detail: { device: { browser: "Chrome", os: "macOS", deviceType: "desktop", location: "Berlin, Germany" } },
    });

    // Signing in again over the live cookie: the old session ends as replaced, then the new one starts.
    const { authSecret, secureCookies } = getConfig();
    const cookie = `${sessionCookieName(secureCookies)}=${await encodeToken({ sid: first, sub: user.id }, authSecret, 3600)}`;
    m = await mark();
    const second = (await signInThroughNextAuth(user, PASSWORD, { ...headers, cookie }))!;
    expect((await eventsAfter(m)).map((e) => [e.type, e.session_handle, e.detail.endReason ?? null])).toEqual([
      ["SESSION_ENDED", firstHandle, "SIGNED_IN_AGAIN"],
      ["SIGN_IN", await handleOf(second), null],
    ]);

    m = await mark();
    expect(await signInThroughNextAuth(user, "not the password", { "x-forwarded-for": "203.0.113.7", "user-agent": UA.firefoxWindows })).toBeNull();
    expect(await eventsAfter(m)).toEqual([
      expect.objectContaining({ type: "SIGN_IN_FAILED", subject_user_id: user.id, actor_id: null, actor_session_handle: null, session_handle: null, ip: "203.0.113.7" }),
    ]);

    await getDb().user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    m = await mark();
    expect(await signInThroughNextAuth(user, "still not it", { "x-forwarded-for": "203.0.113.8" })).toBeNull();
    expect(await signInThroughNextAuth(user, PASSWORD, { "x-forwarded-for": "203.0.113.8" })).toBeNull();
    expect(await signInThroughNextAuth({ ...user, email: "nobody-at-all@example.com" }, PASSWORD, { "x-forwarded-for": "203.0.113.9" })).toBeNull();
    // The deactivated account's wrong password only: the right one is no guess, an unknown address has no subject.
    expect((await eventsAfter(m)).map((e) => [e.type, e.subject_user_id, e.ip])).toEqual([["SIGN_IN_FAILED", user.id, "203.0.113.8"]]);
  });

  it("sign-out, Logout of another device, Sign out all other sessions, Show Tokens; nothing when nothing changed", async () => {
    const user = await person(accountId);
    const here = await signIn(user.id, { ip: "85.214.132.117" });
    const phone = await signIn(user.id, { userAgent: UA.safariIphone, ip: "24.48.0.1" });
    const [a, b] = [await signIn(user.id), await signIn(user.id)];
    const actor = { userId: user.id, sessionId: here, ip: "192.0.2.10" };
    const hereHandle = await handleOf(here);

    let m = await mark();
    expect(await endOwnSession(actor, { id: phone })).toBe("ended");
    expect(await endOwnSession(actor, { id: phone })).toBe("already-ended");
    expect(await eventsAfter(m)).toEqual([
      expect.objectContaining({
        type: "SESSION_ENDED",
        subject_user_id: user.id,
        actor_id: user.id,
        actor_session_handle: hereHandle,
        session_handle: await handleOf(phone),
        ip: "192.0.2.10",
        detail: { endReason: "LOGOUT", device: { browser: "Mobile Safari", os: "iOS", deviceType: "mobile", location: "Montreal, Canada" } },
      }),
    ]);

    m = await mark();
    const handles = [hereHandle, await handleOf(a)];
    expect(Object.keys(await revealSessionIds(actor, handles))).toHaveLength(2);
    expect(await revealSessionIds(actor, ["AAAAAAAAAAAAAAAA"])).toEqual({});
    expect(await eventsAfter(m)).toEqual([
      expect.objectContaining({ type: "TOKENS_REVEALED", actor_session_handle: hereHandle, session_handle: hereHandle, ip: "192.0.2.10", detail: expect.objectContaining({ revealedSessions: 2 }) }),
    ]);

    m = await mark();
    expect(await endOtherSessions(actor, "SIGN_OUT_OTHERS")).toBe(2);
    expect(await endOtherSessions(actor, "SIGN_OUT_OTHERS")).toBe(0);
    const ended = await eventsAfter(m);
    expect(ended.map((e) => [e.type, e.session_handle, e.actor_session_handle, e.detail.endReason]).sort()).toEqual(
      [
        ["SESSION_ENDED", await handleOf(a), hereHandle, "SIGN_OUT_OTHERS"],
        ["SESSION_ENDED", await handleOf(b), hereHandle, "SIGN_OUT_OTHERS"],
      ].sort(),
    );

    m = await mark();
    await signOutSession(actor);
    await signOutSession(actor);
    expect(await eventsAfter(m)).toEqual([
      expect.objectContaining({ type: "SIGN_OUT", subject_user_id: user.id, actor_id: user.id, actor_session_handle: hereHandle, session_handle: hereHandle, ip: "192.0.2.10" }),
    ]);
    // Expiry records nothing, whether the gate notices it or the maintenance job does.
    const stale = await signIn(user.id, { at: new Date(Date.now() - 40 * DAY) });
    m = await mark();
    expect((await checkSession(stale)).ok).toBe(false);
    await runMaintenance(getPool(), { retentionMs: 180 * DAY });
    expect(await eventsAfter(m)).toEqual([]);
  });

  it("a password change: each other session, this device's new session ID, then the change itself", async () => {
    const user = await person(accountId);
    const here = await signIn(user.id);
    const others = [await signIn(user.id), await signIn(user.id)];
    const actor = { userId: user.id, sessionId: here, email: user.email, ip: "192.0.2.20", userAgent: UA.firefoxWindows };
    let m = await mark();
    expect((await changePassword(actor, { currentPassword: "wrong", newPassword: "another long passphrase 1", signOutOthers: true })).ok).toBe(false);
    expect(await eventsAfter(m)).toEqual([]);

    m = await mark();
    const changed = await changePassword(actor, { currentPassword: PASSWORD, newPassword: "another long passphrase 1", signOutOthers: true });
    if (!changed.ok) throw new Error("password change refused");
    const written = await eventsAfter(m);
    const hereHandle = await handleOf(here);
    const freshHandle = await handleOf(changed.newSessionId);
    const words = (e: EventRow) => [e.type, e.session_handle, e.actor_session_handle, e.detail.endReason ?? null];
    expect(written).toHaveLength(4);
    expect(written.slice(0, 2).map(words).sort()).toEqual((await Promise.all(others.map(handleOf))).map((h) => ["SESSION_ENDED", h, hereHandle, "PASSWORD_CHANGE"]).sort());
    expect(written.slice(2).map(words)).toEqual([
      ["SESSION_ENDED", hereHandle, hereHandle, "PASSWORD_CHANGE"],
      ["PASSWORD_CHANGED", freshHandle, freshHandle, null],
    ]);
    expect(written.at(-1)).toMatchObject({ subject_user_id: user.id, ip: "192.0.2.20", detail: { endedSessions: 2 } });
  });

  it("an Account Owner ending a member's sessions: one event for the member, never the owner's device", async () => {
    const user = await person(accountId);
    const [s1, s2, s3] = [await signIn(user.id, { userAgent: UA.safariIphone, ip: "24.48.0.1" }), await signIn(user.id), await signIn(user.id)];
    const asOwner = { userId: owner.id, sessionId: ownerSession, ip: "192.0.2.30", accountId, role: "ACCOUNT_OWNER" as const };

    let m = await mark();
    expect(await endMemberSessions(asOwner, user.id, await handleOf(s1))).toBe(1);
    expect(await eventsAfter(m)).toEqual([
      expect.objectContaining({
        type: "MEMBER_SESSIONS_ENDED",
        subject_user_id: user.id,
        actor_id: owner.id,
        actor_session_handle: await handleOf(ownerSession),
        session_handle: await handleOf(s1),
        ip: "192.0.2.30",
        detail: { endedSessions: 1, endReason: "ACCOUNT_OWNER", device: { browser: "Mobile Safari", os: "iOS", deviceType: "mobile", location: "Montreal, Canada" } },
      }),
    ]);

    // Refused (not an owner; another account's owner) or nothing to end: nothing written.
    const other = await createUser(await createAccount(), "ACCOUNT_OWNER");
    m = await mark();
    expect(await endMemberSessions({ ...asOwner, role: "USER" }, user.id, null)).toBe(0);
    expect(await endMemberSessions({ userId: other.id, sessionId: await signIn(other.id), accountId: other.accountId, role: "ACCOUNT_OWNER" }, user.id, null)).toBe(0);
    expect(await endMemberSessions(asOwner, user.id, await handleOf(s1))).toBe(0);
    expect((await eventsAfter(m)).filter((e) => e.type !== "SIGN_IN")).toEqual([]);

    m = await mark();
    expect(await endMemberSessions(asOwner, user.id, null)).toBe(2);
    expect(await eventsAfter(m)).toEqual([expect.objectContaining({ type: "MEMBER_SESSIONS_ENDED", session_handle: null, detail: { endedSessions: 2, endReason: "ACCOUNT_OWNER" } })]);
    void [s2, s3];
  });

  it("provisioning: added (by an owner, by the operator), role changed, deactivated, reactivated, password reset", async () => {
    const asOwner = { userId: owner.id, sessionId: ownerSession, ip: "192.0.2.40" };
    const ownerHandle = await handleOf(ownerSession);
    const m = await mark();
    const added = await addMember(accountId, asOwner, { name: "Nina New", email: `nina-${Date.now()}@example.com`, role: "USER" });
    if (!added.ok) throw new Error("not added");
    const id = added.member.id;
    await signIn(id);
    await changeMemberRole(accountId, asOwner, id, "BILLING_MANAGER");
    await changeMemberRole(accountId, asOwner, id, "BILLING_MANAGER"); // no change, no event
    await deactivateMember(accountId, asOwner, id);
    await reactivateMember(accountId, "operator", id);
    await resetMemberPassword(accountId, "operator", id);
    expect((await eventsAfter(m)).filter((e) => e.type !== "SIGN_IN").map((e) => [e.type, e.subject_user_id, e.actor_id, e.actor_session_handle, e.ip, e.detail])).toEqual([
      ["MEMBER_ADDED", id, owner.id, ownerHandle, "192.0.2.40", { toRole: "USER", oneTimePassword: true }],
      ["ROLE_CHANGED", id, owner.id, ownerHandle, "192.0.2.40", { fromRole: "USER", toRole: "BILLING_MANAGER" }],
      ["USER_DEACTIVATED", id, owner.id, ownerHandle, "192.0.2.40", { endedSessions: 1 }],
      ["USER_REACTIVATED", id, null, null, null, { by: "operator" }],
      ["PASSWORD_RESET", id, null, null, null, { oneTimePassword: true, endedSessions: 0, by: "operator" }],
    ]);
  });
});

describe(`events share their change's transaction, on ${inject("databaseLabel")}`, () => {
  // A deliberately failing insert: this database refuses any event about `victim`, as a full
  // disk or a lost connection would refuse it halfway through. Each change must then not happen.
  let victim: TestUser;
  beforeAll(async () => {
    victim = await person(accountId);
    await getPool().query(`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'event refused for this test'; END $$`);
    await getPool().query(`CREATE TRIGGER refuse_victim_events BEFORE INSERT ON security_events FOR EACH ROW
      WHEN (NEW.subject_user_id = '${victim.id}') EXECUTE FUNCTION refuse_event()`);
  });
  afterAll(async () => {
    await getPool().query("DROP TRIGGER refuse_victim_events ON security_events");
  });

  async function state() {
    const sessions = await getPool().query("SELECT * FROM sessions WHERE user_id = $1 ORDER BY id", [victim.id]);
    const user = await getPool().query("SELECT * FROM users WHERE id = $1", [victim.id]);
    return { sessions: sessions.rows, user: user.rows };
  }

  it("no session starts, ends or is revealed, no password or member changes, when its event cannot be written", async () => {
    // Sessions made before the trigger's victim existed would need events: insert them directly.
    const insert = async () => {
      const id = `${Math.random().toString(36).slice(2)}${"x".repeat(32)}`.slice(0, 32);
      await getPool().query(
        `INSERT INTO sessions (id, handle, user_id, expires_at, max_expires_at, ip) VALUES ($1, $2, $3, now() + interval '1 day', now() + interval '2 days', '127.0.0.1')`,
        [id, id.slice(0, 16), victim.id],
      );
      return id;
    };
    const here = await insert();
    const other = await insert();
    const actor = { userId: victim.id, sessionId: here };
    const before = await state();
    const refused = /event refused for this test/;

    await expect(signIn(victim.id)).rejects.toThrow(refused);
    await expect(endOwnSession(actor, { id: other })).rejects.toThrow(refused);
    await expect(endOtherSessions(actor, "SIGN_OUT_OTHERS")).rejects.toThrow(refused);
    await expect(signOutSession(actor)).rejects.toThrow(refused);
    await expect(revealSessionIds(actor, [await handleOf(other)])).rejects.toThrow(refused);
    await expect(endMemberSessions({ userId: owner.id, sessionId: ownerSession, accountId, role: "ACCOUNT_OWNER" }, victim.id, null)).rejects.toThrow(refused);
    await expect(
      changePassword({ ...actor, email: victim.email, ip: "192.0.2.50", userAgent: null }, { currentPassword: PASSWORD, newPassword: "a different passphrase 7", signOutOthers: true }),
    ).rejects.toThrow(refused);
    await expect(deactivateMember(accountId, { userId: owner.id, sessionId: ownerSession }, victim.id)).rejects.toThrow(refused);
    await expect(changeMemberRole(accountId, "operator", victim.id, "BILLING_MANAGER")).rejects.toThrow(refused);

    expect(await state()).toEqual(before);
    expect((await getPool().query("SELECT count(*)::int AS n FROM security_events WHERE subject_user_id = $1", [victim.id])).rows[0].n).toBe(0);
  });
});

describe(`reading the log is scoped, on ${inject("databaseLabel")}`, () => {
  let acct: string;
  let boss: TestUser;
  let mia: TestUser;
  let outsiderOwner: TestUser;
  let outsider: TestUser;
  let staff: string;
  const now = new Date();

  beforeAll(async () => {
    acct = await createAccount("Scoped");
    boss = await person(acct, "ACCOUNT_OWNER");
    mia = await person(acct);
    const otherAccount = await createAccount("Elsewhere");
    outsiderOwner = await person(otherAccount, "ACCOUNT_OWNER");
    outsider = await person(otherAccount);
    staff = `usr_staff_${Date.now()}`;
    await getPool().query("INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ($1, NULL, $2, 'Sam Staffer', 'x', 'SUPPORT')", [staff, `${staff}@brokerbuddha.example`]);

    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const miaSession = await signIn(mia.id, { at: at(60), ip: "85.214.132.117" });
    const bossSession = await signIn(boss.id, { at: at(50), ip: "24.48.0.1" });
    await signIn(outsider.id, { at: at(40) });
    await signIn(staff, { at: at(30), ip: "10.1.2.3" });
    const miaHandle = await handleOf(miaSession);
    await recordSecurityEvents(getDb(), [
      { type: "SIGN_IN_FAILED", subjectUserId: mia.id, ip: "203.0.113.7", at: at(20) },
      { type: "SUPPORT_LOOKUP", subjectUserId: mia.id, actor: { userId: staff }, sessionHandle: miaHandle, ip: "10.1.2.3", detail: { device: { browser: "Chrome", os: "macOS", sessionId: "AbCdEfGhIjKlMnOpQrStUvWxYz012345" } }, at: at(10) },
      // Past the retention: read by nobody.
      { type: "SIGN_IN_FAILED", subjectUserId: mia.id, ip: "203.0.113.99", at: new Date(now.getTime() - getConfig().retention.endedSessionsMs - 60_000) },
    ]);
    await endMemberSessions({ userId: boss.id, sessionId: bossSession, ip: "24.48.0.1", accountId: acct, role: "ACCOUNT_OWNER" }, mia.id, miaHandle, at(5));
  });

  it("a user reads their own events only, newest first, one page at a time, in their own words", async () => {
    const page = await listOwnActivity(mia.id, 1, now);
    expect(page).toMatchObject({ total: 4, page: 1, pageCount: 1 });
    expect(page.items.map((e) => [e.type, e.text, e.ip])).toEqual([
      // The owner's address stays the owner's; support's never shows; a guesser's does.
      ["MEMBER_SESSIONS_ENDED", `An Account Owner (User ${boss.id}) ended your session on Chrome on macOS`, null],
      ["SUPPORT_LOOKUP", "Broker Buddha support looked up the session of Chrome on macOS", null],
      ["SIGN_IN_FAILED", "Someone tried to sign in to your account with a wrong password (from 203.0.113.7)", "203.0.113.7"],
      ["SIGN_IN", "You signed in on Chrome on macOS · Berlin, Germany", "85.214.132.117"],
    ]);
    expect(page.items.every((e) => e.subject.id === mia.id)).toBe(true);
    // The described device, without the truncated ID a support event carries, and no staff name anywhere.
    expect(page.items[1]!.device).toEqual({ browser: "Chrome", os: "macOS", deviceType: null, location: null });
    expect(JSON.stringify(page)).not.toMatch(/Sam Staffer|AbCdEf/);

    const paged = [await listOwnActivity(mia.id, 1, now, 3), await listOwnActivity(mia.id, 2, now, 3), await listOwnActivity(mia.id, 3, now, 3)];
    expect(paged.map((p) => [p.items.length, p.pageCount])).toEqual([[3, 2], [1, 2], [0, 2]]);
    expect(paged.flatMap((p) => p.items.map((e) => e.id))).toEqual(page.items.map((e) => e.id));
  });

  it("an Account Owner reads every member of their own account, filters by one of them, and nothing else", async () => {
    const ownerOf = (u: TestUser) => ({ id: u.id, role: u.role, accountId: u.accountId });
    const all = (await listAccountActivity(ownerOf(boss), { memberId: null, page: 1 }, now))!;
    expect(new Set(all.items.map((e) => e.subject.id))).toEqual(new Set([mia.id, boss.id]));
    expect(all.items.find((e) => e.type === "MEMBER_SESSIONS_ENDED")).toMatchObject({ text: `You ended User ${mia.id}'s session on Chrome on macOS`, ip: "24.48.0.1" });
    expect(all.items.find((e) => e.type === "SUPPORT_LOOKUP")).toMatchObject({ text: `Broker Buddha support looked up User ${mia.id}'s session on Chrome on macOS`, ip: null });
    expect(JSON.stringify(all)).not.toContain("Sam Staffer");

    const filtered = (await listAccountActivity(ownerOf(boss), { memberId: mia.id, page: 1 }, now))!;
    expect(filtered.total).toBe(4);
    expect(filtered.items.every((e) => e.subject.id === mia.id)).toBe(true);

    // Another account's member, a made-up id, staff, or a reader who is not an Account Owner: not found.
    for (const memberId of [outsider.id, outsiderOwner.id, staff, "usr_nobody"]) {
      expect(await listAccountActivity(ownerOf(boss), { memberId, page: 1 }, now), memberId).toBeNull();
      expect(await accountActivityBatches(ownerOf(boss), memberId, now), memberId).toBeNull();
    }
    expect(await listAccountActivity(ownerOf(mia), { memberId: null, page: 1 }, now)).toBeNull();
    expect(await listAccountActivity({ id: staff, role: "SUPPORT", accountId: null }, { memberId: null, page: 1 }, now)).toBeNull();
    // The other account's owner sees their own account only.
    const theirs = (await listAccountActivity(ownerOf(outsiderOwner), { memberId: null, page: 1 }, now))!;
    expect(new Set(theirs.items.map((e) => e.subject.id))).toEqual(new Set([outsider.id]));
  });

  it("the CSV's batches hold exactly the pages' events, across batch boundaries", async () => {
    const ownerOf = { id: boss.id, role: boss.role, accountId: boss.accountId };
    const batches = (await accountActivityBatches(ownerOf, null, now, 2))!;
    const seen: string[] = [];
    for await (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(2);
      seen.push(...batch.map((e) => e.id));
    }
    const page = (await listAccountActivity(ownerOf, { memberId: null, page: 1 }, now))!;
    expect(seen).toEqual(page.items.map((e) => e.id));
  });
});
