import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/pool";

// How many sessions one support engineer may name per minute (SUPPORT_LOOKUPS_PER_MINUTE, 30):
// enough for any honest conversation with a user, too few to enumerate IDs from a compromised
// staff account. Every attempt that names a session counts (hit, miss, malformed, an ending),
// so a miss teaches nothing for free. rate-limiter-flexible's PostgreSQL store, like the sign-in
// limits (lib/auth/rate-limit.ts): every app instance counts the same attempts.

let limiter: RateLimiterPostgres | undefined;

function getLimiter(): RateLimiterPostgres {
  limiter ??= new RateLimiterPostgres({
    storeClient: getPool(),
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true, // by our migration, not by the library
    clearExpiredByTimeout: false, // the maintenance job prunes expired rows
    keyPrefix: "support_lookup",
    points: getConfig().support.lookupsPerMinute,
    duration: 60,
  });
  return limiter;
}

export type LookupAllowance = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one lookup of this staff member; over the limit, says how long until the next is allowed. */
export async function consumeSupportLookup(staffUserId: string): Promise<LookupAllowance> {
  if (!staffUserId) throw new Error("a support lookup without a staff member");
  try {
    await getLimiter().consume(staffUserId, 1);
    return { ok: true };
  } catch (error) {
    // Over the limit rate-limiter-flexible rejects with its result; a store failure is an Error.
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}
