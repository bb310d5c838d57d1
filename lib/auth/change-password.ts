import "server-only";
import { getDb } from "@/lib/db/client";
import { recordSecurityEvents } from "@/lib/security/events";
import { endOtherSessions, newSessionFor, rotateSession, type Actor } from "@/lib/sessions/store";
import { hashPassword, verifyPassword } from "./password";
import { beginSignInAttempt, SignInLimited, type SignInAttempt } from "./rate-limit";

export type ChangePasswordOutcome =
  | { ok: true; endedSessions: number; newSessionId: string }
  | { ok: false; reason: "wrong-current" }
  | { ok: false; reason: "limited"; message: string };

/**
 * Changes the signed-in user's password. The current password is checked first, and a wrong
 * one counts as a failed sign-in (same limit, same table), so a borrowed session cannot be used
 * to guess the password. The device making the change stays signed in with a new session ID
 * (its old session ends, saying why); the others end with the reason PASSWORD_CHANGE when the
 * user asked for it. The new password, the sessions it ends, the new session and their events
 * are one transaction.
 */
export async function changePassword(
  actor: Actor & { email: string; ip: string; userAgent: string | null },
  input: { currentPassword: string; newPassword: string; signOutOthers: boolean },
  now = new Date(),
): Promise<ChangePasswordOutcome> {
  let attempt: SignInAttempt;
  try {
    attempt = await beginSignInAttempt(actor.email, actor.ip);
  } catch (error) {
    if (error instanceof SignInLimited) return { ok: false, reason: "limited", message: error.message };
    throw error;
  }
  const user = await getDb().user.findUnique({
    where: { id: actor.userId },
    select: { passwordHash: true },
  });
  // A wrong current password: the reserved attempt stays as a failed sign-in.
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await attempt.failed();
    return { ok: false, reason: "wrong-current" };
  }
  await attempt.succeeded();
  const passwordHash = await hashPassword(input.newPassword);
  const fresh = newSessionFor({ userId: actor.userId, userAgent: actor.userAgent, ip: actor.ip });
  return getDb().$transaction(async (tx) => {
    // A password of their own: a one-time password someone else chose no longer holds them back.
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash, passwordChangedAt: now, mustChangePassword: false } });
    const endedSessions = input.signOutOthers ? await endOtherSessions(actor, "PASSWORD_CHANGE", now, tx) : 0;
    const newSessionId = await rotateSession(actor, "PASSWORD_CHANGE", fresh, now, tx);
    const session = await tx.session.findUniqueOrThrow({ where: { id: newSessionId }, select: { handle: true } });
    await recordSecurityEvents(tx, [
      { type: "PASSWORD_CHANGED", subjectUserId: actor.userId, actor: { userId: actor.userId, sessionHandle: session.handle }, sessionHandle: session.handle, ip: actor.ip, detail: { endedSessions }, at: now },
    ]);
    return { ok: true as const, endedSessions, newSessionId };
  });
}

/** When the user last changed their password (the Password tab shows it). */
export async function passwordChangedAt(userId: string): Promise<Date | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { passwordChangedAt: true } });
  return user?.passwordChangedAt ?? null;
}
