import { beforeAll, describe, expect, inject, it } from "vitest";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/client";
import { SESSION_HANDLE_PATTERN, SESSION_ID_PATTERN } from "@/lib/sessions/ids";
import {
  checkSession,
  createSession,
  endMemberSessions,
  endOtherSessions,
  endOwnSession,
  listActiveSessions,
  listSessionHistory,
  memberActivity,
  revealSessionIds,
  signOutSession,
} from "@/lib/sessions/store";
import { createAccount, createUser, DAY, MINUTE, SECOND, sessionRow, signIn, UA, type TestUser } from "../helpers/fixtures";

// lib/sessions/store.ts, the one module that reads and writes the sessions table: signing in,
// the request gate's check, ending sessions, and what My Sessions lists. One file (one database,
// one Prisma client) for the whole store keeps the suite fast; each block has its own users.

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const actorOf = (userId: string, sessionId: string) => ({ userId, sessionId });
const handleOf = async (id: string) => (await sessionRow(id))!.handle;
const ids = (sessions: { id: string }[]) => sessions.map((s) => s.id);

describe("signing in and the request gate", () => {
  // Signing in (createSession) and the request gate's question (checkSession): is this session
  // alive, and, at most once a touch interval, sliding its expiry.


  let user: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    const accountId = await createAccount();
    user = await createUser(accountId);
    other = await createUser(accountId);
  });

  describe(`createSession on ${inject("databaseLabel")}`, () => {
    it("records the device, the IP and where it is, with a fresh ID and expiry times", async () => {
      const { idleTimeoutMs, maxLifetimeMs } = getConfig().session;
      const now = new Date("2026-05-04T10:00:00.000Z");
      const id = await createSession({ userId: user.id, userAgent: UA.chromeMac, ip: "85.214.132.117" }, now);

      expect(id).toMatch(SESSION_ID_PATTERN);
      const row = await sessionRow(id);
      expect(row).toMatchObject({
        user_id: user.id,
        status: "ACTIVE",
        user_agent: UA.chromeMac,
        browser: "Chrome",
        browser_version: "142",
        os: "macOS",
        device_type: "desktop",
        ip: "85.214.132.117",
        city: "Berlin",
        region: "BE",
        country: "DE",
        ended_at: null,
        end_reason: null,
        ended_by_id: null,
        device_signed_out_at: null,
      });
      expect(row!.handle).toMatch(SESSION_HANDLE_PATTERN);
      expect(row!.created_at).toEqual(now);
      expect(row!.last_active_at).toEqual(now);
      expect(row!.expires_at).toEqual(at(now, idleTimeoutMs));
      expect(row!.max_expires_at).toEqual(at(now, maxLifetimeMs));
    });

    it("records no place for a loopback address", async () => {
      const id = await signIn(user.id, { ip: "127.0.0.1" });
      expect(await sessionRow(id)).toMatchObject({ ip: "127.0.0.1", city: null, region: null, country: null });
    });

    it("records a phone as mobile", async () => {
      const id = await signIn(user.id, { userAgent: UA.safariIphone, ip: "24.48.0.1" });
      expect(await sessionRow(id)).toMatchObject({ os: "iOS", device_type: "mobile", country: "CA" });
    });

    it("gives every sign-in a new session ID and handle, even on the same device", async () => {
      const ids = await Promise.all(Array.from({ length: 20 }, () => signIn(user.id)));
      expect(new Set(ids).size).toBe(ids.length);
      const handles = await Promise.all(ids.map(async (id) => (await sessionRow(id))!.handle));
      expect(new Set(handles).size).toBe(handles.length);
      for (const id of ids) expect(handles).not.toContain(id);
    });

    it("signs in with an over-long or missing user agent", async () => {
      const long = `${UA.firefoxWindows} ${"x".repeat(5_000)}`;
      const id = await signIn(user.id, { userAgent: long });
      const row = await sessionRow(id);
      expect(row!.user_agent).toBe(long.slice(0, 512));
      expect(row!.browser).toBe("Firefox");

      const bare = await sessionRow(await signIn(user.id, { userAgent: null }));
      expect(bare).toMatchObject({ user_agent: "", browser: null, os: null, device_type: "desktop" });
    });
  });

  describe(`checkSession on ${inject("databaseLabel")}`, () => {
    it("accepts a live session and says whose it is", async () => {
      const now = new Date();
      const id = await signIn(user.id, { at: now });
      const result = await checkSession(id, at(now, SECOND));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.session).toMatchObject({ id, userId: user.id, handle: (await sessionRow(id))!.handle });
      expect(result.session.expiresAt.getTime()).toBeGreaterThan(now.getTime());
    });

    it("reports a session ID that does not exist as missing", async () => {
      expect(await checkSession("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).toEqual({ ok: false, reason: "missing" });
      expect(await checkSession("")).toEqual({ ok: false, reason: "missing" });
      // A row handle is not a session ID.
      const id = await signIn(user.id);
      expect(await checkSession((await sessionRow(id))!.handle)).toEqual({ ok: false, reason: "missing" });
    });

    it("refuses a terminated session, recording once when its device was turned away", async () => {
      const t0 = new Date();
      const id = await signIn(user.id, { at: t0 });
      expect(await endOwnSession({ userId: user.id, sessionId: id }, { id }, at(t0, SECOND))).toBe("ended");

      expect(await checkSession(id, at(t0, 2 * SECOND))).toEqual({ ok: false, reason: "ended" });
      expect((await sessionRow(id))!.device_signed_out_at).toEqual(at(t0, 2 * SECOND));

      expect(await checkSession(id, at(t0, 90 * SECOND))).toEqual({ ok: false, reason: "ended" });
      const row = await sessionRow(id);
      expect(row!.device_signed_out_at).toEqual(at(t0, 2 * SECOND));
      expect(row).toMatchObject({ status: "TERMINATED", end_reason: "LOGOUT" });
    });

    it("refuses a session past its expiry and marks it Expired after the idle timeout", async () => {
      const { idleTimeoutMs } = getConfig().session;
      const t0 = new Date(Date.now() - 10 * DAY);
      const id = await signIn(user.id, { at: t0 });
      const expiresAt = at(t0, idleTimeoutMs);
      const later = at(expiresAt, SECOND);

      expect(await checkSession(id, later)).toEqual({ ok: false, reason: "expired" });
      expect(await sessionRow(id)).toMatchObject({
        status: "EXPIRED",
        end_reason: "IDLE_TIMEOUT",
        ended_at: expiresAt,
        expires_at: expiresAt,
        last_active_at: t0,
        device_signed_out_at: later,
      });

      // Refused again, and nothing about its end moves.
      expect(await checkSession(id, at(later, DAY))).toEqual({ ok: false, reason: "expired" });
      expect(await sessionRow(id)).toMatchObject({ status: "EXPIRED", ended_at: expiresAt, device_signed_out_at: later });
    });

    it("refuses a session exactly at its expiry", async () => {
      const { idleTimeoutMs } = getConfig().session;
      const t0 = new Date(Date.now() - 10 * DAY);
      const id = await signIn(user.id, { at: t0 });
      expect(await checkSession(id, at(t0, idleTimeoutMs))).toEqual({ ok: false, reason: "expired" });
    });

    it("ends a busy session at its maximum lifetime, however often it is used", async () => {
      const { idleTimeoutMs, maxLifetimeMs } = getConfig().session;
      const t0 = new Date(Date.now() - maxLifetimeMs - DAY);
      const id = await signIn(user.id, { at: t0 });
      const max = at(t0, maxLifetimeMs);

      // Used regularly: every use within the idle timeout keeps it alive.
      const step = Math.floor(idleTimeoutMs / 2);
      let now = t0;
      while (now.getTime() + step < max.getTime()) {
        now = at(now, step);
        expect((await checkSession(id, now)).ok, now.toISOString()).toBe(true);
        const row = await sessionRow(id);
        expect(row!.last_active_at).toEqual(now);
        expect(row!.expires_at.getTime()).toBeLessThanOrEqual(max.getTime());
      }
      // Its expiry has slid up to the limit and no further.
      expect((await sessionRow(id))!.expires_at).toEqual(max);

      expect(await checkSession(id, at(max, SECOND))).toEqual({ ok: false, reason: "expired" });
      expect(await sessionRow(id)).toMatchObject({ status: "EXPIRED", end_reason: "MAX_LIFETIME", ended_at: max });
    });

    it("does not let a dead session's owner refuse it into a different status", async () => {
      // A terminated session that is also past its expiry stays Terminated.
      const t0 = new Date(Date.now() - 10 * DAY);
      const id = await signIn(other.id, { at: t0 });
      await endOwnSession({ userId: other.id, sessionId: id }, { id }, at(t0, SECOND));
      expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
      expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "LOGOUT", ended_at: at(t0, SECOND) });
    });
  });

  describe(`"Last active" on ${inject("databaseLabel")}`, () => {
    it("is written at most once per touch interval, sliding the expiry with it", async () => {
      const { idleTimeoutMs, touchIntervalMs } = getConfig().session;
      const t0 = new Date(Date.now() - DAY);
      const id = await signIn(user.id, { at: t0 });
      const before = await sessionRow(id);

      // Busy: requests every 10 seconds within the interval change nothing.
      for (let ms = 10 * SECOND; ms < touchIntervalMs; ms += 10 * SECOND) {
        expect((await checkSession(id, at(t0, ms))).ok).toBe(true);
        const row = await sessionRow(id);
        expect(row!.last_active_at, `${ms} ms`).toEqual(t0);
        expect(row!.expires_at, `${ms} ms`).toEqual(before!.expires_at);
      }

      // Just past the interval: written, and the expiry slides from then.
      const t1 = at(t0, touchIntervalMs + SECOND);
      const result = await checkSession(id, t1);
      expect(result.ok && result.session.expiresAt).toEqual(at(t1, idleTimeoutMs));
      let row = await sessionRow(id);
      expect(row!.last_active_at).toEqual(t1);
      expect(row!.expires_at).toEqual(at(t1, idleTimeoutMs));
      expect(row!.max_expires_at).toEqual(before!.max_expires_at);

      // And again not before another interval has passed.
      await checkSession(id, at(t1, 10 * SECOND));
      row = await sessionRow(id);
      expect(row!.last_active_at).toEqual(t1);
    });

    it("is never moved backwards by a request stamped earlier", async () => {
      const t0 = new Date(Date.now() - DAY);
      const id = await signIn(user.id, { at: t0 });
      expect((await checkSession(id, at(t0, -10 * 60 * SECOND))).ok).toBe(true);
      expect((await sessionRow(id))!.last_active_at).toEqual(t0);
    });

    it("is written once when many requests of one session arrive at the same moment", async () => {
      const { touchIntervalMs } = getConfig().session;
      const t0 = new Date(Date.now() - DAY);
      const id = await signIn(user.id, { at: t0 });
      const pool = getPool();
      // Count every write of last_active_at on this session's row.
      await pool.query(`CREATE TABLE touch_log (session_id text NOT NULL, last_active_at timestamptz NOT NULL)`);
      await pool.query(`
        CREATE FUNCTION log_touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO touch_log VALUES (NEW.id, NEW.last_active_at); RETURN NEW; END $$`);
      await pool.query(`CREATE TRIGGER log_touch AFTER UPDATE OF last_active_at ON sessions FOR EACH ROW EXECUTE FUNCTION log_touch()`);
      try {
        const base = at(t0, touchIntervalMs + SECOND);
        // 40 requests within ten seconds of each other, all at once.
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => checkSession(id, at(base, (i % 10) * SECOND))),
        );
        expect(results.every((r) => r.ok)).toBe(true);
        const { rows } = await pool.query(`SELECT * FROM touch_log WHERE session_id = $1`, [id]);
        expect(rows).toHaveLength(1);
        expect((await sessionRow(id))!.last_active_at).toEqual(rows[0].last_active_at);
        // The log does see writes: one interval later, exactly one more.
        await Promise.all(Array.from({ length: 10 }, () => checkSession(id, at(base, 2 * touchIntervalMs + 10 * SECOND))));
        expect((await pool.query(`SELECT * FROM touch_log WHERE session_id = $1`, [id])).rows).toHaveLength(2);
      } finally {
        await pool.query(`DROP TRIGGER log_touch ON sessions`);
        await pool.query(`DROP FUNCTION log_touch()`);
        await pool.query(`DROP TABLE touch_log`);
      }
    });
  });
});

