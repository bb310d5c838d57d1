import type { Db, Tx } from "./client";
import type { EndReason, SessionStatus } from "./generated/client";
import { hashPassword } from "@/lib/auth/password";
import { formatLocation, locate, type Location } from "@/lib/geo/locate";
import { recordSecurityEvents, type SecurityEventInput } from "@/lib/security/events";
import { newSessionHandle, newSessionId } from "@/lib/sessions/ids";
import { parseUserAgent } from "@/lib/sessions/user-agent";

// Demo data for a fresh database: one customer account with the three roles of the help article,
// each with sessions from real browsers and public IPs around the world, plus history; a
// second account, so that "never another account's sessions" can be seen and tested; and a
// Broker Buddha support engineer for the support console.

export const DEMO_PASSWORD = "buddha-demo-2026";
export const DEMO_ACCOUNT_ID = "acct_demo";
export const OTHER_ACCOUNT_ID = "acct_other";

export const DEMO_USERS = [
  { id: "usr_owner", email: "owner@example.com", name: "Olivia Owens", role: "ACCOUNT_OWNER", accountId: DEMO_ACCOUNT_ID },
  { id: "usr_billing", email: "billing@example.com", name: "Bilal Khan", role: "BILLING_MANAGER", accountId: DEMO_ACCOUNT_ID },
  { id: "usr_member", email: "member@example.com", name: "Mia Moreno", role: "USER", accountId: DEMO_ACCOUNT_ID },
  { id: "usr_outsider", email: "outsider@example.org", name: "Oscar Ortega", role: "ACCOUNT_OWNER", accountId: OTHER_ACCOUNT_ID },
] as const;

const UA = {
  chromeMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
  safariIphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
  edgeWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0",
  chromeAndroid: "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
  safariIpad: "Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  safariMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
  chromeLinux: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
};

type DemoSession = {
  ua: string;
  ip: string;
  /** minutes before now */
  createdAgo: number;
  lastActiveAgo: number;
  ended?: { status: SessionStatus; reason: EndReason; agoMinutes: number; byOwner?: boolean };
  /** Signals, only where the rules (lib/sessions/signals.ts) give them for the sessions before it. */
  signals?: { newDevice?: true; newLocation?: true; /** later used from this address, in another country */ movedTo?: string };
};

const H = 60;
const D = 24 * H;

