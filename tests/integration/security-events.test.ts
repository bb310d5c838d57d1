import { beforeAll, describe, expect, inject, it } from "vitest";
import { getDb, getPool } from "@/lib/db/client";
import { recordSecurityEvents, redactSessionIds } from "@/lib/security/events";
import { createAccount, createUser, signIn, sessionRow, type TestUser } from "../helpers/fixtures";

// The security activity log's writer (lib/security/events.ts) and the table's own guarantees:
// events are appended in the caller's transaction, stamped with the subject's account, carry no
// full session ID, and can never be changed afterwards.

let accountId: string;
let member: TestUser;
let owner: TestUser;

beforeAll(async () => {
  accountId = await createAccount();
  member = await createUser(accountId);
  owner = await createUser(accountId, "ACCOUNT_OWNER");
});

async function eventsOf(userId: string) {
  const { rows } = await getPool().query("SELECT * FROM security_events WHERE subject_user_id = $1 ORDER BY id", [userId]);
  return rows;
}

describe(`security events on ${inject("databaseLabel")}`, () => {
  it("appends events stamped with the subject's account, with actor, session handle, IP and detail", async () => {
    const session = await signIn(member.id);
    const handle = (await sessionRow(session))!.handle;
    await recordSecurityEvents(getDb(), [
      { type: "SIGN_IN", subjectUserId: member.id, actor: { userId: member.id, sessionHandle: handle }, sessionHandle: handle, ip: "203.0.113.9" },
      { type: "MEMBER_SESSIONS_ENDED", subjectUserId: member.id, actor: { userId: owner.id }, detail: { endedSessions: 2 } },
    ]);
    // The sign-in itself (createSession) wrote the first SIGN_IN; these are the two written here.
    const rows = (await eventsOf(member.id)).slice(-2);
    expect(rows.map((r) => r.type)).toEqual(["SIGN_IN", "MEMBER_SESSIONS_ENDED"]);
    expect(rows[0]).toMatchObject({ account_id: accountId, actor_id: member.id, actor_session_handle: handle, session_handle: handle, ip: "203.0.113.9", detail: {} });
    expect(rows[1]).toMatchObject({ account_id: accountId, actor_id: owner.id, detail: { endedSessions: 2 } });
  });

  it("writes in the caller's transaction: a change that rolls back leaves no event", async () => {
    const before = (await eventsOf(owner.id)).length;
    await expect(
      getDb().$transaction(async (tx) => {
        await recordSecurityEvents(tx, [{ type: "PASSWORD_CHANGED", subjectUserId: owner.id, actor: { userId: owner.id } }]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await eventsOf(owner.id)).toHaveLength(before);
  });

  it("throws when an event cannot be written (its subject is gone), so the change rolls back with it", async () => {
    const gone = await createUser(accountId);
    await getPool().query("DELETE FROM users WHERE id = $1", [gone.id]);
    const session = await signIn(owner.id);
    await expect(
      getDb().$transaction(async (tx) => {
        await tx.session.update({ where: { id: session }, data: { status: "TERMINATED", endedAt: new Date(), endReason: "LOGOUT" } });
        await recordSecurityEvents(tx, [
          { type: "SESSION_ENDED", subjectUserId: owner.id, detail: { endReason: "LOGOUT" } },
          { type: "SESSION_ENDED", subjectUserId: gone.id, detail: { endReason: "LOGOUT" } },
        ]);
      }),
    ).rejects.toThrow(/not recorded: 1 of 2/);
    expect((await sessionRow(session))!.status).toBe("ACTIVE");
    expect((await eventsOf(owner.id)).filter((e) => e.type === "SESSION_ENDED")).toEqual([]);
  });

  it("keeps full session IDs out: a note is redacted, a described session shows its truncated ID", async () => {
    const id = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    await recordSecurityEvents(getDb(), [
      {
        type: "SUPPORT_ENDED_SESSION",
        subjectUserId: member.id,
        detail: { note: `User asked; session ${id} ended`, device: { browser: "Chrome", os: "macOS", sessionId: id } },
      },
    ]);
    const row = (await eventsOf(member.id)).at(-1)!;
    expect(JSON.stringify(row)).not.toContain(id);
    expect(row.detail.note).toBe(`User asked; session ${redactSessionIds(id)} ended`);
    expect(row.detail.device.sessionId).toBe("AbCdEf…2345");
  });

  it("refuses to change a recorded event", async () => {
    const [first] = await eventsOf(member.id);
    await expect(getPool().query("UPDATE security_events SET ip = '6.6.6.6' WHERE id = $1", [first.id])).rejects.toThrow(/append-only/);
    await expect(getPool().query("UPDATE security_events SET detail = '{}' WHERE subject_user_id = $1", [member.id])).rejects.toThrow(/append-only/);
    expect((await eventsOf(member.id))[0].ip).toBe(first.ip);
  });

  it("keeps staff out of accounts: a SUPPORT user has no account, and nobody else lacks one", async () => {
    const staff = `usr_staff_${Date.now()}`;
    await getPool().query("INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ($1, NULL, $2, 'Sam Support', 'x', 'SUPPORT')", [staff, `${staff}@brokerbuddha.example`]);
    await expect(
      getPool().query("INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ('usr_x1', NULL, 'x1@example.com', 'X', 'x', 'USER')"),
    ).rejects.toThrow(/users_staff_have_no_account/);
    await expect(
      getPool().query("INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ('usr_x2', $1, 'x2@example.com', 'X', 'x', 'SUPPORT')", [accountId]),
    ).rejects.toThrow(/users_staff_have_no_account/);
    await recordSecurityEvents(getDb(), [{ type: "SIGN_IN", subjectUserId: staff }]);
    expect((await eventsOf(staff))[0]).toMatchObject({ account_id: null });
  });
});
