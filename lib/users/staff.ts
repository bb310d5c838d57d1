import "server-only";
import { randomBytes } from "node:crypto";
import { getDb, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { recordSecurityEvents } from "@/lib/security/events";
import { endAllSessionsOfUser } from "@/lib/sessions/store";
import { choosePassword, type ProvisionedUser, type Refusal } from "./provisioning";

// Broker Buddha's own staff (support engineers: role SUPPORT, in no customer account), provisioned
// by the operator with the admin CLI only: create, deactivate, reactivate, reset the password.
// Like the account members' changes (provisioning.ts), each is one transaction, sessions end in
// it, and its security event is written in it. Every query names the role, so a customer's user
// is "not found" here.

const staffFields = { id: true, accountId: true, email: true, name: true, role: true, deactivatedAt: true } satisfies Prisma.UserSelect;
const NOT_FOUND: Refusal<"not-found"> = { ok: false, reason: "not-found" };
const BY_OPERATOR = { by: "operator" } as const;

/** The staff member, locked for this transaction, or null. */
async function lockStaff(tx: Tx, staffId: string): Promise<ProvisionedUser | null> {
  if (!staffId) return null;
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${staffId} AND role = 'SUPPORT' FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.user.findUnique({ where: { id: staffId }, select: staffFields });
}

export type CreateStaffResult = { ok: true; staff: ProvisionedUser; oneTimePassword: string | null } | Refusal<"email-taken">;

/** A new support engineer; a generated one-time password (changed at first sign-in) unless one is supplied. */
export async function createStaff(input: { name: string; email: string }, password?: string): Promise<CreateStaffResult> {
  const { oneTimePassword, ...credentials } = await choosePassword(password);
  try {
    return await getDb().$transaction(async (tx) => {
      const staff = await tx.user.create({
        data: { id: `usr_${randomBytes(16).toString("hex")}`, accountId: null, email: input.email, name: input.name, role: "SUPPORT", ...credentials },
        select: staffFields,
      });
      await recordSecurityEvents(tx, [{ type: "MEMBER_ADDED", subjectUserId: staff.id, detail: { ...BY_OPERATOR, toRole: "SUPPORT", oneTimePassword: !!oneTimePassword } }]);
      return { ok: true as const, staff, oneTimePassword };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "email-taken" };
    throw error;
  }
}

export type DeactivateStaffResult = { ok: true; staff: ProvisionedUser; changed: boolean; endedSessions: number } | Refusal<"not-found">;

/** A deactivated staff member cannot sign in, and every session of theirs ends now (USER_DEACTIVATED). */
export async function deactivateStaff(staffId: string, now = new Date()): Promise<DeactivateStaffResult> {
  return getDb().$transaction(async (tx): Promise<DeactivateStaffResult> => {
    const staff = await lockStaff(tx, staffId);
    if (!staff) return NOT_FOUND;
    if (staff.deactivatedAt) return { ok: true, staff, changed: false, endedSessions: 0 };
    await tx.user.update({ where: { id: staff.id }, data: { deactivatedAt: now } });
    const endedSessions = await endAllSessionsOfUser(tx, staff.id, "USER_DEACTIVATED", null, now);
    await recordSecurityEvents(tx, [{ type: "USER_DEACTIVATED", subjectUserId: staff.id, detail: { ...BY_OPERATOR, endedSessions }, at: now }]);
    return { ok: true, staff: { ...staff, deactivatedAt: now }, changed: true, endedSessions };
  });
}

export type ReactivateStaffResult = { ok: true; staff: ProvisionedUser; changed: boolean } | Refusal<"not-found">;

/** A deactivated staff member may sign in again (their old sessions stay ended). */
export async function reactivateStaff(staffId: string): Promise<ReactivateStaffResult> {
  return getDb().$transaction(async (tx): Promise<ReactivateStaffResult> => {
    const staff = await lockStaff(tx, staffId);
    if (!staff) return NOT_FOUND;
    if (!staff.deactivatedAt) return { ok: true, staff, changed: false };
    await tx.user.update({ where: { id: staff.id }, data: { deactivatedAt: null } });
    await recordSecurityEvents(tx, [{ type: "USER_REACTIVATED", subjectUserId: staff.id, detail: BY_OPERATOR }]);
    return { ok: true, staff: { ...staff, deactivatedAt: null }, changed: true };
  });
}

export type ResetStaffPasswordResult = { ok: true; staff: ProvisionedUser; oneTimePassword: string | null; endedSessions: number } | Refusal<"not-found">;

/** A new password for a staff member: every session of theirs ends now (PASSWORD_RESET); a generated one must be replaced at sign-in. */
export async function resetStaffPassword(staffId: string, password?: string, now = new Date()): Promise<ResetStaffPasswordResult> {
  const { oneTimePassword, ...credentials } = await choosePassword(password);
  return getDb().$transaction(async (tx): Promise<ResetStaffPasswordResult> => {
    const staff = await lockStaff(tx, staffId);
    if (!staff) return NOT_FOUND;
    await tx.user.update({ where: { id: staff.id }, data: { ...credentials, passwordChangedAt: now } });
    const endedSessions = await endAllSessionsOfUser(tx, staff.id, "PASSWORD_RESET", null, now);
    await recordSecurityEvents(tx, [{ type: "PASSWORD_RESET", subjectUserId: staff.id, detail: { ...BY_OPERATOR, oneTimePassword: !!oneTimePassword, endedSessions }, at: now }]);
    return { ok: true, staff, oneTimePassword, endedSessions };
  });
}