const SESSIONS: Record<string, DemoSession[]> = {
  usr_owner: [
    { ua: UA.chromeMac, ip: "73.162.10.4", createdAgo: 2 * D, lastActiveAgo: 3 },
    { ua: UA.safariIphone, ip: "24.48.0.1", createdAgo: 6 * D, lastActiveAgo: 2 * H },
    { ua: UA.firefoxWindows, ip: "85.214.132.117", createdAgo: 4 * D, lastActiveAgo: 1 * D + 5 * H },
    { ua: UA.edgeWindows, ip: "81.2.69.142", createdAgo: 12 * D, lastActiveAgo: 9 * D, ended: { status: "EXPIRED", reason: "IDLE_TIMEOUT", agoMinutes: 2 * D } },
    { ua: UA.chromeAndroid, ip: "190.210.0.1", createdAgo: 20 * D, lastActiveAgo: 19 * D, ended: { status: "TERMINATED", reason: "LOGOUT", agoMinutes: 19 * D } },
    { ua: UA.safariMac, ip: "1.120.0.5", createdAgo: 40 * D, lastActiveAgo: 33 * D, ended: { status: "TERMINATED", reason: "SIGN_OUT", agoMinutes: 33 * D } },
  ],
  usr_billing: [
    { ua: UA.edgeWindows, ip: "194.168.4.100", createdAgo: 1 * D, lastActiveAgo: 12 },
    { ua: UA.chromeAndroid, ip: "5.148.0.1", createdAgo: 3 * D, lastActiveAgo: 5 * H },
    { ua: UA.chromeMac, ip: "27.33.0.1", createdAgo: 15 * D, lastActiveAgo: 14 * D, ended: { status: "EXPIRED", reason: "IDLE_TIMEOUT", agoMinutes: 7 * D } },
    { ua: UA.firefoxWindows, ip: "91.64.20.1", createdAgo: 9 * D, lastActiveAgo: 8 * D, ended: { status: "TERMINATED", reason: "PASSWORD_CHANGE", agoMinutes: 8 * D } },
  ],
  usr_member: [
    // Never Edge, never Germany before: the first thing the member sees is a sign-in to check.
    { ua: UA.edgeWindows, ip: "85.214.132.117", createdAgo: 40, lastActiveAgo: 6, signals: { newDevice: true, newLocation: true } },
    { ua: UA.chromeLinux, ip: "139.130.4.5", createdAgo: 5 * H, lastActiveAgo: 1 },
    { ua: UA.safariIpad, ip: "49.255.0.1", createdAgo: 2 * D, lastActiveAgo: 7 * H },
    { ua: UA.safariIphone, ip: "86.7.12.9", createdAgo: 5 * D, lastActiveAgo: 2 * D, signals: { movedTo: "2.2.2.2" } },
    { ua: UA.chromeMac, ip: "58.96.0.1", createdAgo: 35 * D, lastActiveAgo: 25 * D, ended: { status: "EXPIRED", reason: "MAX_LIFETIME", agoMinutes: 5 * D } },
    { ua: UA.firefoxWindows, ip: "24.48.0.1", createdAgo: 10 * D, lastActiveAgo: 9 * D, ended: { status: "TERMINATED", reason: "ACCOUNT_OWNER", agoMinutes: 9 * D, byOwner: true } },
  ],
  usr_outsider: [{ ua: UA.firefoxWindows, ip: "200.147.67.1", createdAgo: 1 * D, lastActiveAgo: 30 }],
};

// ---- Broker Buddha staff: the support console's demo login ------------------------------------
// A support engineer (role SUPPORT, in no customer account) with sessions of their own, so that
// their My Sessions is not empty: the office desktop in use today and a laptop that expired.

export const DEMO_STAFF = { id: "usr_support", email: "support@example.com", name: "Priya Raman", role: "SUPPORT", accountId: null } as const;

const STAFF_SESSIONS: Record<string, DemoSession[]> = {
  [DEMO_STAFF.id]: [
    { ua: UA.chromeMac, ip: "81.2.69.160", createdAgo: 3 * H, lastActiveAgo: 2 },
    { ua: UA.firefoxWindows, ip: "81.2.69.160", createdAgo: 9 * D, lastActiveAgo: 8 * D, ended: { status: "EXPIRED", reason: "IDLE_TIMEOUT", agoMinutes: 1 * D } },
    { ua: UA.safariMac, ip: "86.7.12.9", createdAgo: 16 * D, lastActiveAgo: 15 * D, ended: { status: "TERMINATED", reason: "SIGN_OUT", agoMinutes: 15 * D } },
  ],
};

// ------------------------------------------------------------------------------------------------

