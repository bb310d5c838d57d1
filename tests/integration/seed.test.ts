import { beforeAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { DEMO_PASSWORD, seedDemoData } from "@/lib/db/seed";
import { SESSION_ID_PATTERN } from "@/lib/sessions/ids";
import { listOwnActivity } from "@/lib/security/activity";
import { sessionFlags, signInSignals } from "@/lib/sessions/signals";
import { checkSession, listActiveSessions, listSessionHistory } from "@/lib/sessions/store";

// The demo data a fresh start shows: the logins in the README, each with realistic sessions.

const DEMO_LOGINS = [
  { email: "owner@example.com", role: "ACCOUNT_OWNER" },
  { email: "billing@example.com", role: "BILLING_MANAGER" },
  { email: "member@example.com", role: "USER" },
] as const;

const now = new Date();
let seeded: boolean;

beforeAll(async () => {
  // Deliberately with geoip-lite not loaded yet: loading it (seconds on a busy machine) must not
  // happen inside the seed's 5-second transaction (it once did, and the seed failed).
  seeded = await seedDemoData(getDb(), getConfig().session, now);
});

describe(`demo data on ${inject("databaseLabel")}`, () => {
  it("is seeded once", async () => {
    expect(seeded).toBe(true);
    const users = await getDb().user.count();
    const sessions = await getDb().session.count();
    expect(await seedDemoData(getDb(), getConfig().session, now)).toBe(false);
    expect(await getDb().user.count()).toBe(users);
    expect(await getDb().session.count()).toBe(sessions);
  });

  it("has the three demo logins in one account, with their roles and the documented password", async () => {
    const users = await getDb().user.findMany({
      where: { email: { in: DEMO_LOGINS.map((l) => l.email) } },
      select: { email: true, role: true, accountId: true, passwordHash: true },
    });
    expect(users).toHaveLength(3);
    expect(new Set(users.map((u) => u.accountId)).size).toBe(1);
    for (const login of DEMO_LOGINS) {
      const user = users.find((u) => u.email === login.email)!;
      expect(user.role, login.email).toBe(login.role);
      expect(user.passwordHash).not.toContain(DEMO_PASSWORD);
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash), login.email).toBe(true);
      if (login.role === "USER") expect(await verifyPassword(`${DEMO_PASSWORD}x`, user.passwordHash)).toBe(false);
    }
  });

  it("gives every demo user live sessions from different places and a history with expired and terminated ones", async () => {
    for (const login of DEMO_LOGINS) {
      const user = await getDb().user.findUniqueOrThrow({ where: { email: login.email }, select: { id: true } });
      const active = await listActiveSessions(user.id, now);
      expect(active.length, login.email).toBeGreaterThanOrEqual(2);
      for (const session of active) {
        expect(session.id).toMatch(SESSION_ID_PATTERN);
        expect(session.browser).not.toBeNull();
        expect(session.country).not.toBeNull();
        // The gate accepts them.
        expect((await checkSession(session.id, now)).ok).toBe(true);
      }

      const history = await listSessionHistory(user.id, 1, now);
      const statuses = new Set(history.items.map((s) => s.status));
      expect(statuses, login.email).toContain("EXPIRED");
      expect(statuses, login.email).toContain("TERMINATED");
      for (const session of history.items) {
        expect(session.endedAt).not.toBeNull();
        expect(session.endReason).not.toBeNull();
        expect((await checkSession(session.id, now)).ok).toBe(false);
      }
      // Different browsers and devices, from public IPs in different countries.
      const all = [...active, ...history.items];
      expect(new Set(all.map((s) => s.browser)).size, login.email).toBeGreaterThanOrEqual(2);
      expect(new Set(all.map((s) => s.country)).size, login.email).toBeGreaterThanOrEqual(2);
    }
  });

  it("shows the member a sign-in to check on first open: flags the rules themselves would give", async () => {
    const member = await getDb().user.findUniqueOrThrow({ where: { email: "member@example.com" }, select: { id: true } });
    const active = await listActiveSessions(member.id, now);
    const flagged = active.filter((s) => sessionFlags(s).length > 0);
    expect(flagged.map((s) => `${s.browser} · ${s.country}: ${sessionFlags(s).join(", ")}`).sort()).toEqual([
      "Edge · DE: new_device, new_location",
      "Mobile Safari · GB: location_changed",
    ]);
    const edge = flagged.find((s) => s.newDevice)!;
    const before = [...active, ...(await listSessionHistory(member.id, 1, now)).items].filter((s) => s.createdAt < edge.createdAt);
    expect(signInSignals(edge, before)).toEqual({ newDevice: true, newLocation: true });
    expect(flagged.find((s) => s.locationChangedAt)!.lastCountry).toBe("FR");
  });

  it("has the support login: staff in no account, with sessions of their own", async () => {
    const staff = await getDb().user.findUniqueOrThrow({
      where: { email: "support@example.com" },
      select: { id: true, role: true, accountId: true, passwordHash: true },
    });
    expect(staff).toMatchObject({ role: "SUPPORT", accountId: null });
    expect(await verifyPassword(DEMO_PASSWORD, staff.passwordHash)).toBe(true);
    expect((await listActiveSessions(staff.id, now)).length).toBeGreaterThanOrEqual(1);
    expect((await listSessionHistory(staff.id, 1, now)).total).toBeGreaterThanOrEqual(1);
  });

  it("has a few weeks of security activity for each demo login, in plain words", async () => {
    const texts = async (email: string) => {
      const user = await getDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      return (await listOwnActivity(user.id, 1, now)).items.map((e) => e.text);
    };
    const member = await texts("member@example.com");
    expect(member.length).toBeGreaterThanOrEqual(6);
    expect(member).toContain("An Account Owner (Olivia Owens) ended your session on Firefox on Windows");
    expect(member).toContain("Someone tried to sign in to your account with a wrong password (from 102.89.34.10)");
    expect(member.some((t) => /^You revealed \d session IDs on Chrome on Linux$/.test(t))).toBe(true);
    expect(member.some((t) => t.startsWith("You signed in on Chrome on Linux · "))).toBe(true);
    expect(await texts("billing@example.com")).toContain("You changed your password and signed out 1 other session");
    expect(await texts("owner@example.com")).toContain("You signed out on Safari on macOS");
  });

  it("has a second account whose sessions the demo account never sees", async () => {
    const owner = await getDb().user.findUniqueOrThrow({ where: { email: "owner@example.com" }, select: { accountId: true } });
    const outsiders = await getDb().user.findMany({ where: { accountId: { not: owner.accountId } }, select: { id: true } });
    expect(outsiders.length).toBeGreaterThanOrEqual(1);
    expect(await getDb().session.count({ where: { userId: { in: outsiders.map((u) => u.id) } } })).toBeGreaterThanOrEqual(1);
  });
});
