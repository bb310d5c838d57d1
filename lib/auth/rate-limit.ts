import "server-only";
import { getConfig } from "@/lib/config";
import { getDb, type Db } from "@/lib/db/client";

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

type Client = Pick<Db, "signInAttempt">;

async function assertUnderLimit(client: Client, keys: string[], now: Date): Promise<void> {
  const { maxFailures, windowMs } = getConfig().signIn;
  const since = new Date(now.getTime() - windowMs);
  const rows = await client.signInAttempt.groupBy({
    by: ["key"],
    where: { key: { in: keys }, createdAt: { gt: since } },
    _count: { _all: true },
    _min: { createdAt: true },
  });
  // Locked until enough of the oldest failures leave the window; the oldest leaving is a fair bound.
  const blocked = rows.filter((r) => r._count._all >= maxFailures);
  if (blocked.length === 0) return;
  const until = Math.max(...blocked.map((r) => (r._min.createdAt?.getTime() ?? now.getTime()) + windowMs));
  throw new SignInLimited(Math.ceil((until - now.getTime()) / 1000));
}

/** Throws SignInLimited when the e-mail or the IP has used up its failures in the window. */
export async function checkSignInAllowed(email: string, ip: string, now = new Date()): Promise<void> {
  await assertUnderLimit(getDb(), keysFor(email, ip), now);
}

/**
 * Before a password is checked: throws SignInLimited when over the limit, otherwise records this
 * attempt as a failure until it proves otherwise (signInSucceeded). Per-key advisory locks make
 * check-and-record atomic, so a burst of parallel guesses cannot all slip under the limit.
 */
export async function reserveSignInAttempt(email: string, ip: string, now = new Date()): Promise<bigint[]> {
  const keys = keysFor(email, ip).sort();
  return getDb().$transaction(async (tx) => {
    for (const key of keys) await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${key}))`;
    await assertUnderLimit(tx, keys, now);
    const created = await tx.signInAttempt.createManyAndReturn({
      data: keys.map((key) => ({ key, createdAt: now })),
      select: { id: true },
    });
    // Keep the table small: attempts older than two windows no longer count for anything.
    await tx.signInAttempt.deleteMany({ where: { key: { in: keys }, createdAt: { lt: new Date(now.getTime() - 2 * getConfig().signIn.windowMs) } } });
    return created.map((row) => row.id);
  });
}

/** The password was right: the reserved attempt was no failure, and the account's failures clear. */
export async function signInSucceeded(email: string, attemptIds: bigint[]): Promise<void> {
  await getDb().signInAttempt.deleteMany({
    where: { OR: [{ id: { in: attemptIds } }, { key: `email:${email.toLowerCase()}` }] },
  });
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
