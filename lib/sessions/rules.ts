import type { SessionStatus } from "@/lib/db/generated/enums";

// The pure rules of a session's life, applied by the gate (gate.ts) and the store (store.ts);
// unit tests pin them down here.

export type { SessionStatus };



export type Lifetimes = { idleTimeoutMs: number; maxLifetimeMs: number; touchIntervalMs: number };

type Timed = { status: SessionStatus; expiresAt: Date; maxExpiresAt: Date };

/** A session past its expiry is Expired at read time, whatever its row still says. */
export function effectiveStatus(s: Timed, now: Date): SessionStatus {
  if (s.status !== "ACTIVE") return s.status;
  return s.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : "ACTIVE";
}

/** Why an expired session expired: it hit its absolute lifetime, or it sat idle too long. */
export function expiryReason(s: Pick<Timed, "expiresAt" | "maxExpiresAt">): "MAX_LIFETIME" | "IDLE_TIMEOUT" {
  return s.expiresAt.getTime() >= s.maxExpiresAt.getTime() ? "MAX_LIFETIME" : "IDLE_TIMEOUT";
}

/** The expiry times of a session that starts now. */
export function initialExpiry(now: Date, lifetimes: Lifetimes): { expiresAt: Date; maxExpiresAt: Date } {
  const maxExpiresAt = new Date(now.getTime() + lifetimes.maxLifetimeMs);
  return { expiresAt: slideExpiry(now, maxExpiresAt, lifetimes), maxExpiresAt };
}

/** Sliding expiry: idle timeout from now, never past the absolute limit. */
export function slideExpiry(now: Date, maxExpiresAt: Date, lifetimes: Pick<Lifetimes, "idleTimeoutMs">): Date {
  return new Date(Math.min(now.getTime() + lifetimes.idleTimeoutMs, maxExpiresAt.getTime()));
}

/** Last active is written at most once per touch interval, however busy the session is. */
export function isTouchDue(lastActiveAt: Date, now: Date, lifetimes: Pick<Lifetimes, "touchIntervalMs">): boolean {
  return now.getTime() - lastActiveAt.getTime() >= lifetimes.touchIntervalMs;
}