describe("ending sessions", () => {
  // Ending sessions: Logout in My Sessions, "Sign out all other sessions", an Account Owner ending
  // a member's sessions, and Sign out. Nobody may end a session that is not theirs to end.


  let accountId: string;
  let owner: TestUser;
  let billing: TestUser;
  let member: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let outsiderOwner: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    accountId = await createAccount("Buddha Brokers");
    owner = await createUser(accountId, "ACCOUNT_OWNER");
    billing = await createUser(accountId, "BILLING_MANAGER");
    member = await createUser(accountId, "USER");
    alice = await createUser(accountId, "USER");
    bob = await createUser(accountId, "USER");
    const otherAccount = await createAccount("Harbor Insurance");
    outsiderOwner = await createUser(otherAccount, "ACCOUNT_OWNER");
    outsider = await createUser(otherAccount, "USER");
  });

  describe(`endOwnSession (Logout in My Sessions) on ${inject("databaseLabel")}`, () => {
    it("ends one of my other sessions at once and records who ended it from where", async () => {
      const current = await signIn(alice.id);
      const laptop = await signIn(alice.id);
      const now = new Date();
      expect(await endOwnSession(actorOf(alice.id, current), { id: laptop }, now)).toBe("ended");

      expect(await sessionRow(laptop)).toMatchObject({
        status: "TERMINATED",
        end_reason: "LOGOUT",
        ended_at: now,
        ended_by_id: alice.id,
        ended_by_session_id: current,
      });
      expect(await checkSession(laptop)).toEqual({ ok: false, reason: "ended" });
      // The user stays signed in here.
      expect((await checkSession(current)).ok).toBe(true);
    });

    it("ends the current session itself when asked", async () => {
      const current = await signIn(alice.id);
      expect(await endOwnSession(actorOf(alice.id, current), { id: current })).toBe("ended");
      expect(await sessionRow(current)).toMatchObject({ status: "TERMINATED", end_reason: "LOGOUT", ended_by_session_id: current });
      expect((await checkSession(current)).ok).toBe(false);
    });

    it("answers not-found for another user's session and leaves it untouched", async () => {
      const mine = await signIn(alice.id);
      for (const victim of [await signIn(bob.id), await signIn(outsider.id)]) {
        const before = await sessionRow(victim);
        expect(await endOwnSession(actorOf(alice.id, mine), { id: victim })).toBe("not-found");
        expect(await endOwnSession(actorOf(alice.id, mine), { handle: before!.handle })).toBe("not-found");
        expect(await sessionRow(victim)).toEqual(before);
        expect((await checkSession(victim)).ok).toBe(true);
      }
    });

    it("answers not-found for an ID that does not exist", async () => {
      const mine = await signIn(alice.id);
      expect(await endOwnSession(actorOf(alice.id, mine), { id: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).toBe("not-found");
      expect(await endOwnSession(actorOf(alice.id, mine), { handle: "AAAAAAAAAAAAAAAA" })).toBe("not-found");
      expect(await endOwnSession(actorOf(alice.id, mine), { id: "" })).toBe("not-found");
      expect((await checkSession(mine)).ok).toBe(true);
    });

    it("answers already-ended for a session that has ended, without rewriting how it ended", async () => {
      const mine = await signIn(alice.id);
      const phone = await signIn(alice.id);
      const t1 = new Date();
      expect(await endOwnSession(actorOf(alice.id, mine), { id: phone }, t1)).toBe("ended");
      const ended = await sessionRow(phone);

      expect(await endOwnSession(actorOf(alice.id, mine), { id: phone }, new Date(t1.getTime() + 5 * SECOND))).toBe("already-ended");
      expect(await endOwnSession(actorOf(alice.id, mine), { handle: ended!.handle })).toBe("already-ended");
      expect(await sessionRow(phone)).toEqual(ended);
    });

    it("leaves a session that has already expired Expired", async () => {
      const mine = await signIn(alice.id);
      const stale = await signIn(alice.id, { at: new Date(Date.now() - 40 * 24 * 3600 * SECOND) });
      expect(await endOwnSession(actorOf(alice.id, mine), { id: stale })).toBe("already-ended");
      expect(await sessionRow(stale)).toMatchObject({ end_reason: null, ended_by_id: null });
      expect((await sessionRow(stale))!.status).not.toBe("TERMINATED");
    });

    it("works the same way by row handle, scoped to the user", async () => {
      const mine = await signIn(alice.id);
      const tablet = await signIn(alice.id);
      expect(await endOwnSession(actorOf(alice.id, mine), { handle: await handleOf(tablet) })).toBe("ended");
      expect(await sessionRow(tablet)).toMatchObject({ status: "TERMINATED", end_reason: "LOGOUT", ended_by_id: alice.id, ended_by_session_id: mine });
    });
  });

  describe(`endOtherSessions on ${inject("databaseLabel")}`, () => {
    it("ends every other session of mine and only those", async () => {
      const user = await createUser(accountId);
      const current = await signIn(user.id);
      const others = [await signIn(user.id), await signIn(user.id), await signIn(user.id)];
      const bystander = await signIn(bob.id);
      const now = new Date();

      expect(await endOtherSessions(actorOf(user.id, current), "SIGN_OUT_OTHERS", now)).toBe(3);
      for (const id of others) {
        expect(await sessionRow(id)).toMatchObject({
          status: "TERMINATED",
          end_reason: "SIGN_OUT_OTHERS",
          ended_at: now,
          ended_by_id: user.id,
          ended_by_session_id: current,
        });
        expect((await checkSession(id)).ok).toBe(false);
      }
      expect((await checkSession(current)).ok).toBe(true);
      expect((await checkSession(bystander)).ok).toBe(true);

      // Nothing left to end.
      expect(await endOtherSessions(actorOf(user.id, current), "SIGN_OUT_OTHERS")).toBe(0);
    });

    it("records a password change as the reason", async () => {
      const user = await createUser(accountId);
      const current = await signIn(user.id);
      const other = await signIn(user.id);
      expect(await endOtherSessions(actorOf(user.id, current), "PASSWORD_CHANGE")).toBe(1);
      expect(await sessionRow(other)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_CHANGE" });
    });
  });

  describe(`endMemberSessions (Account Owner) on ${inject("databaseLabel")}`, () => {
    it("lets an Account Owner end all of a member's sessions", async () => {
      const ownerSession = await signIn(owner.id);
      const memberSessions = [await signIn(member.id), await signIn(member.id)];
      const now = new Date();

      const count = await endMemberSessions({ ...actorOf(owner.id, ownerSession), accountId, role: "ACCOUNT_OWNER" }, member.id, null, now);
      expect(count).toBe(2);
      for (const id of memberSessions) {
        expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "ACCOUNT_OWNER", ended_at: now, ended_by_id: owner.id });
        expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
      }
      expect((await checkSession(ownerSession)).ok).toBe(true);
    });

    it("lets an Account Owner end one session of a member by its handle", async () => {
      const ownerSession = await signIn(owner.id);
      const [a, b] = [await signIn(member.id), await signIn(member.id)];
      const ownerActor = { ...actorOf(owner.id, ownerSession), accountId, role: "ACCOUNT_OWNER" as const };
      expect(await endMemberSessions(ownerActor, member.id, await handleOf(a))).toBe(1);
      expect((await sessionRow(a))!.status).toBe("TERMINATED");
      expect((await checkSession(b)).ok).toBe(true);

      // A handle of someone else's session, named as the member's, ends nothing.
      const alicesSession = await signIn(alice.id);
      expect(await endMemberSessions(ownerActor, member.id, await handleOf(alicesSession))).toBe(0);
      expect((await checkSession(alicesSession)).ok).toBe(true);
    });

    it("does nothing for a Billing Manager or a User", async () => {
      const target = await signIn(member.id);
      const before = await sessionRow(target);
      for (const [actor, role] of [[billing, "BILLING_MANAGER"], [alice, "USER"]] as const) {
        const session = await signIn(actor.id);
        expect(await endMemberSessions({ ...actorOf(actor.id, session), accountId, role }, member.id, null)).toBe(0);
        expect(await endMemberSessions({ ...actorOf(actor.id, session), accountId, role }, member.id, before!.handle)).toBe(0);
      }
      expect(await sessionRow(target)).toEqual(before);
    });

    it("never reaches a member of another account", async () => {
      const ownerSession = await signIn(owner.id);
      const target = await signIn(outsider.id);
      const before = await sessionRow(target);
      const ownerActor = { ...actorOf(owner.id, ownerSession), accountId, role: "ACCOUNT_OWNER" as const };
      expect(await endMemberSessions(ownerActor, outsider.id, null)).toBe(0);
      expect(await endMemberSessions(ownerActor, outsider.id, before!.handle)).toBe(0);
      expect(await sessionRow(target)).toEqual(before);

      // And the other account's owner cannot reach ours.
      const theirSession = await signIn(outsiderOwner.id);
      const ours = await signIn(member.id);
      const ourRow = await sessionRow(ours);
      const theirActor = { ...actorOf(outsiderOwner.id, theirSession), accountId: outsiderOwner.accountId, role: "ACCOUNT_OWNER" as const };
      expect(await endMemberSessions(theirActor, member.id, null)).toBe(0);
      expect(await sessionRow(ours)).toEqual(ourRow);
    });
  });

  describe(`signOutSession (Sign out) on ${inject("databaseLabel")}`, () => {
    it("ends the session with the reason Sign out", async () => {
      const user = await createUser(accountId);
      const id = await signIn(user.id);
      const other = await signIn(user.id);
      const now = new Date();
      await signOutSession(actorOf(user.id, id), now);
      expect(await sessionRow(id)).toMatchObject({
        status: "TERMINATED",
        end_reason: "SIGN_OUT",
        ended_at: now,
        ended_by_id: user.id,
        ended_by_session_id: id,
      });
      expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
      expect((await checkSession(other)).ok).toBe(true);
    });

    it("ignores an unknown session and does not rewrite an ended one", async () => {
      await expect(signOutSession(actorOf(alice.id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).resolves.toBeUndefined();
      const mine = await signIn(alice.id);
      const phone = await signIn(alice.id);
      await endOwnSession(actorOf(alice.id, mine), { id: phone });
      const ended = await sessionRow(phone);
      await signOutSession(actorOf(alice.id, phone));
      expect(await sessionRow(phone)).toEqual(ended);
    });

    it("never ends a session of another user", async () => {
      const theirs = await signIn(alice.id);
      const before = await sessionRow(theirs);
      const mallory = await createUser(accountId);
      await signOutSession(actorOf(mallory.id, theirs));
      expect(await sessionRow(theirs)).toEqual(before);
    });
  });
});

describe("listing sessions", () => {
  // What My Sessions shows: the user's active sessions, their history, and full IDs on request —
  // always the user's own and never anyone else's.


  let accountId: string;
  let owner: TestUser;
  let user: TestUser;
  let neighbour: TestUser;
  const now = new Date();
  const s = {} as Record<
    "phone" | "laptop" | "stale" | "refused" | "loggedOut" | "signedOut" | "ownerSession" | "byOwner" | "neighbourActive" | "neighbourEnded",
    string
  >;

  beforeAll(async () => {
    const { idleTimeoutMs } = getConfig().session;
    accountId = await createAccount();
    owner = await createUser(accountId, "ACCOUNT_OWNER");
    user = await createUser(accountId);
    neighbour = await createUser(accountId);

    // Active: the laptop in use a minute ago, the phone two hours ago.
    s.phone = await signIn(user.id, { at: at(now, -2 * 60 * MINUTE), userAgent: UA.safariIphone, ip: "192.168.1.20" });
    s.laptop = await signIn(user.id, { at: at(now, -MINUTE), userAgent: UA.chromeMac, ip: "10.0.0.7" });
    // Expired at read time: its row still says ACTIVE, nothing has refused it yet.
    s.stale = await signIn(user.id, { at: at(now, -idleTimeoutMs - 3 * DAY), userAgent: UA.firefoxWindows });
    // Expired and already refused by the gate (the row says EXPIRED).
    s.refused = await signIn(user.id, { at: at(now, -idleTimeoutMs - 5 * DAY) });
    await checkSession(s.refused, at(now, -DAY));
    // Logged out from the laptop an hour ago, and signed out yesterday.
    s.loggedOut = await signIn(user.id, { at: at(now, -3 * DAY), userAgent: UA.firefoxWindows });
    await endOwnSession({ userId: user.id, sessionId: s.laptop }, { id: s.loggedOut }, at(now, -60 * MINUTE));
    s.signedOut = await signIn(user.id, { at: at(now, -4 * DAY) });
    await signOutSession(actorOf(user.id, s.signedOut), at(now, -DAY + MINUTE));
    // Ended by the Account Owner two hours ago.
    s.ownerSession = await signIn(owner.id, { at: at(now, -DAY), userAgent: UA.safariIphone });
    s.byOwner = await signIn(user.id, { at: at(now, -2 * DAY) });
    const handle = (await sessionRow(s.byOwner))!.handle;
    await endMemberSessions({ userId: owner.id, sessionId: s.ownerSession, accountId, role: "ACCOUNT_OWNER" }, user.id, handle, at(now, -2 * 60 * MINUTE));

    // The neighbour's sessions, which must never show up.
    s.neighbourActive = await signIn(neighbour.id, { at: at(now, -MINUTE) });
    s.neighbourEnded = await signIn(neighbour.id, { at: at(now, -DAY) });
    await endOwnSession({ userId: neighbour.id, sessionId: s.neighbourEnded }, { id: s.neighbourEnded }, at(now, -30 * MINUTE));
  });

  describe(`listActiveSessions on ${inject("databaseLabel")}`, () => {
    it("lists my live sessions, most recently active first", async () => {
      const active = await listActiveSessions(user.id, now);
      expect(ids(active)).toEqual([s.laptop, s.phone]);
      expect(active.every((x) => x.status === "ACTIVE" && x.userId === user.id)).toBe(true);
      expect(active[0]).toMatchObject({ browser: "Chrome", os: "macOS", ip: "10.0.0.7", endedAt: null, endReason: null });
      expect(active[1]).toMatchObject({ browser: "Mobile Safari", os: "iOS", deviceType: "mobile", ip: "192.168.1.20" });
    });

    it("leaves out a session past its expiry although its row still says Active", async () => {
      expect((await sessionRow(s.stale))!.status).toBe("ACTIVE");
      expect(ids(await listActiveSessions(user.id, now))).not.toContain(s.stale);
    });

    it("never lists another user's sessions", async () => {
      const active = await listActiveSessions(user.id, now);
      expect(ids(active)).not.toContain(s.neighbourActive);
      expect(ids(active)).not.toContain(s.ownerSession);
      expect(ids(await listActiveSessions(neighbour.id, now))).toEqual([s.neighbourActive]);
    });
  });

  describe(`listSessionHistory on ${inject("databaseLabel")}`, () => {
    it("lists every ended session of mine, newest-ended first", async () => {
      const history = await listSessionHistory(user.id, 1, now);
      expect(ids(history.items)).toEqual([s.loggedOut, s.byOwner, s.signedOut, s.stale, s.refused]);
      expect(history).toMatchObject({ total: 5, page: 1, pageCount: 1 });
      const ended = history.items.map((x) => x.endedAt!.getTime());
      expect([...ended].sort((a, b) => b - a)).toEqual(ended);
    });

    it("shows a session past its expiry as Expired, ended when it expired, before any job rewrote it", async () => {
      const history = await listSessionHistory(user.id, 1, now);
      const stale = history.items.find((x) => x.id === s.stale)!;
      const row = await sessionRow(s.stale);
      expect(row!.status).toBe("ACTIVE");
      expect(stale).toMatchObject({ status: "EXPIRED", endReason: "IDLE_TIMEOUT", endedAt: row!.expires_at });
      expect(history.items.find((x) => x.id === s.refused)).toMatchObject({ status: "EXPIRED", endReason: "IDLE_TIMEOUT" });
    });

    it("says how each terminated session ended and who ended it", async () => {
      const { items } = await listSessionHistory(user.id, 1, now);
      const byId = new Map(items.map((x) => [x.id, x]));
      expect(byId.get(s.loggedOut)).toMatchObject({
        status: "TERMINATED",
        endReason: "LOGOUT",
        endedAt: at(now, -60 * MINUTE),
        endedBy: { id: user.id },
        // Logged out from the laptop: the laptop is named.
        endedFrom: { browser: "Chrome", os: "macOS" },
      });
      expect(byId.get(s.signedOut)).toMatchObject({ status: "TERMINATED", endReason: "SIGN_OUT", endedFrom: null });
      expect(byId.get(s.byOwner)).toMatchObject({
        status: "TERMINATED",
        endReason: "ACCOUNT_OWNER",
        endedBy: { id: owner.id, role: "ACCOUNT_OWNER" },
      });
    });

    it("does not hand me the Account Owner's session ID or device when they ended my session", async () => {
      const { items } = await listSessionHistory(user.id, 1, now);
      const byOwner = items.find((x) => x.id === s.byOwner)!;
      expect.soft(byOwner.endedFrom, "the owner's device").toBeNull();
      expect(byOwner.endedByItself).toBe(false);
      expect(JSON.stringify(items)).not.toContain(s.ownerSession);
    });

    it("pages through the history with the right totals", async () => {
      const all = ids((await listSessionHistory(user.id, 1, now)).items);
      const pages = await Promise.all([1, 2, 3].map((page) => listSessionHistory(user.id, page, now, 2)));
      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
      for (const [i, p] of pages.entries()) expect(p).toMatchObject({ total: 5, page: i + 1, pageSize: 2, pageCount: 3 });
      expect(pages.flatMap((p) => ids(p.items))).toEqual(all);

      const beyond = await listSessionHistory(user.id, 4, now, 2);
      expect(beyond).toMatchObject({ items: [], total: 5, pageCount: 3 });
    });

    it("never includes another user's sessions", async () => {
      const { items, total } = await listSessionHistory(user.id, 1, now);
      expect(ids(items)).not.toContain(s.neighbourEnded);
      expect(items.every((x) => x.userId === user.id)).toBe(true);
      expect(total).toBe(5);
      expect(ids((await listSessionHistory(neighbour.id, 1, now)).items)).toEqual([s.neighbourEnded]);
    });

    it("is empty, with one page, for a user with no history", async () => {
      const fresh = await createUser(accountId);
      await signIn(fresh.id);
      expect(await listSessionHistory(fresh.id, 1)).toMatchObject({ items: [], total: 0, pageCount: 1 });
    });

    it("moves a session from active to history when it expires", async () => {
      const later = at(now, 8 * DAY);
      // Nothing has touched the phone since two hours before `now`.
      expect(ids(await listActiveSessions(user.id, later))).not.toContain(s.phone);
      const history = await listSessionHistory(user.id, 1, later);
      expect(history.items.find((x) => x.id === s.phone)).toMatchObject({ status: "EXPIRED", endReason: "IDLE_TIMEOUT" });
    });
  });

  describe(`revealSessionIds on ${inject("databaseLabel")}`, () => {
    it("reveals the full IDs of my own sessions, keyed by row handle", async () => {
      const mine = [s.laptop, s.phone, s.loggedOut];
      const handles = await Promise.all(mine.map(async (id) => (await sessionRow(id))!.handle));
      expect(await revealSessionIds(actorOf(user.id, s.laptop), handles)).toEqual(Object.fromEntries(handles.map((h, i) => [h, mine[i]])));
    });

    it("never reveals anyone else's", async () => {
      const theirs = [s.neighbourActive, s.neighbourEnded, s.ownerSession];
      const theirHandles = await Promise.all(theirs.map(async (id) => (await sessionRow(id))!.handle));
      const myHandle = (await sessionRow(s.laptop))!.handle;
      const revealed = await revealSessionIds(actorOf(user.id, s.laptop), [...theirHandles, myHandle]);
      expect(revealed).toEqual({ [myHandle]: s.laptop });
      // Session IDs are not handles: passing IDs reveals nothing.
      expect(await revealSessionIds(actorOf(user.id, s.laptop), theirs)).toEqual({});
      expect(await revealSessionIds(actorOf(user.id, s.laptop), [])).toEqual({});
    });
  });

  describe(`memberActivity (the Users tab) on ${inject("databaseLabel")}`, () => {
    it("counts each member's live sessions and last activity, for this account only", async () => {
      const outsider = await createUser(await createAccount());
      await signIn(outsider.id);
      const activity = await memberActivity(accountId, now);
      expect(activity.get(user.id)).toEqual({ activeSessions: 2, lastActiveAt: at(now, -MINUTE) });
      expect(activity.get(neighbour.id)).toMatchObject({ activeSessions: 1 });
      expect(activity.get(owner.id)).toMatchObject({ activeSessions: 1 });
      expect(activity.has(outsider.id)).toBe(false);
    });
  });
});
