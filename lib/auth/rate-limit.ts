import "server-only";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";

// Failed sign-ins, limited per account (the e-mail typed) and per client IP. Counted in the
// database so every app instance sees the same number. The same answer whether or not the
// e-mail exists, so the limit tells an attacker nothing about which accounts there are.

export class SignInLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
    this.name = "SignInLimited";
  }
}

const keysFor = (email: string, ip: string) => [`email:${email.toLowerCase()}`, `ip:${ip}`];

/** Throws SignInLimited when the e-mail or the IP has used up its failures in the window. */
export async function checkSignInAllowed(email: string, ip: string, now = new Date()): Promise<void> {
  const { maxFailures, windowMs } = getConfig().signIn;
  const since = new Date(now.getTime() - windowMs);
  const rows = await getDb().signInAttempt.groupBy({
    by: ["key"],
    where: { key: { in: keysFor(email, ip) }, createdAt: { gt: since } },
    _count: { _all: true },
    _min: { createdAt: true },
  });
  // Locked until enough of the oldest failures leave the window; the oldest leaving is a fair bound.
  const blocked = rows.filter((r) => r._count._all >= maxFailures);
  if (blocked.length === 0) return;
  const until = Math.max(...blocked.map((r) => (r._min.createdAt?.getTime() ?? now.getTime()) + windowMs));
  throw new SignInLimited(Math.ceil((until - now.getTime()) / 1000));
}

export async function recordFailedSignIn(email: string, ip: string, now = new Date()): Promise<void> {
  const { windowMs } = getConfig().signIn;
  await getDb().signInAttempt.createMany({ data: keysFor(email, ip).map((key) => ({ key, createdAt: now })) });
  // Keep the table small: failures older than the window no longer count.
  await getDb().signInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 2 * windowMs) } } });
}

/** A correct password clears the account's failures (not the IP's: one good login must not unlock a sprayer). */
export async function clearFailedSignIns(email: string): Promise<void> {
  await getDb().signInAttempt.deleteMany({ where: { key: `email:${email.toLowerCase()}` } });
}
