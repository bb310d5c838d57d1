import "server-only";
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { getDb, type Tx } from "@/lib/db/client";
import { Prisma, type Role } from "@/lib/db/generated/client";
import { endAllSessionsOfUser } from "@/lib/sessions/store";
import { recordUserEvent, type EventActor } from "./events";
import { generateOneTimePassword } from "./one-time-password";

// Who may sign in, and as what: accounts and their members, roles, deactivation, password resets.
// The Users tab's Server Actions (an Account Owner) and the admin CLI (the operator) both come
// through here. Each change is one transaction that first locks its account's row, so changes to
// one account happen one at a time and "an account keeps an active Account Owner" holds however
// many requests race; every query names the account in its WHERE clause, so a member of another
// account, like a made-up id, is simply "not found".

/** Who makes a change: an Account Owner acting from one of their sessions, or the operator (admin CLI). */
export type Changer = { userId: string; sessionId: string; ip?: string | null } | "operator";

export type ProvisionedUser = { id: string; accountId: string | null; email: string; name: string; role: Role; deactivatedAt: Date | null };

export type Refusal<R extends string> = { ok: false; reason: R };
const NOT_FOUND: Refusal<"not-found"> = { ok: false, reason: "not-found" };

const userFields = { id: true, accountId: true, email: true, name: true, role: true, deactivatedAt: true } satisfies Prisma.UserSelect;

const newId = (prefix: "acct" | "usr") => `${prefix}_${randomBytes(prefix === "acct" ? 12 : 16).toString("hex")}`;

/**
 * The new password's hash: the one the operator supplied (--password-stdin), or else a generated
 * one-time password, returned to be shown once, which its user must replace at first sign-in.
 */
export async function choosePassword(supplied: string | undefined) {
  const oneTimePassword = supplied === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(supplied ?? oneTimePassword!);
  return { oneTimePassword, passwordHash, mustChangePassword: oneTimePassword !== null };
}

function eventActor(changer: Changer): EventActor {
  return changer === "operator" ? "operator" : { userId: changer.userId, sessionId: changer.sessionId, ip: changer.ip ?? null };
}