/** Seeds the demo data unless the database already has accounts. Returns whether it seeded. */
export async function seedDemoData(db: Db, options: { idleTimeoutMs: number; maxLifetimeMs: number }, now = new Date()): Promise<boolean> {
  if ((await db.account.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  // Resolved before the transaction: the first lookup loads geoip-lite's data (~135 MB), which
  // must not eat into the transaction's time limit on a busy machine.
  const allSessions = { ...SESSIONS, ...STAFF_SESSIONS };
  const addresses = Object.values(allSessions).flatMap((s) => s.flatMap((one) => [one.ip, one.signals?.movedTo ?? one.ip]));
  const places = new Map(addresses.map((ip) => [ip, locate(ip)]));
  await db.$transaction(async (tx) => {
    await tx.account.createMany({
      data: [
        { id: DEMO_ACCOUNT_ID, name: "Buddha Brokers Ltd" },
        { id: OTHER_ACCOUNT_ID, name: "Harbor Insurance Group" },
      ],
    });
    await tx.user.createMany({
      data: [...DEMO_USERS, DEMO_STAFF].map((u) => ({ ...u, passwordHash, createdAt: at(90 * D), passwordChangedAt: at(60 * D) })),
    });
    for (const [userId, sessions] of Object.entries(allSessions)) {
      await tx.session.createMany({
        data: sessions.map((s) => {
          const createdAt = at(s.createdAgo);
          const lastActiveAt = at(s.lastActiveAgo);
          const maxExpiresAt = new Date(createdAt.getTime() + options.maxLifetimeMs);
          const expiresAt = new Date(Math.min(lastActiveAt.getTime() + options.idleTimeoutMs, maxExpiresAt.getTime()));
          const ended = s.ended;
          return {
            id: newSessionId(),
            handle: newSessionHandle(),
            userId,
            createdAt,
            lastActiveAt,
            maxExpiresAt: ended?.reason === "MAX_LIFETIME" ? at(ended.agoMinutes) : maxExpiresAt,
            expiresAt: ended ? at(ended.agoMinutes) : expiresAt,
            status: ended?.status ?? "ACTIVE",
            endedAt: ended ? at(ended.agoMinutes) : null,
            endReason: ended?.reason ?? null,
            endedById: ended?.byOwner ? "usr_owner" : ended?.status === "TERMINATED" ? userId : null,
            deviceSignedOutAt: ended?.status === "TERMINATED" ? at(ended.agoMinutes - 1) : null,
            ...parseUserAgent(s.ua),
            ip: s.ip,
            ...places.get(s.ip),
            ...signalColumns(s, places, lastActiveAt),
          };
        }),
      });
    }
    await seedDemoSecurityEvents(tx, now);
  }, { timeout: 60_000 });
  return true;
}

function signalColumns(s: DemoSession, places: Map<string, Location>, lastActiveAt: Date) {
  const moved = s.signals?.movedTo;
  const place = moved ? places.get(moved) : undefined;
  return {
    newDevice: !!s.signals?.newDevice,
    newLocation: !!s.signals?.newLocation,
    ...(moved && place ? { lastIp: moved, lastCity: place.city, lastRegion: place.region, lastCountry: place.country, locationChangedAt: lastActiveAt } : {}),
  };
}

// ── Demo security activity ──────────────────────────────────────────────────────────────────
// What the seeded sessions would have written to the activity log (sign-ins, sign-outs, the
// session an Account Owner ended, a password change), plus a few things sessions don't show:
// wrong passwords tried on two accounts, and Show Tokens. Written through the log's one writer,
// in the seed's transaction, so "Recent security activity" and the Activity tab are not empty on
// first open. If a support engineer is seeded too (support@example.com), they looked up one of
// the member's sessions this morning.

const FAILED_SIGN_INS = [
  { userId: "usr_owner", ip: "45.155.205.233", ua: UA.chromeLinux, agoMinutes: 3 * D + 4 * H },
  { userId: "usr_member", ip: "102.89.34.10", ua: UA.firefoxWindows, agoMinutes: 1 * D + 2 * H },
] as const;

async function seedDemoSecurityEvents(tx: Tx, now: Date): Promise<void> {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const sessions = await tx.session.findMany({
    where: { userId: { in: DEMO_USERS.map((u) => u.id) } },
    select: { handle: true, userId: true, createdAt: true, status: true, endedAt: true, endReason: true, browser: true, os: true, deviceType: true, ip: true, city: true, region: true, country: true },
    orderBy: [{ createdAt: "desc" }, { handle: "asc" }],
  });
  type Seeded = (typeof sessions)[number];
  const device = (s: Seeded) => ({ browser: s.browser, os: s.os, deviceType: s.deviceType, location: formatLocation(s.ip, s) });
  // The user's newest other session signed in at that moment: where a change was made from.
  const liveAt = (userId: string, when: Date, not?: Seeded) =>
    sessions.find((s) => s.userId === userId && s !== not && s.createdAt < when && (!s.endedAt || s.endedAt > when)) ?? null;
  const self = (s: Seeded) => ({ userId: s.userId, sessionHandle: s.handle });

  const events: SecurityEventInput[] = [];
  for (const s of sessions) {
    events.push({ type: "SIGN_IN", subjectUserId: s.userId, actor: self(s), sessionHandle: s.handle, ip: s.ip, detail: { device: device(s) }, at: s.createdAt });
    if (s.status !== "TERMINATED" || !s.endedAt) continue; // expiry records nothing
    const when = s.endedAt;
    const from = liveAt(s.userId, when, s);
    if (s.endReason === "SIGN_OUT") {
      events.push({ type: "SIGN_OUT", subjectUserId: s.userId, actor: self(s), sessionHandle: s.handle, ip: s.ip, detail: { device: device(s) }, at: when });
    } else if (s.endReason === "LOGOUT") {
      events.push({ type: "SESSION_ENDED", subjectUserId: s.userId, actor: self(s), sessionHandle: s.handle, ip: s.ip, detail: { endReason: "LOGOUT", device: device(s) }, at: when });
    } else if (s.endReason === "PASSWORD_CHANGE" && from) {
      events.push(
        { type: "SESSION_ENDED", subjectUserId: s.userId, actor: self(from), sessionHandle: s.handle, ip: from.ip, detail: { endReason: "PASSWORD_CHANGE", device: device(s) }, at: when },
        { type: "PASSWORD_CHANGED", subjectUserId: s.userId, actor: self(from), sessionHandle: from.handle, ip: from.ip, detail: { endedSessions: 1 }, at: when },
      );
    } else if (s.endReason === "ACCOUNT_OWNER") {
      const owner = liveAt("usr_owner", when);
      events.push({
        type: "MEMBER_SESSIONS_ENDED",
        subjectUserId: s.userId,
        actor: { userId: "usr_owner", sessionHandle: owner?.handle ?? null },
        sessionHandle: s.handle,
        ip: owner?.ip ?? null,
        detail: { endedSessions: 1, endReason: "ACCOUNT_OWNER", device: device(s) },
        at: when,
      });
    }
  }

  for (const f of FAILED_SIGN_INS) {
    const { browser, os, deviceType } = parseUserAgent(f.ua);
    events.push({ type: "SIGN_IN_FAILED", subjectUserId: f.userId, actor: null, ip: f.ip, detail: { device: { browser, os, deviceType, location: formatLocation(f.ip, locate(f.ip)) } }, at: at(f.agoMinutes) });
  }

  // The member revealed their session IDs on the laptop they use now (to read one to support).
  const laptop = liveAt("usr_member", at(4 * H));
  if (laptop) {
    const revealed = sessions.filter((s) => s.userId === "usr_member" && s.createdAt < at(4 * H)).length;
    events.push({ type: "TOKENS_REVEALED", subjectUserId: "usr_member", actor: self(laptop), sessionHandle: laptop.handle, ip: laptop.ip, detail: { revealedSessions: revealed, device: device(laptop) }, at: at(4 * H) });
  }

  const staff = await tx.user.findFirst({ where: { email: "support@example.com", role: "SUPPORT" }, select: { id: true } });
  const looked = sessions.find((s) => s.userId === "usr_member" && s.browser === "Mobile Safari" && s.deviceType === "tablet" && s.status === "ACTIVE");
  if (staff && looked) {
    events.push({ type: "SUPPORT_LOOKUP", subjectUserId: "usr_member", actor: { userId: staff.id }, sessionHandle: looked.handle, detail: { device: device(looked) }, at: at(3 * H) });
  }

  events.sort((a, b) => a.at!.getTime() - b.at!.getTime());
  await recordSecurityEvents(tx, events);
}
