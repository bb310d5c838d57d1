import { beforeAll, describe, expect, inject, it } from "vitest";
import type { StaffSession } from "@/lib/auth/session";
import { getDb, getPool } from "@/lib/db/client";
import { describeEnd } from "@/lib/sessions/describe-end";
import { truncateSessionId } from "@/lib/sessions/ids";
import { toApiSession } from "@/lib/sessions/present";
import { checkSession, endSessionBySupport, findSessionForSupport, listSessionHistory, type SupportActor } from "@/lib/sessions/store";
import { lookUpSession } from "@/lib/support/console";
import { createAccount, createStaffUser, createUser, DAY, sessionRow, signIn, UA, type TestUser } from "../helpers/fixtures";

// The support console's store functions (lib/sessions/support.ts) and its lookup limit
// (lib/support/): exact match only, the ending with its note and event in one transaction, and
// a support engineer's name never reaching the user whose session they ended.

let accountId: string;
let member: TestUser;
let owner: TestUser;
let staff: SupportActor & { name: string };

async function staffMember(name: string): Promise<SupportActor & { name: string }> {
  const person = await createStaffUser(name);
  const sessionId = await signIn(person.id, { userAgent: UA.chromeMac, ip: "81.2.69.160" });
  return { userId: person.id, sessionId, sessionHandle: (await sessionRow(sessionId))!.handle, name };
}

/** The same staff member as requireStaff() would hand to the console. */
function staffSession(actor: SupportActor & { name: string }): StaffSession {
  return {
    sessionId: actor.sessionId,
    sessionHandle: actor.sessionHandle,
    ip: "81.2.69.160",
    user: { kind: "staff", id: actor.userId, name: actor.name, email: "staff@brokerbuddha.example", role: "SUPPORT", accountId: null, accountName: null, mustChangePassword: false },
  };
}

/** The support console's events about this user (their sign-ins are recorded too, and are not ours to count). */
async function eventsOf(userId: string) {
  const { rows } = await getPool().query("SELECT * FROM security_events WHERE subject_user_id = $1 AND type::text LIKE 'SUPPORT\\_%' ORDER BY id", [userId]);
  return rows as { type: string; actor_id: string | null; actor_session_handle: string | null; session_handle: string | null; account_id: string | null; detail: Record<string, unknown> }[];
}

beforeAll(async () => {
  accountId = await createAccount("Harbor Insurance Group");
  member = await createUser(accountId);
  owner = await createUser(accountId, "ACCOUNT_OWNER");
  staff = await staffMember("Priya Raman");
});

describe(`support lookups on ${inject("databaseLabel")}`, () => {
  it("finds a session by its exact full ID, and records the lookup for its user", async () => {
    const id = await signIn(member.id, { userAgent: UA.safariIphone, ip: "24.48.0.1" });
    const found = await findSessionForSupport(staff, id);
    expect(found).toMatchObject({
      id,
      status: "ACTIVE",
      account: { id: accountId, name: "Harbor Insurance Group" },
      user: { id: member.id, email: member.email, role: "USER", deactivated: false },
      browser: "Mobile Safari",
      os: "iOS",
      deviceType: "mobile",
      ip: "24.48.0.1",
      endedAt: null,
      endedBy: null,
    });
    expect(found!.location).not.toBe("Unknown");

    const events = await eventsOf(member.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "SUPPORT_LOOKUP",
      actor_id: staff.userId,
      actor_session_handle: staff.sessionHandle,
      session_handle: (await sessionRow(id))!.handle,
      account_id: accountId,
      detail: { device: { browser: "Mobile Safari", os: "iOS", deviceType: "mobile", sessionId: truncateSessionId(id), location: found!.location } },
    });
    expect(JSON.stringify(events)).not.toContain(id);
  });

  it("misses everything but the exact ID: a prefix, a longer string, another case, a handle, a truncated form; a miss records nothing", async () => {
    const id = await signIn(owner.id);
    const swapped = [...id].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
    expect(swapped).not.toBe(id);
    const misses = [id.slice(0, 31), id.slice(1), `${id}A`, ` ${id}`, swapped, (await sessionRow(id))!.handle, truncateSessionId(id), `${id.slice(0, 31)}%`, "", "x".repeat(32)];
    for (const attempt of misses) expect(await findSessionForSupport(staff, attempt), JSON.stringify(attempt)).toBeNull();
    expect(await eventsOf(owner.id)).toEqual([]);
    // Nothing found, nothing changed: the session is still alive.
    expect((await checkSession(id)).ok).toBe(true);
  });

  it("shows how a session ended and by whom (a colleague's or an Account Owner's name included)", async () => {
    const colleague = await staffMember("Jonas Berg");
    const id = await signIn(member.id, { userAgent: UA.firefoxWindows });
    await endSessionBySupport(colleague, id, "Asked by the user on the phone");
    const seen = await findSessionForSupport(staff, id);
    expect(seen).toMatchObject({ status: "TERMINATED", endReason: "SUPPORT", endedBy: { name: "Jonas Berg", role: "SUPPORT", self: false }, endNote: "Asked by the user on the phone", deviceSignedOutAt: null });
    // Staff sessions can be looked up too: they belong to no account.
    expect(await findSessionForSupport(staff, colleague.sessionId)).toMatchObject({ account: null, user: { role: "SUPPORT", name: "Jonas Berg" } });
  });
});

