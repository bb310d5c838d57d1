import { beforeAll, describe, expect, inject, it } from "vitest";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/client";
import { flagBadges } from "@/lib/sessions/flag-words";
import { toApiSession } from "@/lib/sessions/present";
import { checkSession, confirmNewSignIn, findOwnSession, pendingNewSignIn } from "@/lib/sessions/store";
import { createAccount, createUser, DAY, MINUTE, sessionRow, signIn, UA } from "../helpers/fixtures";

// The signals on a session: New device and New location worked out in the sign-in's own
// transaction, Location changed by the gate's once-a-minute touch.

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const BERLIN = "85.214.132.117";
const MONTREAL = "24.48.0.1";
const SYDNEY = "139.130.4.5";

const signals = async (id: string) => {
  const { rows } = await getPool().query(
    "SELECT new_device, new_location, last_ip, last_city, last_country, location_changed_at FROM sessions WHERE id = $1",
    [id],
  );
  return rows[0] as { new_device: boolean; new_location: boolean; last_ip: string | null; last_city: string | null; last_country: string | null; location_changed_at: Date | null };
};

describe(`sign-in signals on ${inject("databaseLabel")}`, () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount();
  });

  it("flags nothing on a user's first sign-in, then flags a new browser and a new country", async () => {
    const user = await createUser(accountId);
    const t0 = new Date("2026-06-01T09:00:00.000Z");
    const first = await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: t0 });
    expect(await signals(first)).toMatchObject({ new_device: false, new_location: false });

    const sameAgain = await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: at(t0, DAY) });
    expect(await signals(sameAgain)).toMatchObject({ new_device: false, new_location: false });

    const stranger = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, 2 * DAY) });
    expect(await signals(stranger)).toMatchObject({ new_device: true, new_location: true });

    // Once used, the same browser and country are no longer new.
    const again = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, 3 * DAY) });
    expect(await signals(again)).toMatchObject({ new_device: false, new_location: false });
  });

  it("forgets a device and a place not used in the previous 90 days", async () => {
    const user = await createUser(accountId);
    const t0 = new Date("2026-01-01T09:00:00.000Z");
    await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: t0 });
    await signIn(user.id, { userAgent: UA.safariIphone, ip: SYDNEY, at: at(t0, 100 * DAY) });
    const back = await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: at(t0, 100 * DAY + MINUTE) });
    expect(await signals(back)).toMatchObject({ new_device: true, new_location: true });
  });

  it("does not count a sign-in the user reported as not theirs", async () => {
    const user = await createUser(accountId);
    const t0 = new Date("2026-06-01T09:00:00.000Z");
    await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: t0 });
    const intruder = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, MINUTE) });
    await getPool().query("UPDATE sessions SET status = 'TERMINATED', end_reason = 'REPORTED', ended_at = $2 WHERE id = $1", [intruder, at(t0, 2 * MINUTE)]);
    const back = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, 3 * MINUTE) });
    expect(await signals(back)).toMatchObject({ new_device: true, new_location: true });
  });

  it("never calls a private address a new location", async () => {
    const user = await createUser(accountId);
    await signIn(user.id, { ip: BERLIN });
    expect(await signals(await signIn(user.id, { ip: "192.168.1.20" }))).toMatchObject({ new_location: false });
  });
});

