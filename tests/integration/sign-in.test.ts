import { afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { getAuthOptions } from "@/lib/auth/options";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkSignInAllowed, SignInLimited } from "@/lib/auth/rate-limit";
import { getConfig } from "@/lib/config";
import { createDb, getDb, getPool } from "@/lib/db/client";
import { createAccount, createUser, sessionRow, UA, type TestUser } from "../helpers/fixtures";

// Signing in through next-auth's Credentials authorize() (lib/auth/options.ts) and the limits it
// applies (lib/auth/rate-limit.ts, rate-limiter-flexible on PostgreSQL). Small limits for this
// file, read by getConfig() on first use: 5 per account and IP, 12 per account, 20 per IP.
process.env.SIGN_IN_MAX_FAILURES = "5";
process.env.SIGN_IN_ACCOUNT_MAX_FAILURES = "12";
process.env.SIGN_IN_IP_MAX_FAILURES = "20";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<Record<string, unknown> | null>;
const password = "correct horse battery staple";
let authorize: Authorize;
let passwordHash: string;
let n = 0;
/** A fresh public-looking address for each use, so tests never share an IP's count. */
const ip = () => `198.51.${Math.floor(++n / 250)}.${n % 250}`;
const from = (address: string) => ({ headers: { "x-forwarded-for": address, "user-agent": UA.firefoxWindows } });

beforeAll(async () => {
  authorize = (getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  passwordHash = await hashPassword(password);
});

afterEach(() => vi.useRealTimers());

async function userWithPassword(): Promise<TestUser> {
  const user = await createUser(await createAccount());
  await getDb().user.update({ where: { id: user.id }, data: { passwordHash } });
  return user;
}

type Outcome = "signed-in" | "wrong" | "limited";

/** One sign-in through authorize(): signed in, refused as wrong, or refused by a limit. */
async function attempt(email: string, pw: string, address: string): Promise<Outcome> {
  try {
    return (await authorize({ email, password: pw }, from(address))) ? "signed-in" : "wrong";
  } catch (error) {
    if (error instanceof SignInLimited) return "limited";
    throw error;
  }
}

async function limitedNow(email: string, address: string): Promise<boolean> {
  try {
    await checkSignInAllowed(email, address);
    return false;
  } catch (error) {
    if (error instanceof SignInLimited) return true;
    throw error;
  }
}

describe(`sign-in limits on ${inject("databaseLabel")}`, () => {
  it("refuses even the right password after 5 wrong ones from one address, until the window passes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const victim = await userWithPassword();
    const guesser = ip();
    for (let i = 0; i < 5; i++) expect(await attempt(victim.email, `guess-${i}`, guesser)).toBe("wrong");

    expect(await attempt(victim.email, password, guesser)).toBe("limited");
    expect(await limitedNow(victim.email.toUpperCase(), guesser)).toBe(true);
    // The owner, from another address, is not locked out by the guesser.
    expect(await attempt(victim.email, password, ip())).toBe("signed-in");

    vi.setSystemTime(Date.now() + getConfig().signIn.accountIp.windowMs + 1000);
    expect(await attempt(victim.email, password, guesser)).toBe("signed-in");
  });

  it("tells when to try again, in minutes, the same way for a real and a made-up account", async () => {
    const real = await userWithPassword();
    const messages: string[] = [];
    for (const email of [real.email, `nobody-${n}@example.com`]) {
      const address = ip();
      for (let i = 0; i < 5; i++) await attempt(email, "wrong", address);
      const error = await authorize({ email, password }, from(address)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignInLimited);
      expect((error as SignInLimited).retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect((error as SignInLimited).retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      messages.push((error as Error).message);
    }
    expect(messages[0]).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(messages[1]).toBe(messages[0]);
  });

  it("lets exactly 5 of 50 parallel wrong guesses for one account reach the password check", async () => {
    const victim = await userWithPassword();
    const guesser = ip();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(victim.email, `guess-${i}`, guesser)));
    // Each call: its password was checked and found wrong, or it was refused before the check.
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "limited")).toHaveLength(45);
    expect(outcomes).not.toContain("signed-in");
  });

  it("bounds guesses for one account from many addresses, above the per-address limit", async () => {
    const victim = await userWithPassword();
    const outcomes: Outcome[] = [];
    // 4 addresses × 4 guesses = 16 > 12: each address stays under 5, the account's bound is hit.
    for (let a = 0; a < 4; a++) {
      const address = ip();
      for (let i = 0; i < 4; i++) outcomes.push(await attempt(victim.email, `guess-${a}-${i}`, address));
    }
    expect(outcomes.slice(0, 12)).toEqual(new Array(12).fill("wrong"));
    expect(outcomes.slice(12)).toEqual(["limited", "limited", "limited", "limited"]);
    expect(await attempt(victim.email, password, ip())).toBe("limited");
  });

  it("a right password hands back its own reservation, and clears its address's failures only", async () => {
    const victim = await userWithPassword();
    const home = ip();
    for (let i = 0; i < 4; i++) expect(await attempt(victim.email, `typo-${i}`, home)).toBe("wrong");
    expect(await attempt(victim.email, password, home)).toBe("signed-in");
    // 4 more typos from home are allowed again (its count restarted)...
    for (let i = 0; i < 4; i++) expect(await attempt(victim.email, `typo-again-${i}`, home)).toBe("wrong");
    // ...but the account-wide count kept all 8 failures: 4 more from elsewhere reach 12.
    const elsewhere = ip();
    for (let i = 0; i < 4; i++) expect(await attempt(victim.email, `other-${i}`, elsewhere)).toBe("wrong");
    expect(await attempt(victim.email, password, ip())).toBe("limited");
  });

  it("stops one address spraying many accounts, without touching other addresses", async () => {
    const sprayer = ip();
    for (let i = 0; i < 20; i++) expect(await attempt(`sprayed-${n}-${i}@example.com`, "Winter2026!", sprayer)).toBe("wrong");
    const someone = await userWithPassword();
    expect(await attempt(someone.email, password, sprayer)).toBe("limited");
    expect(await attempt(someone.email, password, ip())).toBe("signed-in");
  });

  it("counts an IPv6 /64 as one address", async () => {
    const prefix = `2001:db8:${(++n).toString(16)}:1`;
    for (let i = 0; i < 20; i++) expect(await attempt(`v6-${n}-${i}@example.com`, "wrong", `${prefix}::${(i + 1).toString(16)}`)).toBe("wrong");
    expect(await attempt(`v6-${n}-x@example.com`, "wrong", `${prefix}:ffff:ffff:ffff:ffff`)).toBe("limited");
    expect(await attempt(`v6-${n}-y@example.com`, "wrong", `2001:db8:${n.toString(16)}:2::1`)).toBe("wrong");
  });

  it("never refuses a right password because of others' sign-ins: 50 at once from one address", async () => {
    const office = ip();
    const users = await Promise.all(Array.from({ length: 50 }, () => userWithPassword()));
    const outcomes = await Promise.all(users.map((u) => attempt(u.email, password, office)));
    expect(outcomes).toEqual(new Array(50).fill("signed-in"));
    // And in-flight sign-ins left nothing behind against the address.
    expect(await limitedNow("anyone@example.com", office)).toBe(false);
  });

  it("leaves room for the database during a burst: a new connection opens in time while 150 passwords are checked", async () => {
    // A fresh pool, so its one connection must be opened (with its SCRAM handshake on the
    // embedded server) while the burst of password hashes is running.
    const fresh = createDb(process.env.DATABASE_URL!, getConfig().database);
    try {
      const checks = Array.from({ length: 150 }, () => verifyPassword(password, passwordHash));
      const connected = fresh.pool.query("SELECT 1 AS one").then((r) => r.rows, (error: Error) => error.message);
      expect(await connected).toEqual([{ one: 1 }]);
      expect(await Promise.all(checks)).toEqual(new Array(150).fill(true));
    } finally {
      await fresh.pool.end();
    }
  });

  it("refuses a deactivated user exactly like a wrong password", async () => {
    const user = await userWithPassword();
    await getDb().user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await attempt(user.email, password, ip())).toBe("wrong");
  });

  it("keeps no e-mail address in the limits table", async () => {
    const user = await userWithPassword();
    await attempt(user.email, "wrong", ip());
    const { rows } = await getPool().query<{ key: string }>("SELECT key FROM rate_limits");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.key.includes("@"))).toEqual([]);
  });
});

