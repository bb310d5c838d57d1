import { beforeAll, describe, expect, inject, it } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { getAuthOptions } from "@/lib/auth/options";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { getDb, getPool } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";
import { checkSession } from "@/lib/sessions/store";
import { ONE_TIME_PASSWORD_PATTERN } from "@/lib/users/one-time-password";
import {
  addMember,
  changeMemberRole,
  createAccountWithOwner,
  deactivateMember,
  reactivateMember,
  resetMemberPassword,
  type Changer,
} from "@/lib/users/provisioning";
import { createAccount, createUser, sessionRow, signIn, UA } from "../helpers/fixtures";

// lib/users/provisioning.ts: what the Users tab's actions and the admin CLI do to accounts and
// users, against a real database: who may do it, what it changes (and, when refused, that it
// changes nothing), and what it does to sessions and to signing in.

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<Record<string, unknown> | null>;
let authorize: Authorize;
let n = 0;
/** A fresh address per sign-in, so the sign-in limits of one test never touch another. */
const nextIp = () => `203.0.${Math.floor(++n / 250)}.${n % 250}`;
const canSignIn = async (email: string, password: string) =>
  !!(await authorize({ email, password }, { headers: { "x-forwarded-for": nextIp(), "user-agent": UA.chromeMac } }));

const PASSWORD = "a fine long passphrase 42";
let passwordHash: string;