describe(`ending a session from the console on ${inject("databaseLabel")}`, () => {
  it("ends it with reason SUPPORT, the staff member, the redacted note and its event, and the gate refuses it", async () => {
    const id = await signIn(member.id, { userAgent: UA.chromeMac, ip: "73.162.10.4" });
    const note = `User called: lost laptop. Ended ${id} as asked.`;
    const outcome = await endSessionBySupport(staff, id, `  ${note}  `);
    expect(outcome).toMatchObject({ outcome: "ended", session: { id, status: "TERMINATED", endReason: "SUPPORT" } });

    const row = (await sessionRow(id))!;
    const redacted = `User called: lost laptop. Ended ${truncateSessionId(id)} as asked.`;
    expect(row).toMatchObject({ status: "TERMINATED", end_reason: "SUPPORT", ended_by_id: staff.userId, ended_by_session_id: staff.sessionId });
    const { rows } = await getPool().query("SELECT end_note FROM sessions WHERE id = $1", [id]);
    expect(rows[0].end_note).toBe(redacted);

    const ended = (await eventsOf(member.id)).filter((e) => e.type === "SUPPORT_ENDED_SESSION").at(-1)!;
    expect(ended).toMatchObject({
      actor_id: staff.userId,
      actor_session_handle: staff.sessionHandle,
      session_handle: row.handle,
      detail: { endReason: "SUPPORT", note: redacted, device: { browser: "Chrome", os: "macOS", sessionId: truncateSessionId(id) } },
    });
    expect(JSON.stringify(ended)).not.toContain(id);
    expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
  });

  it("writes the ending and its event in one transaction: when the event cannot be written, the session stays alive", async () => {
    const id = await signIn(member.id);
    await getPool().query(`
      CREATE FUNCTION test_refuse_support_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'SUPPORT_ENDED_SESSION' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_refuse_support_event BEFORE INSERT ON security_events FOR EACH ROW EXECUTE FUNCTION test_refuse_support_event();`);
    try {
      await expect(endSessionBySupport(staff, id, "Should roll back")).rejects.toThrow();
    } finally {
      await getPool().query("DROP TRIGGER test_refuse_support_event ON security_events; DROP FUNCTION test_refuse_support_event();");
    }
    expect(await sessionRow(id)).toMatchObject({ status: "ACTIVE", end_reason: null, ended_by_id: null });
    expect((await checkSession(id)).ok).toBe(true);
  });

  it("leaves an ended or expired session alone (already-ended) and an unknown one (not-found), writing nothing", async () => {
    const signedOut = await signIn(member.id);
    await getPool().query("UPDATE sessions SET status = 'TERMINATED', end_reason = 'SIGN_OUT', ended_at = now() WHERE id = $1", [signedOut]);
    const expired = await signIn(member.id, { at: new Date(Date.now() - 40 * DAY) });
    const before = (await eventsOf(member.id)).length;
    expect(await endSessionBySupport(staff, signedOut, "Too late")).toEqual({ outcome: "already-ended" });
    expect(await endSessionBySupport(staff, expired, "Too late")).toEqual({ outcome: "already-ended" });
    expect(await endSessionBySupport(staff, "A".repeat(32), "Nobody")).toEqual({ outcome: "not-found" });
    expect(await sessionRow(signedOut)).toMatchObject({ end_reason: "SIGN_OUT", ended_by_id: null });
    expect(await sessionRow(expired)).toMatchObject({ status: "ACTIVE", end_reason: null });
    expect(await eventsOf(member.id)).toHaveLength(before);
    await expect(endSessionBySupport(staff, signedOut, "   ")).rejects.toThrow(RangeError);
    await expect(endSessionBySupport(staff, signedOut, "x".repeat(501))).rejects.toThrow(RangeError);
  });

  it("two staff members ending the same session at once: one ends it, the other is told it already had", async () => {
    const colleague = await staffMember("Jonas Berg");
    const id = await signIn(member.id);
    const outcomes = await Promise.all([endSessionBySupport(staff, id, "First"), endSessionBySupport(colleague, id, "Second")]);
    const kinds = outcomes.map((o) => o.outcome).sort();
    expect(kinds).toEqual(["already-ended", "ended"]);
    const winner = outcomes[0]!.outcome === "ended" ? staff : colleague;
    expect((await sessionRow(id))!.ended_by_id).toBe(winner.userId);
    const handle = (await sessionRow(id))!.handle;
    const events = (await eventsOf(member.id)).filter((e) => e.type === "SUPPORT_ENDED_SESSION" && e.session_handle === handle);
    expect(events.map((e) => e.actor_id)).toEqual([winner.userId]);
  });

  it("never names the staff member to the user: history, its wording and the JSON API say Broker Buddha support, with the note", async () => {
    const user = await createUser(accountId);
    const id = await signIn(user.id);
    await endSessionBySupport(staff, id, "You asked us to sign out your old phone.");
    const { items } = await listSessionHistory(user.id, 1);
    const item = items.find((s) => s.id === id)!;
    expect(item).toMatchObject({ endReason: "SUPPORT", endedBy: null, endedById: null, endNote: "You asked us to sign out your old phone." });
    expect(describeEnd(item)).toBe("Ended by Broker Buddha support");
    const api = toApiSession(item, "another-session");
    expect(api).toMatchObject({ endReason: "SUPPORT", endedBy: null, endNote: "You asked us to sign out your old phone." });
    const everything = JSON.stringify({ item, api });
    expect(everything).not.toContain(staff.name);
    expect(everything).not.toContain(staff.userId);
    expect(everything).not.toContain(staff.sessionId);
  });
});

describe(`the lookup limit on ${inject("databaseLabel")}`, () => {
  it("refuses the 31st lookup in a minute, counting hits, misses and malformed IDs; another staff member is unaffected", async () => {
    const busy = await staffMember("Busy Bee");
    const calm = await staffMember("Calm Cat");
    const real = await signIn(member.id);
    const attempts = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? real : i % 3 === 1 ? "B".repeat(32) : "not an id"));
    const results = [];
    for (const attempt of attempts) results.push((await lookUpSession(staffSession(busy), attempt)).kind);
    expect(results).toEqual(attempts.map((a) => (a === real ? "found" : a === "not an id" ? "invalid-id" : "not-found")));

    const refused = await lookUpSession(staffSession(busy), real);
    expect(refused.kind).toBe("limited");
    if (refused.kind === "limited") expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    if (refused.kind === "limited") expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The refused lookup saw nothing and recorded nothing: 10 lookups, 10 events.
    const lookups = (await eventsOf(member.id)).filter((e) => e.type === "SUPPORT_LOOKUP" && e.actor_id === busy.userId);
    expect(lookups).toHaveLength(10);

    expect((await lookUpSession(staffSession(calm), real)).kind).toBe("found");
  });
});
