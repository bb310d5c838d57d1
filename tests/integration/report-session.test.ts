import { beforeAll, describe, expect, inject, it } from "vitest";
import { getPool } from "@/lib/db/client";
import { listOwnActivity } from "@/lib/security/activity";
import { checkSession, endOwnSession, reportSession } from "@/lib/sessions/store";
import { createAccount, createUser, MINUTE, sessionRow, signIn, UA, type TestUser } from "../helpers/fixtures";

// "Wasn't me?": the reported session and every later one end (reason REPORTED), except the one in
// use; earlier ones and other users' stay; the report and each ending are in the security log,
// all in one transaction.

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

const events = async (userId: string) => {
  const { rows } = await getPool().query<{ type: string; session_handle: string | null; actor_session_handle: string | null; detail: Record<string, unknown> }>(
    "SELECT type, session_handle, actor_session_handle, detail FROM security_events WHERE subject_user_id = $1 AND type <> 'SIGN_IN' ORDER BY id",
    [userId],
  );
  return rows;
};

describe(`reporting a sign-in on ${inject("databaseLabel")}`, () => {
  let accountId: string;
  beforeAll(async () => {
    accountId = await createAccount();
  });

  async function fiveSessions(user: TestUser) {
    const t0 = new Date(Date.now() - 60 * MINUTE);
    const earlier = await signIn(user.id, { at: t0, ip: "85.214.132.117" });
    const inUse = await signIn(user.id, { at: at(t0, MINUTE), ip: "85.214.132.117" });
    const intruder = await signIn(user.id, { at: at(t0, 2 * MINUTE), userAgent: UA.firefoxWindows, ip: "24.48.0.1" });
    const later = await signIn(user.id, { at: at(t0, 3 * MINUTE), userAgent: UA.safariIphone, ip: "24.48.0.1" });
    const alreadyEnded = await signIn(user.id, { at: at(t0, 4 * MINUTE) });
    await endOwnSession({ userId: user.id, sessionId: inUse }, { id: alreadyEnded });
    return { earlier, inUse, intruder, later, alreadyEnded };
  }

  it("ends the reported session and every later one but the one in use; earlier ones and other users' stay", async () => {
    const user = await createUser(accountId);
    const bystander = await createUser(accountId);
    const theirs = await signIn(bystander.id, { at: new Date() });
    const s = await fiveSessions(user);
    // The one in use is older than the intruder here; a newer one in use survives too (below).
    const outcome = await reportSession({ userId: user.id, sessionId: s.inUse, ip: "85.214.132.117" }, { handle: (await sessionRow(s.intruder))!.handle });
    expect(outcome).toEqual({ reported: true, endedSessions: 2 });

    for (const id of [s.intruder, s.later]) {
      expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "REPORTED", ended_by_id: user.id, ended_by_session_id: s.inUse });
      expect(await checkSession(id)).toEqual({ ok: false, reason: "ended" });
    }
    for (const id of [s.earlier, s.inUse, theirs]) expect((await checkSession(id)).ok).toBe(true);
    // An already-ended session keeps the reason it ended with.
    expect(await sessionRow(s.alreadyEnded)).toMatchObject({ status: "TERMINATED", end_reason: "LOGOUT" });

    const log = await events(user.id);
    const inUseHandle = (await sessionRow(s.inUse))!.handle;
    expect(log.filter((e) => e.type !== "SESSION_ENDED" || e.detail.endReason !== "LOGOUT")).toEqual([
      { type: "SESSION_REPORTED", session_handle: (await sessionRow(s.intruder))!.handle, actor_session_handle: inUseHandle, detail: expect.objectContaining({ endedSessions: 2 }) },
      { type: "SESSION_ENDED", session_handle: (await sessionRow(s.later))!.handle, actor_session_handle: inUseHandle, detail: expect.objectContaining({ endReason: "REPORTED" }) },
    ]);
    const words = (await listOwnActivity(user.id, 1)).items.map((e) => e.text);
    expect(words).toContain("You reported the sign-in on Firefox on Windows · Montreal, Canada as not yours and signed out 2 sessions");
  });

  it("keeps the session in use even when it started after the reported one", async () => {
    const user = await createUser(accountId);
    const t0 = new Date(Date.now() - 30 * MINUTE);
    const intruder = await signIn(user.id, { at: t0, userAgent: UA.firefoxWindows });
    const inUse = await signIn(user.id, { at: at(t0, MINUTE) });
    const after = await signIn(user.id, { at: at(t0, 2 * MINUTE) });
    expect(await reportSession({ userId: user.id, sessionId: inUse }, { id: intruder })).toEqual({ reported: true, endedSessions: 2 });
    expect((await checkSession(inUse)).ok).toBe(true);
    expect(await sessionRow(after)).toMatchObject({ end_reason: "REPORTED" });
  });

  it("finds neither the session in use, nor anyone else's, nor a session that does not exist, and changes nothing", async () => {
    const user = await createUser(accountId);
    const other = await createUser(accountId);
    const mine = await signIn(user.id);
    const later = await signIn(user.id, { at: at(new Date(), MINUTE) });
    const theirs = await signIn(other.id, { at: at(new Date(), -MINUTE) });
    const actor = { userId: user.id, sessionId: mine };
    expect(await reportSession(actor, { id: mine })).toEqual({ reported: false });
    expect(await reportSession(actor, { id: theirs })).toEqual({ reported: false });
    expect(await reportSession(actor, { handle: (await sessionRow(theirs))!.handle })).toEqual({ reported: false });
    expect(await reportSession(actor, { id: "A".repeat(32) })).toEqual({ reported: false });
    expect(await reportSession(actor, { id: "" })).toEqual({ reported: false });
    for (const id of [mine, later, theirs]) expect((await checkSession(id)).ok).toBe(true);
    expect(await events(user.id)).toEqual([]);
  });

  it("still ends the later sessions when the reported one had already ended", async () => {
    const user = await createUser(accountId);
    const t0 = new Date(Date.now() - 30 * MINUTE);
    const inUse = await signIn(user.id, { at: t0 });
    const intruder = await signIn(user.id, { at: at(t0, MINUTE) });
    const later = await signIn(user.id, { at: at(t0, 2 * MINUTE) });
    await endOwnSession({ userId: user.id, sessionId: inUse }, { id: intruder });
    expect(await reportSession({ userId: user.id, sessionId: inUse }, { id: intruder })).toEqual({ reported: true, endedSessions: 1 });
    expect(await sessionRow(later)).toMatchObject({ end_reason: "REPORTED" });
  });
});