describe(`location changed, at the gate's touch, on ${inject("databaseLabel")}`, () => {
  const { touchIntervalMs } = getConfig().session;
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount();
  });

  it("records the latest address at the touch and flags a move to another country once", async () => {
    const user = await createUser(accountId);
    const t0 = new Date("2026-06-01T09:00:00.000Z");
    const id = await signIn(user.id, { ip: BERLIN, at: t0 });

    // Between touches nothing is written, whatever the address.
    expect((await checkSession(id, at(t0, 1000), MONTREAL)).ok).toBe(true);
    expect(await signals(id)).toMatchObject({ last_ip: null, location_changed_at: null });

    // The same address at the touch: no place looked up, nothing flagged.
    const t1 = at(t0, touchIntervalMs);
    expect((await checkSession(id, t1, BERLIN)).ok).toBe(true);
    expect(await signals(id)).toMatchObject({ last_ip: null, location_changed_at: null });

    const t2 = at(t1, touchIntervalMs);
    expect((await checkSession(id, t2, MONTREAL)).ok).toBe(true);
    expect(await signals(id)).toMatchObject({ last_ip: MONTREAL, last_country: "CA", location_changed_at: t2 });

    // Back home: the latest place follows, the flag (and when it was first raised) stays.
    const t3 = at(t2, touchIntervalMs);
    expect((await checkSession(id, t3, BERLIN)).ok).toBe(true);
    expect(await signals(id)).toMatchObject({ last_ip: BERLIN, last_city: "Berlin", last_country: "DE", location_changed_at: t2 });
  });

  it("records a new address in the same country without flagging it", async () => {
    const user = await createUser(accountId);
    const t0 = new Date("2026-06-01T09:00:00.000Z");
    const id = await signIn(user.id, { ip: BERLIN, at: t0 });
    await checkSession(id, at(t0, touchIntervalMs), "85.214.132.1");
    expect(await signals(id)).toMatchObject({ last_ip: "85.214.132.1", last_country: "DE", location_changed_at: null });
  });

  it("does not flag a session that signed in from a private address, or an unknown request address", async () => {
    const user = await createUser(accountId);
    const t0 = new Date("2026-06-01T09:00:00.000Z");
    const id = await signIn(user.id, { ip: "10.0.0.7", at: t0 });
    await checkSession(id, at(t0, touchIntervalMs), MONTREAL);
    expect(await signals(id)).toMatchObject({ last_ip: MONTREAL, last_country: "CA", location_changed_at: null });
    await checkSession(id, at(t0, 2 * touchIntervalMs), "0.0.0.0");
    expect(await signals(id)).toMatchObject({ last_ip: MONTREAL });
    expect((await sessionRow(id))!.last_active_at).toEqual(at(t0, 2 * touchIntervalMs));
  });
});

describe(`signals as the pages and the API show them, on ${inject("databaseLabel")}`, () => {
  it("lists a session's flags in the JSON API and words them for the badges; nobody else's session is found", async () => {
    const accountId = await createAccount();
    const user = await createUser(accountId);
    const stranger = await createUser(accountId);
    const { touchIntervalMs } = getConfig().session;
    const t0 = new Date(Date.now() - 10 * MINUTE);
    const home = await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: t0 });
    const away = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, MINUTE) });
    await checkSession(away, at(t0, MINUTE + touchIntervalMs), SYDNEY);

    const view = await findOwnSession(user.id, away);
    expect(toApiSession(view!, home).flags).toEqual(["new_device", "new_location", "location_changed"]);
    expect(flagBadges(view!)).toEqual([
      { flag: "new_device", label: "New device", explanation: "You had not signed in with Firefox on Windows in the 90 days before this sign-in." },
      { flag: "new_location", label: "New location", explanation: "You had not signed in from Montreal, Canada in the 90 days before this sign-in." },
      {
        flag: "location_changed",
        label: "Location changed",
        explanation: `Signed in from Montreal, Canada, this session was later used from another country. Latest: Gold Coast, Australia (${SYDNEY}).`,
      },
    ]);
    expect(toApiSession((await findOwnSession(user.id, home))!, home).flags).toEqual([]);
    expect(await findOwnSession(stranger.id, away)).toBeNull();
  });
});

describe(`"Was this you?" on ${inject("databaseLabel")}`, () => {
  it("asks the sessions that were there before a new sign-in, until the user says yes on any of them", async () => {
    const accountId = await createAccount();
    const user = await createUser(accountId);
    const other = await createUser(accountId);
    const t0 = new Date(Date.now() - 30 * MINUTE);
    const laptop = await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: t0 });
    const phone = await signIn(user.id, { userAgent: UA.chromeMac, ip: BERLIN, at: at(t0, MINUTE) });
    expect(await pendingNewSignIn(user.id, laptop)).toBeNull();

    const stranger = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, 2 * MINUTE) });
    const afterIt = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: MONTREAL, at: at(t0, 3 * MINUTE) });
    const asked = await pendingNewSignIn(user.id, laptop);
    expect(asked).toMatchObject({ handle: (await sessionRow(stranger))!.handle, browser: "Firefox", os: "Windows", city: "Montreal", country: "CA", laterSessions: 1 });
    expect(asked).not.toHaveProperty("id");
    expect((await pendingNewSignIn(user.id, phone))?.handle).toBe(asked!.handle);
    // The new sign-in itself, and a session that started after it, are not asked.
    expect(await pendingNewSignIn(user.id, stranger)).toBeNull();
    expect(await pendingNewSignIn(user.id, afterIt)).toBeNull();

    // Someone else cannot answer for this user.
    expect(await confirmNewSignIn(other.id, asked!.handle)).toBe(false);
    expect(await pendingNewSignIn(user.id, laptop)).not.toBeNull();
    expect(await confirmNewSignIn(user.id, asked!.handle)).toBe(true);
    expect(await pendingNewSignIn(user.id, laptop)).toBeNull();
    expect(await pendingNewSignIn(user.id, phone)).toBeNull();
  });
});