// next-auth's side of a sign-in: the session row, the cookie's claims, sign-out.
describe(`sign-in (authorize and callbacks) on ${inject("databaseLabel")}`, () => {
  let callbacks: NonNullable<ReturnType<typeof getAuthOptions>["callbacks"]>;
  let events: NonNullable<ReturnType<typeof getAuthOptions>["events"]>;
  let user: TestUser;

  beforeAll(async () => {
    callbacks = getAuthOptions().callbacks!;
    events = getAuthOptions().events!;
    user = await userWithPassword();
  });

  it("signs in with the right password, whatever the e-mail's case, and refuses a wrong one", async () => {
    const address = ip();
    const signedIn = await authorize({ email: user.email.toUpperCase(), password }, from(address));
    expect(signedIn).toMatchObject({ id: user.id, ip: address, userAgent: UA.firefoxWindows });
    expect(await authorize({ email: user.email, password: "wrong" }, from(address))).toBeNull();
    expect(await authorize({ email: "nobody@example.com", password }, from(address))).toBeNull();
  });

  it("creates a new session row on every sign-in: no session fixation", async () => {
    const signedIn = (await authorize({ email: user.email, password }, from("10.9.8.7")))!;
    const first = await callbacks.jwt!({ token: { sid: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", sub: user.id }, user: signedIn as never, account: null } as never);
    const second = await callbacks.jwt!({ token: first, user: signedIn as never, account: null } as never);
    expect(first.sid).not.toBe("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(second.sid).not.toBe(first.sid);
    // The cookie carries only the session row's id and the user's.
    expect(Object.keys(first).sort()).toEqual(["sid", "sub"]);
    for (const sid of [first.sid, second.sid] as string[]) {
      expect(await sessionRow(sid)).toMatchObject({ user_id: user.id, status: "ACTIVE", ip: "10.9.8.7", browser: "Firefox" });
    }

    // next-auth's sign-out endpoint ends the row, not just the cookie.
    await events.signOut!({ token: first, session: null as never });
    expect(await sessionRow(first.sid as string)).toMatchObject({ status: "TERMINATED", end_reason: "SIGN_OUT" });
    expect((await sessionRow(second.sid as string))!.status).toBe("ACTIVE");
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", () => {
    const cookie = getAuthOptions().cookies!.sessionToken!;
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    // No https:// AUTH_URL here, so no Secure flag and no __Host- prefix (see token.test.ts for both).
    expect(cookie.options.secure).toBe(false);
  });

  it("refuses a cookie whose claims were not made by a sign-in", async () => {
    await expect(callbacks.jwt!({ token: { sid: "not-a-session-id", sub: user.id } } as never)).rejects.toThrow();
  });
});
