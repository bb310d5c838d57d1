import "server-only";
import { getDb } from "@/lib/db/client";
import { endOtherSessions, rotateSession, type Actor } from "@/lib/sessions/store";
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
 * user asked for it.
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
  // A password of their own: a one-time password someone else chose no longer holds them back.
  await getDb().user.update({ where: { id: actor.userId }, data: { passwordHash, passwordChangedAt: now, mustChangePassword: false } });
  const endedSessions = input.signOutOthers ? await endOtherSessions(actor, "PASSWORD_CHANGE", now) : 0;
  const newSessionId = await rotateSession(actor, "PASSWORD_CHANGE", { userAgent: actor.userAgent, ip: actor.ip }, now);
  return { ok: true, endedSessions, newSessionId };
}

/** When the user last changed their password (the Password tab shows it). */
export async function passwordChangedAt(userId: string): Promise<Date | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { passwordChangedAt: true } });
  return user?.passwordChangedAt ?? null;
}