function isEmailTaken(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Runs `change` in a transaction holding the account's row lock, once the account exists and the
 * changer is (still, at this moment) one of its active Account Owners; otherwise "not found".
 */
async function inAccount<T>(accountId: string, changer: Changer, change: (tx: Tx) => Promise<T>): Promise<T | Refusal<"not-found">> {
  if (!accountId || (changer !== "operator" && !changer.userId)) return NOT_FOUND;
  return getDb().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`;
    if (locked.length === 0) return NOT_FOUND;
    if (changer !== "operator") {
      const owner = await tx.user.count({ where: { id: changer.userId, accountId, role: "ACCOUNT_OWNER", deactivatedAt: null } });
      if (owner === 0) return NOT_FOUND;
    }
    return change(tx);
  });
}

function findMember(tx: Tx, accountId: string, memberId: string) {
  if (!memberId) return null;
  return tx.user.findFirst({ where: { id: memberId, accountId }, select: userFields });
}

/** Would this change leave the account without an active Account Owner? */
async function isLastActiveOwner(tx: Tx, member: ProvisionedUser): Promise<boolean> {
  if (member.role !== "ACCOUNT_OWNER" || member.deactivatedAt) return false;
  const others = await tx.user.count({
    where: { accountId: member.accountId, role: "ACCOUNT_OWNER", deactivatedAt: null, id: { not: member.id } },
  });
  return others === 0;
}

export type CreateAccountResult =
  | { ok: true; accountId: string; owner: ProvisionedUser; oneTimePassword: string | null }
  | Refusal<"email-taken">;

/** A new customer account with its first Account Owner (the operator, with the admin CLI). */
export async function createAccountWithOwner(
  input: { accountName: string; owner: { name: string; email: string } },
  password?: string,
): Promise<CreateAccountResult> {
  const accountId = newId("acct");
  const { oneTimePassword, ...credentials } = await choosePassword(password);
  try {
    return await getDb().$transaction(async (tx) => {
      await tx.account.create({ data: { id: accountId, name: input.accountName } });
      const owner = await tx.user.create({
        data: { id: newId("usr"), accountId, email: input.owner.email, name: input.owner.name, role: "ACCOUNT_OWNER", ...credentials },
        select: userFields,
      });
      await recordUserEvent(tx, { type: "account-created", accountId, userId: owner.id, by: "operator" });
      return { ok: true as const, accountId, owner, oneTimePassword };
    });
  } catch (error) {
    if (isEmailTaken(error)) return { ok: false, reason: "email-taken" };
    throw error;
  }
}

export type AddMemberResult = { ok: true; member: ProvisionedUser; oneTimePassword: string | null } | Refusal<"not-found" | "email-taken">;

/** A new member of the account with a role; a generated one-time password unless one is supplied. */
export async function addMember(
  accountId: string,
  changer: Changer,
  input: { name: string; email: string; role: Role },
  password?: string,
): Promise<AddMemberResult> {
  const { oneTimePassword, ...credentials } = await choosePassword(password);
  try {
    return await inAccount(accountId, changer, async (tx) => {
      const member = await tx.user.create({
        data: { id: newId("usr"), accountId, email: input.email, name: input.name, role: input.role, ...credentials },
        select: userFields,
      });
      await recordUserEvent(tx, { type: "member-added", accountId, userId: member.id, by: eventActor(changer), role: member.role, oneTimePassword: !!oneTimePassword });
      return { ok: true as const, member, oneTimePassword };
    });
  } catch (error) {
    if (isEmailTaken(error)) return { ok: false, reason: "email-taken" };
    throw error;
  }
}

export type ChangeRoleResult = { ok: true; member: ProvisionedUser; changed: boolean } | Refusal<"not-found" | "last-owner">;

/** A member's new role. The account's last active Account Owner cannot be demoted. */
export async function changeMemberRole(accountId: string, changer: Changer, memberId: string, role: Role): Promise<ChangeRoleResult> {
  return inAccount(accountId, changer, async (tx): Promise<ChangeRoleResult> => {
    const member = await findMember(tx, accountId, memberId);
    if (!member) return NOT_FOUND;
    if (member.role === role) return { ok: true, member, changed: false };
    if (role !== "ACCOUNT_OWNER" && (await isLastActiveOwner(tx, member))) return { ok: false, reason: "last-owner" };
    const { count } = await tx.user.updateMany({ where: { id: member.id, accountId }, data: { role } });
    if (count === 0) return NOT_FOUND;
    await recordUserEvent(tx, { type: "role-changed", accountId, userId: member.id, by: eventActor(changer), from: member.role, to: role });
    return { ok: true, member: { ...member, role }, changed: true };
  });
}

export type DeactivateResult =
  | { ok: true; member: ProvisionedUser; changed: boolean; endedSessions: number }
  | Refusal<"not-found" | "self" | "last-owner">;

/**
 * A deactivated member cannot sign in, and every session of theirs ends in the same transaction
 * (reason USER_DEACTIVATED), so each of their devices is refused on its next request. Nobody
 * deactivates themselves, and the account's last active Account Owner stays.
 */
export async function deactivateMember(accountId: string, changer: Changer, memberId: string, now = new Date()): Promise<DeactivateResult> {
  return inAccount(accountId, changer, async (tx): Promise<DeactivateResult> => {
    const member = await findMember(tx, accountId, memberId);
    if (!member) return NOT_FOUND;
    if (changer !== "operator" && member.id === changer.userId) return { ok: false, reason: "self" };
    if (member.deactivatedAt) return { ok: true, member, changed: false, endedSessions: 0 };
    if (await isLastActiveOwner(tx, member)) return { ok: false, reason: "last-owner" };
    const { count } = await tx.user.updateMany({ where: { id: member.id, accountId, deactivatedAt: null }, data: { deactivatedAt: now } });
    if (count === 0) return NOT_FOUND;
    const endedSessions = await endAllSessionsOfUser(tx, member.id, "USER_DEACTIVATED", changer === "operator" ? null : changer, now);
    await recordUserEvent(tx, { type: "deactivated", accountId, userId: member.id, by: eventActor(changer), endedSessions });
    return { ok: true, member: { ...member, deactivatedAt: now }, changed: true, endedSessions };
  });
}

export type ReactivateResult = { ok: true; member: ProvisionedUser; changed: boolean } | Refusal<"not-found">;

/** A deactivated member may sign in again (with their password; their old sessions stay ended). */
export async function reactivateMember(accountId: string, changer: Changer, memberId: string): Promise<ReactivateResult> {
  return inAccount(accountId, changer, async (tx): Promise<ReactivateResult> => {
    const member = await findMember(tx, accountId, memberId);
    if (!member) return NOT_FOUND;
    if (!member.deactivatedAt) return { ok: true, member, changed: false };
    const { count } = await tx.user.updateMany({ where: { id: member.id, accountId }, data: { deactivatedAt: null } });
    if (count === 0) return NOT_FOUND;
    await recordUserEvent(tx, { type: "reactivated", accountId, userId: member.id, by: eventActor(changer) });
    return { ok: true, member: { ...member, deactivatedAt: null }, changed: true };
  });
}

export type ResetPasswordResult =
  | { ok: true; member: ProvisionedUser; oneTimePassword: string | null; endedSessions: number }
  | Refusal<"not-found" | "self">;

/**
 * A new password for a member, chosen by someone else: every session of theirs ends at once
 * (reason PASSWORD_RESET); a generated one must be replaced at their next sign-in. Your own
 * password you change on the Password tab.
 */
export async function resetMemberPassword(
  accountId: string,
  changer: Changer,
  memberId: string,
  password?: string,
  now = new Date(),
): Promise<ResetPasswordResult> {
  const { oneTimePassword, ...credentials } = await choosePassword(password);
  return inAccount(accountId, changer, async (tx): Promise<ResetPasswordResult> => {
    const member = await findMember(tx, accountId, memberId);
    if (!member) return NOT_FOUND;
    if (changer !== "operator" && member.id === changer.userId) return { ok: false, reason: "self" };
    const { count } = await tx.user.updateMany({ where: { id: member.id, accountId }, data: { ...credentials, passwordChangedAt: now } });
    if (count === 0) return NOT_FOUND;
    const endedSessions = await endAllSessionsOfUser(tx, member.id, "PASSWORD_RESET", changer === "operator" ? null : changer, now);
    await recordUserEvent(tx, { type: "password-reset", accountId, userId: member.id, by: eventActor(changer), oneTimePassword: !!oneTimePassword, endedSessions });
    return { ok: true, member, oneTimePassword, endedSessions };
  });
}
