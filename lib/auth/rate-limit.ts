import "server-only";
import { createHmac } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/pool";
import { limitKeyForIp } from "@/lib/http/ip-prefix";

// Sign-in limits that stop guessing, not offices (OWASP's "login endpoint protection", built on
// rate-limiter-flexible's PostgreSQL store so every app instance counts the same failures):
//
//   account + IP   SIGN_IN_MAX_FAILURES (5) per 15 min: a guesser at one address
//   account        SIGN_IN_ACCOUNT_MAX_FAILURES (50) per hour from all addresses: a botnet,
//                  with a bound high enough that a stranger cannot lock a user out cheaply
//   IP             SIGN_IN_IP_MAX_FAILURES (100) per hour: one address spraying many accounts
//
// The two account limits are consumed *before* the password is checked (a reservation, so 50
// parallel guesses cannot all slip under the limit) and handed back when the password is right.
// The IP limit counts failures only, after the check: in-flight sign-ins of an office behind
// one address never count against it. The same answer whether or not the account exists, and
// e-mail addresses are stored only as keyed hashes.

export class SignInLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
    this.name = "SignInLimited";
  }
}

type Limiters = { accountIp: RateLimiterPostgres; account: RateLimiterPostgres; ip: RateLimiterPostgres };

let limiters: Limiters | undefined;

function getLimiters(): Limiters {
  if (limiters) return limiters;
  const { signIn } = getConfig();
  const make = (keyPrefix: string, limit: { maxFailures: number; windowMs: number }) =>
    new RateLimiterPostgres({
      storeClient: getPool(),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // by our migration, not by the library
      clearExpiredByTimeout: false, // the maintenance job prunes expired rows
      keyPrefix,
      points: limit.maxFailures,
      duration: Math.ceil(limit.windowMs / 1000),
    });
  limiters = {
    accountIp: make("signin_account_ip", signIn.accountIp),
    account: make("signin_account", signIn.account),
    ip: make("signin_ip", signIn.ip),
  };
  return limiters;
}

/** The account's key: a keyed hash of the e-mail typed, so the table holds no addresses. */
function accountKey(email: string): string {
  return createHmac("sha256", getConfig().authSecret).update(`sign-in:${email.trim().toLowerCase()}`).digest("base64url");
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when the store fails. */
async function consume(limiter: RateLimiterPostgres, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key, 1);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
}

function blockedBy(state: RateLimiterRes | null, limit: number): RateLimiterRes | null {
  return state && state.consumedPoints >= limit ? state : null;
}

/** Throws SignInLimited when a sign-in for this e-mail from this IP would be refused now. Reads only. */
export async function checkSignInAllowed(email: string, ip: string): Promise<void> {
  const l = getLimiters();
  const account = accountKey(email);
  const ipKey = limitKeyForIp(ip);
  const [ipState, accountIpState, accountState] = await Promise.all([
    l.ip.get(ipKey),
    l.accountIp.get(`${account}:${ipKey}`),
    l.account.get(account),
  ]);
  const blocked = [blockedBy(ipState, l.ip.points), blockedBy(accountIpState, l.accountIp.points), blockedBy(accountState, l.account.points)]
    .filter((s): s is RateLimiterRes => s !== null);
  if (blocked.length) throw new SignInLimited(Math.max(...blocked.map(retryAfter)));
}

/** A password check that has been let through; say how it went. */
export type SignInAttempt = { succeeded(): Promise<void>; failed(): Promise<void> };

/**
 * Before a password is checked: throws SignInLimited when over a limit; otherwise reserves this
 * attempt on the account limits (atomically, in PostgreSQL) and returns what to do afterwards.
 */
export async function beginSignInAttempt(email: string, ip: string): Promise<SignInAttempt> {
  const l = getLimiters();
  const account = accountKey(email);
  const ipKey = limitKeyForIp(ip);
  const accountIpKey = `${account}:${ipKey}`;

  const ipState = blockedBy(await l.ip.get(ipKey), l.ip.points);
  if (ipState) throw new SignInLimited(retryAfter(ipState));
  const overAccountIp = await consume(l.accountIp, accountIpKey);
  if (overAccountIp) throw new SignInLimited(retryAfter(overAccountIp));
  const overAccount = await consume(l.account, account);
  if (overAccount) {
    await l.accountIp.reward(accountIpKey, 1);
    throw new SignInLimited(retryAfter(overAccount));
  }

  return {
    // The right password: this attempt was no failure, and this address starts afresh for the
    // account. The account's failures from elsewhere stay: one good sign-in must not unlock a botnet.
    async succeeded() {
      await Promise.all([l.accountIp.delete(accountIpKey), l.account.reward(account, 1)]);
    },
    // A wrong password: the reservations stand as failures, and the address is charged one.
    async failed() {
      await consume(l.ip, ipKey);
    },
  };
}