beforeAll(async () => {
  authorize = (getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  passwordHash = await hashPassword(PASSWORD);
});

/** An account with an owner, a billing manager and a user, all with PASSWORD; the owner signed in. */
async function team() {
  const accountId = await createAccount("Team");
  const make = async (role: Role) => {
    const user = await createUser(accountId, role);
    await getDb().user.update({ where: { id: user.id }, data: { passwordHash } });
    return user;
  };
  const owner = await make("ACCOUNT_OWNER");
  const billing = await make("BILLING_MANAGER");
  const member = await make("USER");
  const ownerSession = await signIn(owner.id);
  const asOwner: Changer = { userId: owner.id, sessionId: ownerSession };
  return { accountId, owner, billing, member, ownerSession, asOwner, make };
}

/** Every user, session and security event, to prove a refused change changed (and recorded) nothing at all. */
async function snapshot() {
  const users = await getPool().query("SELECT * FROM users ORDER BY id");
  const sessions = await getPool().query("SELECT * FROM sessions ORDER BY id");
  const accounts = await getPool().query("SELECT * FROM accounts ORDER BY id");
  const events = await getPool().query("SELECT * FROM security_events ORDER BY id");
  return { users: users.rows, sessions: sessions.rows, accounts: accounts.rows, events: events.rows };
}

async function userRow(id: string) {
  const { rows } = await getPool().query("SELECT role, deactivated_at, must_change_password, password_hash, password_changed_at FROM users WHERE id = $1", [id]);
  return rows[0] as { role: Role; deactivated_at: Date | null; must_change_password: boolean; password_hash: string; password_changed_at: Date };
}

const fresh = () => `new-${Math.random().toString(36).slice(2, 10)}@example.com`;

describe(`provisioning on ${inject("databaseLabel")}`, () => {
  describe("create an account with its Account Owner", () => {
    it("with a generated one-time password: the owner signs in with it and must choose their own", async () => {
      const email = fresh();
      const result = await createAccountWithOwner({ accountName: "Acme Brokers", owner: { name: "Ada Lovelace", email } });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.oneTimePassword).toMatch(ONE_TIME_PASSWORD_PATTERN);
      expect(result.owner).toMatchObject({ email, name: "Ada Lovelace", role: "ACCOUNT_OWNER", accountId: result.accountId, deactivatedAt: null });
      const account = await getDb().account.findUnique({ where: { id: result.accountId } });
      expect(account?.name).toBe("Acme Brokers");
      const row = await userRow(result.owner.id);
      expect(row.must_change_password).toBe(true);
      expect(row.password_hash).not.toContain(result.oneTimePassword!);
      expect(await canSignIn(email, result.oneTimePassword!)).toBe(true);
      expect(await canSignIn(email, `${result.oneTimePassword}x`)).toBe(false);
    });

    it("with a password the operator supplied: no change required", async () => {
      const email = fresh();
      const result = await createAccountWithOwner({ accountName: "Supplied", owner: { name: "Sam Supplied", email } }, "operator chose this 1");
      expect(result).toMatchObject({ ok: true, oneTimePassword: null });
      if (!result.ok) return;
      expect((await userRow(result.owner.id)).must_change_password).toBe(false);
      expect(await canSignIn(email, "operator chose this 1")).toBe(true);
    });

    it("refuses an e-mail address that is taken, and leaves no account behind", async () => {
      const { member } = await team();
      const before = await snapshot();
      expect(await createAccountWithOwner({ accountName: "Dup", owner: { name: "Dup", email: member.email } })).toEqual({ ok: false, reason: "email-taken" });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("add a member", () => {
    it("an Account Owner adds a member with a role and a one-time password they must change", async () => {
      const t = await team();
      const email = fresh();
      const result = await addMember(t.accountId, t.asOwner, { name: "Nia Newcomer", email, role: "BILLING_MANAGER" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.member).toMatchObject({ accountId: t.accountId, email, name: "Nia Newcomer", role: "BILLING_MANAGER" });
      expect(result.oneTimePassword).toMatch(ONE_TIME_PASSWORD_PATTERN);
      expect((await userRow(result.member.id)).must_change_password).toBe(true);
      expect(await canSignIn(email, result.oneTimePassword!)).toBe(true);
    });

    it("anyone but an active Account Owner of that very account gets 'not found', and nothing changes", async () => {
      const t = await team();
      const other = await team();
      const demoted = await t.make("ACCOUNT_OWNER");
      await getDb().user.update({ where: { id: demoted.id }, data: { deactivatedAt: new Date() } });
      const input = { name: "Eve Intruder", email: fresh(), role: "ACCOUNT_OWNER" as const };
      const before = await snapshot();
      const tries: [string, string, Changer][] = [
        ["a User", t.accountId, { userId: t.member.id, sessionId: "x" }],
        ["a Billing Manager", t.accountId, { userId: t.billing.id, sessionId: "x" }],
        ["another account's owner", t.accountId, other.asOwner],
        ["an owner, into another account", other.accountId, t.asOwner],
        ["a deactivated owner", t.accountId, { userId: demoted.id, sessionId: "x" }],
        ["an owner, into a made-up account", "acct_doesnotexist", t.asOwner],
        ["an empty changer", t.accountId, { userId: "", sessionId: "" }],
        ["an owner, into an empty account id", "", t.asOwner],
      ];
      for (const [who, accountId, changer] of tries) {
        expect(await addMember(accountId, changer, input), who).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await snapshot()).toEqual(before);
    });

    it("refuses an e-mail address that is taken in any account", async () => {
      const t = await team();
      const other = await team();
      const before = await snapshot();
      for (const email of [t.member.email, other.member.email]) {
        expect(await addMember(t.accountId, t.asOwner, { name: "Dup", email, role: "USER" })).toEqual({ ok: false, reason: "email-taken" });
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  it("two owners adding the same e-mail address at the same moment: one member is added, the other owner is told it is taken", async () => {
    const t = await team();
    const second = await t.make("ACCOUNT_OWNER");
    const asSecond: Changer = { userId: second.id, sessionId: await signIn(second.id) };
    const email = fresh();
    const results = await Promise.all([
      addMember(t.accountId, t.asOwner, { name: "Twin One", email, role: "USER" }),
      addMember(t.accountId, asSecond, { name: "Twin Two", email, role: "BILLING_MANAGER" }),
    ]);
    expect(results.map((r) => (r.ok ? "ok" : r.reason)).sort()).toEqual(["email-taken", "ok"]);
    const winner = results.find((r) => r.ok)!;
    const rows = await getDb().user.findMany({ where: { email }, select: { name: true } });
    expect(rows).toEqual([{ name: winner.ok ? winner.member.name : "" }]);
  });

  describe("change a role", () => {
    it("an Account Owner changes a member's role; the same role again changes nothing", async () => {
      const t = await team();
      expect(await changeMemberRole(t.accountId, t.asOwner, t.member.id, "BILLING_MANAGER")).toMatchObject({ ok: true, changed: true, member: { role: "BILLING_MANAGER" } });
      expect((await userRow(t.member.id)).role).toBe("BILLING_MANAGER");
      expect(await changeMemberRole(t.accountId, t.asOwner, t.member.id, "BILLING_MANAGER")).toMatchObject({ ok: true, changed: false });
      // The gate reads the role on every request: the next one already has it.
      const session = await signIn(t.member.id);
      const check = await checkSession(session);
      expect(check.ok && check.session.user.role).toBe("BILLING_MANAGER");
    });

    it("never demotes the last active Account Owner; with a second owner, either may step down", async () => {
      const t = await team();
      const before = await snapshot();
      expect(await changeMemberRole(t.accountId, t.asOwner, t.owner.id, "USER")).toEqual({ ok: false, reason: "last-owner" });
      expect(await changeMemberRole(t.accountId, "operator", t.owner.id, "BILLING_MANAGER")).toEqual({ ok: false, reason: "last-owner" });
      expect(await snapshot()).toEqual(before);

      // A deactivated owner does not count as one.
      const gone = await t.make("ACCOUNT_OWNER");
      await getDb().user.update({ where: { id: gone.id }, data: { deactivatedAt: new Date() } });
      expect(await changeMemberRole(t.accountId, t.asOwner, t.owner.id, "USER")).toEqual({ ok: false, reason: "last-owner" });

      expect(await changeMemberRole(t.accountId, t.asOwner, t.member.id, "ACCOUNT_OWNER")).toMatchObject({ ok: true, changed: true });
      expect(await changeMemberRole(t.accountId, t.asOwner, t.owner.id, "USER")).toMatchObject({ ok: true, changed: true });
      // No longer an owner: their next change is refused.
      expect(await changeMemberRole(t.accountId, t.asOwner, t.billing.id, "USER")).toEqual({ ok: false, reason: "not-found" });
    });

    it("a member of another account, a made-up id and an empty id are 'not found'", async () => {
      const t = await team();
      const other = await team();
      const before = await snapshot();
      for (const id of [other.member.id, other.owner.id, "usr_madeup", ""]) {
        expect(await changeMemberRole(t.accountId, t.asOwner, id, "ACCOUNT_OWNER"), id).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await changeMemberRole(t.accountId, { userId: t.billing.id, sessionId: "x" }, t.member.id, "ACCOUNT_OWNER")).toEqual({ ok: false, reason: "not-found" });
      expect(await snapshot()).toEqual(before);
    });

    it("two owners demoting each other at the same moment: one wins, the other is no longer an owner and is refused", async () => {
      for (let round = 0; round < 5; round++) {
        const t = await team();
        const second = await t.make("ACCOUNT_OWNER");
        const asSecond: Changer = { userId: second.id, sessionId: await signIn(second.id) };
        const [first, other] = await Promise.all([
          changeMemberRole(t.accountId, t.asOwner, second.id, "USER"),
          changeMemberRole(t.accountId, asSecond, t.owner.id, "USER"),
        ]);
        const outcomes = [first, other].map((r) => (r.ok ? "ok" : r.reason)).sort();
        expect(outcomes, `round ${round}`).toEqual(["not-found", "ok"]);
        const owners = await getDb().user.findMany({ where: { accountId: t.accountId, role: "ACCOUNT_OWNER" }, select: { id: true } });
        expect(owners.map((o) => o.id)).toEqual([first.ok ? t.owner.id : second.id]);
      }
    });

    it("the operator demoting both owners at the same moment: exactly one is demoted, the other is the last owner", async () => {
      for (let round = 0; round < 5; round++) {
        const t = await team();
        const second = await t.make("ACCOUNT_OWNER");
        const results = await Promise.all([
          changeMemberRole(t.accountId, "operator", t.owner.id, "USER"),
          changeMemberRole(t.accountId, "operator", second.id, "BILLING_MANAGER"),
        ]);
        expect(results.map((r) => (r.ok ? "ok" : r.reason)).sort(), `round ${round}`).toEqual(["last-owner", "ok"]);
        const owners = await getDb().user.count({ where: { accountId: t.accountId, role: "ACCOUNT_OWNER", deactivatedAt: null } });
        expect(owners).toBe(1);
      }
    });
  });

  describe("deactivate", () => {
    it("ends every session of the member at once (USER_DEACTIVATED, by this owner) and refuses their sign-in", async () => {
      const t = await team();
      const sessions = [await signIn(t.member.id), await signIn(t.member.id, { userAgent: UA.safariIphone }), await signIn(t.member.id, { userAgent: UA.firefoxWindows })];
      const bystander = await signIn(t.billing.id);
      const now = new Date();
      const result = await deactivateMember(t.accountId, t.asOwner, t.member.id, now);
      expect(result).toMatchObject({ ok: true, changed: true, endedSessions: 3 });
      expect((await userRow(t.member.id)).deactivated_at).toEqual(now);
      for (const id of sessions) {
        expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "USER_DEACTIVATED", ended_by_id: t.owner.id, ended_by_session_id: t.ownerSession, ended_at: now });
        expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
      }
      expect((await sessionRow(bystander))?.status).toBe("ACTIVE");
      expect((await sessionRow(t.ownerSession))?.status).toBe("ACTIVE");
      expect(await canSignIn(t.member.email, PASSWORD)).toBe(false);
      expect(await canSignIn(t.billing.email, PASSWORD)).toBe(true);
      // Again: nothing more to do.
      expect(await deactivateMember(t.accountId, t.asOwner, t.member.id)).toMatchObject({ ok: true, changed: false, endedSessions: 0 });
    });

    it("nobody deactivates themselves, nor the last active Account Owner; others' members are 'not found'", async () => {
      const t = await team();
      const other = await team();
      const before = await snapshot();
      expect(await deactivateMember(t.accountId, t.asOwner, t.owner.id)).toEqual({ ok: false, reason: "self" });
      expect(await deactivateMember(t.accountId, "operator", t.owner.id)).toEqual({ ok: false, reason: "last-owner" });
      for (const id of [other.member.id, other.owner.id, "usr_madeup", ""]) {
        expect(await deactivateMember(t.accountId, t.asOwner, id), id).toEqual({ ok: false, reason: "not-found" });
      }
      for (const changer of [{ userId: t.member.id, sessionId: "x" }, { userId: t.billing.id, sessionId: "x" }, other.asOwner]) {
        expect(await deactivateMember(t.accountId, changer, t.member.id)).toEqual({ ok: false, reason: "not-found" });
      }
      expect(await snapshot()).toEqual(before);
    });

    it("reactivating lets the member sign in again; their ended sessions stay ended", async () => {
      const t = await team();
      const session = await signIn(t.member.id);
      await deactivateMember(t.accountId, t.asOwner, t.member.id);
      expect(await reactivateMember(t.accountId, { userId: t.billing.id, sessionId: "x" }, t.member.id)).toEqual({ ok: false, reason: "not-found" });
      expect(await reactivateMember(t.accountId, t.asOwner, t.member.id)).toMatchObject({ ok: true, changed: true, member: { deactivatedAt: null } });
      expect((await userRow(t.member.id)).deactivated_at).toBeNull();
      expect(await canSignIn(t.member.email, PASSWORD)).toBe(true);
      expect(await checkSession(session)).toEqual({ ok: false, reason: "ended" });
      expect(await reactivateMember(t.accountId, t.asOwner, t.member.id)).toMatchObject({ ok: true, changed: false });
    });
  });

  describe("reset a password", () => {
    it("generated: ends every session (PASSWORD_RESET), the old password stops working, the new one must be changed", async () => {
      const t = await team();
      const sessions = [await signIn(t.member.id), await signIn(t.member.id, { userAgent: UA.safariIphone })];
      const before = await userRow(t.member.id);
      const now = new Date(Date.now() + 1000);
      const result = await resetMemberPassword(t.accountId, "operator", t.member.id, undefined, now);
      expect(result).toMatchObject({ ok: true, endedSessions: 2 });
      if (!result.ok) return;
      expect(result.oneTimePassword).toMatch(ONE_TIME_PASSWORD_PATTERN);
      for (const id of sessions) {
        expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_RESET", ended_by_id: null, ended_by_session_id: null });
      }
      const after = await userRow(t.member.id);
      expect(after.must_change_password).toBe(true);
      expect(after.password_changed_at).toEqual(now);
      expect(after.password_hash).not.toBe(before.password_hash);
      expect(await canSignIn(t.member.email, PASSWORD)).toBe(false);
      expect(await canSignIn(t.member.email, result.oneTimePassword!)).toBe(true);
    });

    it("supplied: no change required; an owner cannot reset their own, nor another account's member's", async () => {
      const t = await team();
      const other = await team();
      expect(await resetMemberPassword(t.accountId, "operator", t.member.id, "the operator's choice 7")).toMatchObject({ ok: true, oneTimePassword: null });
      expect((await userRow(t.member.id)).must_change_password).toBe(false);
      expect(await verifyPassword("the operator's choice 7", (await userRow(t.member.id)).password_hash)).toBe(true);
      const before = await snapshot();
      expect(await resetMemberPassword(t.accountId, t.asOwner, t.owner.id)).toEqual({ ok: false, reason: "self" });
      expect(await resetMemberPassword(t.accountId, t.asOwner, other.member.id)).toEqual({ ok: false, reason: "not-found" });
      expect(await resetMemberPassword(other.accountId, t.asOwner, other.member.id)).toEqual({ ok: false, reason: "not-found" });
      expect(await snapshot()).toEqual(before);
    });

    it("choosing a password of their own clears the must-change flag", async () => {
      const t = await team();
      const result = await resetMemberPassword(t.accountId, "operator", t.member.id);
      if (!result.ok) throw new Error("reset failed");
      const session = await signIn(t.member.id);
      const check = await checkSession(session);
      expect(check.ok && check.session.user.mustChangePassword).toBe(true);
      const changed = await changePassword(
        { userId: t.member.id, sessionId: session, email: t.member.email, ip: nextIp(), userAgent: null },
        { currentPassword: result.oneTimePassword!, newPassword: "my very own passphrase 9", signOutOthers: true },
      );
      expect(changed.ok).toBe(true);
      expect((await userRow(t.member.id)).must_change_password).toBe(false);
    });
  });
});
