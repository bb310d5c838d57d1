import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { E2E } from "./env.mjs";
import { apiSignIn, callAction, findAction, formData } from "./support/auth";
import {
  createAccount,
  createStaff,
  createUser,
  db,
  eventsSince,
  insertSession,
  snapshotEvents,
  snapshotSessions,
  snapshotUsers,
  type SessionRow,
  type StaffTestUser,
  type TestUser,
} from "./support/db";

// The authorization matrix: every role (the three of a customer account, and Broker Buddha
// support staff) × every action × every kind of target, through the JSON API and through the
// pages' Server Actions called over HTTP as a browser would (Next-Action), including calls the
// UI never makes. For every refusal, the sessions table and the security activity log must be
// unchanged; for every allowed call, exactly the expected rows must change. The table of what
// was tried and what came back is written to <output dir>/authorization-matrix.md.

const BASE = `http://localhost:${E2E.portA}`;
type Role = TestUser["role"];
const ROLE_LABEL: Record<Role, string> = { USER: "User", BILLING_MANAGER: "Billing Manager", ACCOUNT_OWNER: "Account Owner" };

type Row = { role: string; action: string; via: string; target: string; tried: string; returned: string; expected: string; db: string; users: string; events: string };
const rows: Row[] = [];

let acct: Awaited<ReturnType<typeof createAccount>>;
let other: Awaited<ReturnType<typeof createAccount>>;
let peer: TestUser;
let staff: StaffTestUser;
let colleague: StaffTestUser;
let everyone: string[];

test.beforeAll(async () => {
  acct = await createAccount("authz");
  other = await createAccount("authz-other");
  peer = await createUser(acct.accountId, "USER", `authz-peer-${Date.now()}`, "Pat Peer");
  staff = await createStaff("authz", "Sam Support");
  colleague = await createStaff("authz-colleague", "Cleo Colleague");
  everyone = [acct.owner, acct.billing, acct.member, peer, other.owner, other.billing, other.member, staff, colleague].map((u) => u.id);
});

test.afterAll(async () => {
  const out = path.resolve(process.env.PW_OUTPUT_DIR ?? "test-results");
  mkdirSync(out, { recursive: true });
  const header = "| role | action | via | target | tried | returned | expected | sessions table | users table | security events |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  const esc = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
  const body = rows.map((r) => `| ${[r.role, r.action, r.via, r.target, r.tried, r.returned, r.expected, r.db, r.users, r.events].map(esc).join(" | ")} |`).join("\n");
  writeFileSync(path.join(out, "authorization-matrix.md"), `${header}${body}\n`);
});

/** The value a Server Action returned, from its RSC response (row 0 names the row of the result). */
function actionResult(body: string): unknown {
  const head = /^0:(.*)$/m.exec(body);
  if (!head) return null;
  try {
    const ref = (JSON.parse(head[1]!) as { a?: string }).a;
    const id = ref?.startsWith("$@") ? ref.slice(2) : null;
    const line = id ? new RegExp(`^${id}:(.*)$`, "m").exec(body) : null;
    return line ? JSON.parse(line[1]!) : null;
  } catch {
    return null;
  }
}

function describeResult(status: number, value: unknown): string {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const bits = [v.status, v.code, v.error, typeof v.shown === "boolean" ? `shown=${v.shown}` : null]
      .filter((b) => b !== undefined && b !== null)
      .map(String);
    if (v.ids && typeof v.ids === "object") bits.push(`${Object.keys(v.ids).length} id(s)`);
    return `${status} {${bits.join(", ")}}`;
  }
  return String(status);
}

/**
 * Runs one attempt and checks the sessions table changed in exactly `changes` rows, the users
 * table in exactly `userChanges` rows, by e-mail, and that the security activity log gained
 * exactly the `events` given, by type (none of any when refused). `events` defaults to none for
 * a call that changes nothing, and is not checked for the other allowed calls unless given.
 */
async function attempt(
  meta: Omit<Row, "db" | "returned" | "users" | "events">,
  run: () => Promise<{ returned: string; ok: boolean }>,
  changes: () => Promise<string[]> | string[] = () => [],
  userChanges: string[] = [],
  events?: readonly string[] | "any",
) {
  const expectedChanges = new Set(await changes());
  const expectedEvents = events ?? (expectedChanges.size > 0 || userChanges.length > 0 ? "any" : []);
  const before = await snapshotSessions(everyone);
  const usersBefore = await snapshotUsers();
  const eventsBefore = await snapshotEvents();
  const { returned, ok } = await run();
  const after = await snapshotSessions(everyone);
  const usersAfter = await snapshotUsers();
  const newEvents = (await eventsSince(eventsBefore)).map((e) => e.type);
  const eventsNow = await snapshotEvents();
  const byId = new Map(before.map((r) => [r.id, r]));
  const changed = after.filter((r) => JSON.stringify(r) !== JSON.stringify(byId.get(r.id) as SessionRow)).map((r) => r.id);
  const userByEmail = new Map(usersBefore.map((u) => [u.email, JSON.stringify(u)]));
  const usersChanged = [
    ...usersAfter.filter((u) => JSON.stringify(u) !== userByEmail.get(u.email)).map((u) => u.email),
    ...usersBefore.filter((u) => !usersAfter.some((a) => a.email === u.email)).map((u) => u.email),
  ];
  const dbNote = changed.length === 0 ? "unchanged" : `${changed.length} row(s) ended`;
  const usersNote = usersChanged.length === 0 ? "unchanged" : `${usersChanged.length} row(s) added or changed`;
  const eventsNote = newEvents.length === 0 ? "unchanged" : `+ ${newEvents.join(", ")}`;
  rows.push({ ...meta, returned, db: dbNote, users: usersNote, events: eventsNote });
  expect.soft(ok, `${meta.role} · ${meta.action} · ${meta.via} · ${meta.target}: got ${returned}`).toBe(true);
  expect.soft(new Set(changed), `${meta.role} · ${meta.action} · ${meta.via} · ${meta.target}: rows changed`).toEqual(expectedChanges);
  expect.soft(new Set(usersChanged), `${meta.role} · ${meta.action} · ${meta.via} · ${meta.target}: users changed`).toEqual(new Set(userChanges));
  // The log is append-only: only new rows, never fewer.
  expect.soft(eventsNow.count, `${meta.role} · ${meta.action} · ${meta.via} · ${meta.target}: events appended`).toBe(eventsBefore.count + newEvents.length);
  if (expectedEvents !== "any") {
    expect.soft(newEvents, `${meta.role} · ${meta.action} · ${meta.via} · ${meta.target}: security events written`).toEqual(expectedEvents);
  }
}

const madeUpId = () => Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
const madeUpHandle = () => Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("base64url");

async function activeOf(userId: string, except?: string) {
  const { rows: r } = await db().query<{ id: string }>(
    "SELECT id FROM sessions WHERE user_id = $1 AND status = 'ACTIVE' AND expires_at > now() AND id <> $2",
    [userId, except ?? ""],
  );
  return r.map((x) => x.id);
}

async function currentSessionId(ctx: APIRequestContext): Promise<string> {
  const body = (await (await ctx.get("/api/sessions")).json()) as { active: { id: string; current: boolean }[] };
  return body.active.find((s) => s.current)!.id;
}

for (const role of ["USER", "BILLING_MANAGER", "ACCOUNT_OWNER"] as const) {
  test(`authorization matrix: ${ROLE_LABEL[role]}`, async () => {
    const actor = role === "USER" ? acct.member : role === "BILLING_MANAGER" ? acct.billing : acct.owner;
    const R = ROLE_LABEL[role];
    const ctx = await apiSignIn(BASE, actor.email, actor.password);
    const current = await currentSessionId(ctx);
    const outsider = other.member;
    const isOwner = role === "ACCOUNT_OWNER";

    // ---------- list ----------
    {
      const own = await insertSession(actor.id);
      const theirs = await insertSession(peer.id);
      const foreign = await insertSession(outsider.id);
      await attempt({ role: R, action: "list", via: "API GET /api/sessions", target: "own / member's / other account's", tried: "GET /api/sessions", expected: "200, only own sessions" }, async () => {
        const res = await ctx.get("/api/sessions");
        const text = await res.text();
        const ids = (JSON.parse(text) as { active: { id: string }[] }).active.map((s) => s.id);
        const ok = res.status() === 200 && ids.includes(own.id) && ids.includes(current) && !text.includes(theirs.id) && !text.includes(foreign.id);
        return { ok, returned: `${res.status()}, ${ids.length} active (own only: ${ok})` };
      });
      await attempt({ role: R, action: "list", via: "API GET /api/sessions", target: "malformed page", tried: "GET /api/sessions?page=-1", expected: "400" }, async () => {
        const res = await ctx.get("/api/sessions?page=-1");
        return { ok: res.status() === 400, returned: `${res.status()} ${JSON.stringify(await res.json())}` };
      });
      await attempt({ role: R, action: "list", via: "page /settings/sessions", target: "own / member's / other account's", tried: "GET /settings/sessions", expected: "200; no full ID at all, no other user's handle" }, async () => {
        const res = await ctx.get("/settings/sessions");
        const html = await res.text();
        const leaks = [current, own.id, theirs.id, foreign.id, theirs.handle, foreign.handle].filter((s) => html.includes(s));
        return { ok: res.status() === 200 && leaks.length === 0, returned: `${res.status()}, leaked values: ${leaks.length}` };
      });
      const memberPages: [string, string, number][] = [
        ["own", actor.id, isOwner ? 307 : 404],
        ["member's", peer.id, isOwner ? 200 : 404],
        ["other account's", outsider.id, 404],
        ["made-up id", "usr_0000000000000000000000000000dead", 404],
        ["malformed id", "..%2F%2E%2E%2Fadmin", 404],
      ];
      for (const [target, id, expected] of memberPages) {
        await attempt({ role: R, action: "list member's sessions", via: "page /settings/users/[userId]", target, tried: `GET /settings/users/${id}`, expected: String(expected) }, async () => {
          const res = await ctx.get(`/settings/users/${id}`, { maxRedirects: 0 });
          const html = await res.text();
          const leaks = [theirs.id, foreign.id, foreign.handle].filter((s) => html.includes(s));
          const location = res.headers()["location"] ?? "";
          const ok = res.status() === expected && leaks.length === 0 && (expected !== 307 || location.endsWith("/settings/sessions"));
          return { ok, returned: `${res.status()}${location ? ` → ${new URL(location, BASE).pathname}` : ""}${leaks.length ? `, leaked ${leaks.length}` : ""}` };
        });
      }
    }

    // ---------- reveal ----------
    {
      const own = await insertSession(actor.id);
      const theirs = await insertSession(peer.id);
      const foreign = await insertSession(outsider.id);
      const reveal: [string, string[], (ids: Record<string, string>) => boolean, string][] = [
        ["own", [own.handle], (ids) => ids[own.handle] === own.id, "own full ID"],
        ["member's", [theirs.handle], (ids) => Object.keys(ids).length === 0, "nothing"],
        ["other account's", [foreign.handle], (ids) => Object.keys(ids).length === 0, "nothing"],
        ["made-up handle", [madeUpHandle()], (ids) => Object.keys(ids).length === 0, "nothing"],
        ["malformed handle", ["<script>"], (ids) => Object.keys(ids).length === 0, "nothing / error"],
        ["own + member's + other's mixed", [own.handle, theirs.handle, foreign.handle], (ids) => Object.keys(ids).length === 1 && ids[own.handle] === own.id, "own only"],
      ];
      for (const [target, handles, check, expected] of reveal) {
        await attempt({ role: R, action: "reveal", via: "action revealSessionIdsAction", target, tried: `intent=show handle=${handles.length} handle(s)`, expected }, async () => {
          const fd = formData({ intent: "show" });
          for (const h of handles) fd.append("handle", h);
          const res = await callAction(ctx, "/settings/sessions", "revealSessionIdsAction", [{ shown: false, ids: {} }, fd]);
          const value = actionResult(res.body) as { ids?: Record<string, string> } | null;
          const leaked = [theirs.id, foreign.id].some((s) => res.body.includes(s));
          return { ok: res.status === 200 && !!value && check(value.ids ?? {}) && !leaked, returned: describeResult(res.status, value) };
        }, () => [], [], handles.includes(own.handle) ? "any" : []);
      }
    }

    // ---------- end one ----------
    {
      const targets = async () => ({ own: await insertSession(actor.id), theirs: await insertSession(peer.id), foreign: await insertSession(outsider.id) });
      let t = await targets();
      const api: [string, () => string, number, () => string[]][] = [
        ["own", () => t.own.id, 200, () => [t.own.id]],
        ["member's", () => t.theirs.id, 404, () => []],
        ["other account's", () => t.foreign.id, 404, () => []],
        ["member's handle as id", () => t.theirs.handle, 404, () => []],
        ["made-up id", madeUpId, 404, () => []],
        ["malformed id", () => "not-a-session-id", 404, () => []],
        ["malformed id (traversal)", () => "..%2F..%2Fapi%2Fsessions", 404, () => []],
      ];
      for (const [target, id, expected, changes] of api) {
        const value = id();
        await attempt({ role: R, action: "end one", via: "API DELETE /api/sessions/{id}", target, tried: `DELETE /api/sessions/${value.length > 20 ? `${value.slice(0, 6)}…` : value}`, expected: String(expected) }, async () => {
          const res = await ctx.delete(`/api/sessions/${value}`);
          const text = await res.text();
          return { ok: res.status() === expected && !/stack|prisma|select /i.test(text), returned: `${res.status()} ${text.slice(0, 60)}` };
        }, changes);
      }
      // "Wasn't me?" for scripts: own (an older session: it alone ends), never the one in use or anyone else's.
      t = await targets();
      const report: [string, () => string, number, () => string[]][] = [
        ["own", () => t.own.id, 200, () => [t.own.id]],
        ["the session in use", () => current, 404, () => []],
        ["member's", () => t.theirs.id, 404, () => []],
        ["other account's", () => t.foreign.id, 404, () => []],
        ["member's handle as id", () => t.theirs.handle, 404, () => []],
        ["made-up id", madeUpId, 404, () => []],
        ["malformed id", () => "not-a-session-id", 404, () => []],
      ];
      for (const [target, id, expected, changes] of report) {
        const value = id();
        await attempt({ role: R, action: "report", via: "API POST /api/sessions/{id}/report", target, tried: `POST /api/sessions/${value.length > 20 ? `${value.slice(0, 6)}…` : value}/report`, expected: String(expected) }, async () => {
          const res = await ctx.post(`/api/sessions/${value}/report`);
          const text = await res.text();
          return { ok: res.status() === expected && text.startsWith("{") && !/stack|prisma|select /i.test(text), returned: `${res.status()} ${text.slice(0, 60)}` };
        }, changes);
      }
      t = await targets();
      const action: [string, () => string, boolean, () => string[]][] = [
        ["own", () => t.own.handle, true, () => [t.own.id]],
        ["member's", () => t.theirs.handle, false, () => []],
        ["other account's", () => t.foreign.handle, false, () => []],
        ["full session ID instead of handle", () => t.foreign.id, false, () => []],
        ["made-up handle", madeUpHandle, false, () => []],
        ["malformed handle", () => "'; DROP TABLE sessions;--", false, () => []],
      ];
      for (const [target, handle, allowed, changes] of action) {
        await attempt({ role: R, action: "end one", via: "action endSessionAction", target, tried: "handle=<target>", expected: allowed ? "ended" : "error, nothing changed" }, async () => {
          const res = await callAction(ctx, "/settings/sessions", "endSessionAction", [{ status: "idle", message: "" }, formData({ handle: handle() })]);
          const value = actionResult(res.body) as { status?: string } | null;
          return { ok: res.status === 200 && value?.status === (allowed ? "ended" : "error"), returned: describeResult(res.status, value) };
        }, changes);
      }
    }

    // ---------- end all others ----------
    {
      const own = await insertSession(actor.id);
      const theirs = await insertSession(peer.id);
      const foreign = await insertSession(outsider.id);
      await attempt({ role: R, action: "end all others", via: "action signOutOtherSessionsAction", target: "no confirm", tried: "(no confirm field)", expected: "error, nothing changed" }, async () => {
        const res = await callAction(ctx, "/settings/sessions", "signOutOtherSessionsAction", [{ status: "idle", message: "" }, formData({})]);
        const value = actionResult(res.body) as { status?: string } | null;
        return { ok: value?.status === "error", returned: describeResult(res.status, value) };
      });
      await attempt(
        { role: R, action: "end all others", via: "action signOutOtherSessionsAction", target: "own (+ injected member's and other account's ids)", tried: `confirm=yes userId=${peer.id.slice(0, 8)}… handle=<member's> sessionId=<other account's>`, expected: "own other sessions ended, this one kept" },
        async () => {
          const res = await callAction(ctx, "/settings/sessions", "signOutOtherSessionsAction", [
            { status: "idle", message: "" },
            formData({ confirm: "yes", userId: peer.id, handle: theirs.handle, sessionId: foreign.id }),
          ]);
          const value = actionResult(res.body) as { status?: string } | null;
          const stillIn = (await ctx.get("/api/sessions")).status() === 200;
          return { ok: value?.status === "ended" && stillIn, returned: `${describeResult(res.status, value)}; this session still signed in: ${stillIn}` };
        },
        async () => [...(await activeOf(actor.id, current))],
      );
      expect(own.id).toBeTruthy();
    }

    // ---------- end member's sessions ----------
    {
      const own = await insertSession(actor.id);
      let theirs = await insertSession(peer.id);
      const foreign = await insertSession(outsider.id);
      const cases: [string, () => Record<string, string>, string | null, () => Promise<string[]> | string[]][] = [
        ["own (one)", () => ({ memberId: actor.id, handle: own.handle }), isOwner ? "own-sessions" : "not-found", () => []],
        ["own (all)", () => ({ memberId: actor.id }), isOwner ? "own-sessions" : "not-found", () => []],
        ["member's (one)", () => ({ memberId: peer.id, handle: theirs.handle }), isOwner ? null : "not-found", () => (isOwner ? [theirs.id] : [])],
        ["member + other account's handle", () => ({ memberId: peer.id, handle: foreign.handle }), isOwner ? "nothing-to-end" : "not-found", () => []],
        ["other account's (one)", () => ({ memberId: outsider.id, handle: foreign.handle }), "not-found", () => []],
        ["other account's (all)", () => ({ memberId: outsider.id }), "not-found", () => []],
        ["made-up id", () => ({ memberId: "usr_0000000000000000000000000000dead" }), "not-found", () => []],
        ["malformed id", () => ({ memberId: "../usr_owner", handle: "x" }), "invalid", () => []],
        ["member's (all)", () => ({ memberId: peer.id }), isOwner ? null : "not-found", async () => (isOwner ? activeOf(peer.id) : [])],
      ];
      for (const [target, fields, refusal, changes] of cases) {
        if (target === "member's (all)") theirs = await insertSession(peer.id);
        await attempt(
          { role: R, action: "end member's sessions", via: "action endMemberSessionsAction", target, tried: Object.entries(fields()).map(([k, v]) => `${k}=${v.length > 20 ? `${v.slice(0, 8)}…` : v}`).join(" "), expected: refusal ? `error ${refusal}, nothing changed` : "ended (ACCOUNT_OWNER, by this owner)" },
          async () => {
            const res = await callAction(ctx, `/settings/users/${encodeURIComponent(peer.id)}`, "endMemberSessionsAction", [{ status: "idle" }, formData(fields())]);
            const value = actionResult(res.body) as { status?: string; code?: string } | null;
            const ok = refusal ? value?.status === "error" && value.code === refusal : value?.status === "ended";
            return { ok, returned: describeResult(res.status, value) };
          },
          changes,
        );
      }
      if (isOwner) {
        const { rows: ended } = await db().query("SELECT end_reason, ended_by_id FROM sessions WHERE user_id = $1 AND status = 'TERMINATED' AND ended_by_id = $2", [peer.id, actor.id]);
        expect(ended.length).toBeGreaterThanOrEqual(2);
        for (const r of ended) expect(r.end_reason).toBe("ACCOUNT_OWNER");
      }
    }

    // ---------- members: add, change role, deactivate, reactivate ----------
    {
      const USERS = "/settings/users";
      const NOT_FOUND = "error not-found, nothing changed";
      /** A fresh member of the actor's account (signed in on two devices), so allowed changes never touch anyone else. */
      const freshMember = async (label: string, deactivated = false) => {
        const m = await createUser(acct.accountId, "USER", `authz-${label}-${Math.random().toString(36).slice(2, 8)}`, "Tia Target");
        everyone.push(m.id);
        await insertSession(m.id);
        await insertSession(m.id, "24.48.0.1");
        if (deactivated) await db().query("UPDATE users SET deactivated_at = now() WHERE id = $1", [m.id]);
        return m;
      };
      const foreignGone = await createUser(other.accountId, "USER", `authz-foreign-gone-${Math.random().toString(36).slice(2, 8)}`, "Fay Foreign");
      everyone.push(foreignGone.id);
      await db().query("UPDATE users SET deactivated_at = now() WHERE id = $1", [foreignGone.id]);
      const call = async (name: string, fields: Record<string, string>) => {
        const res = await callAction(ctx, USERS, name, [{ status: "idle" }, formData(fields)]);
        const value = actionResult(res.body) as { status?: string; code?: string; oneTimePassword?: string } | null;
        return { res, value };
      };
      const short = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}=${v.length > 20 ? `${v.slice(0, 8)}…` : v}`).join(" ");

      // add
      const newEmail = () => `authz-new-${Math.random().toString(36).slice(2, 10)}@e2e.test`;
      const adds: [string, Record<string, string>, string | null][] = [
        ["new member", { name: "Nova New", email: newEmail(), role: "USER" }, null],
        ["new member + injected other account's id", { name: "Nova New", email: newEmail(), role: "BILLING_MANAGER", accountId: other.accountId }, null],
        ["e-mail of other account's member", { name: "Dup Licate", email: outsider.email, role: "USER" }, "email-taken"],
        ["malformed (no name, bad e-mail, bad role)", { name: "", email: "not-an-email", role: "ROOT" }, "invalid"],
      ];
      for (const [target, fields, ownerRefusal] of adds) {
        const allowed = isOwner && ownerRefusal === null;
        const refusal = isOwner ? ownerRefusal : "not-found";
        await attempt(
          { role: R, action: "add member", via: "action addMemberAction", target, tried: short(fields), expected: allowed ? "added to own account, one-time password" : `error ${refusal}, nothing changed` },
          async () => {
            const { res, value } = await call("addMemberAction", fields);
            let ok = allowed ? value?.status === "added" && /^[2-9a-z]{5}(-[2-9a-z]{5}){3}$/.test(value.oneTimePassword ?? "") : value?.status === "error" && value.code === refusal;
            if (allowed) {
              const { rows: made } = await db().query("SELECT account_id, must_change_password FROM users WHERE email = $1", [fields.email]);
              ok &&= made[0]?.account_id === acct.accountId && made[0]?.must_change_password === true;
            }
            return { ok, returned: describeResult(res.status, value) };
          },
          () => [],
          allowed ? [fields.email!] : [],
        );
      }

      // change role
      const roleTarget = await freshMember("role");
      const roles: [string, Record<string, string>, string | null, string[]][] = [
        ["member's", { memberId: roleTarget.id, role: "BILLING_MANAGER" }, null, [roleTarget.email]],
        ["own (the only Account Owner when the owner asks)", { memberId: actor.id, role: "USER" }, isOwner ? "last-owner" : "not-found", []],
        ["other account's member", { memberId: outsider.id, role: "ACCOUNT_OWNER" }, "not-found", []],
        ["other account's owner", { memberId: other.owner.id, role: "USER" }, "not-found", []],
        ["made-up id", { memberId: "usr_0000000000000000000000000000dead", role: "USER" }, "not-found", []],
        ["malformed id", { memberId: "../usr_owner", role: "USER" }, "not-found", []],
        ["member's, made-up role", { memberId: roleTarget.id, role: "SUPERUSER" }, "not-found", []],
      ];
      for (const [target, fields, refusal, changed] of roles) {
        const outcome = isOwner ? refusal : "not-found";
        await attempt(
          { role: R, action: "change role", via: "action changeMemberRoleAction", target, tried: short(fields), expected: outcome ? `error ${outcome}, nothing changed` : "changed" },
          async () => {
            const { res, value } = await call("changeMemberRoleAction", fields);
            return { ok: outcome ? value?.status === "error" && value.code === outcome : value?.status === "changed", returned: describeResult(res.status, value) };
          },
          () => [],
          isOwner ? changed : [],
        );
      }

      // deactivate
      const goner = await freshMember("deactivate");
      const deactivations: [string, Record<string, string>, string | null][] = [
        ["member's, without the confirm", { memberId: goner.id }, "not-found"],
        ["own", { memberId: actor.id, confirm: "yes" }, isOwner ? "self" : "not-found"],
        ["other account's member", { memberId: outsider.id, confirm: "yes" }, "not-found"],
        ["made-up id", { memberId: "usr_0000000000000000000000000000dead", confirm: "yes" }, "not-found"],
        ["malformed id", { memberId: "'; DROP TABLE users;--", confirm: "yes" }, "not-found"],
        ["member's", { memberId: goner.id, confirm: "yes" }, null],
      ];
      for (const [target, fields, refusal] of deactivations) {
        const outcome = isOwner ? refusal : "not-found";
        await attempt(
          { role: R, action: "deactivate", via: "action deactivateMemberAction", target, tried: short(fields), expected: outcome ? `error ${outcome}, nothing changed` : "deactivated, all their sessions ended" },
          async () => {
            const { res, value } = await call("deactivateMemberAction", fields);
            return { ok: outcome ? value?.status === "error" && value.code === outcome : value?.status === "deactivated", returned: describeResult(res.status, value) };
          },
          async () => (outcome ? [] : activeOf(goner.id)),
          outcome ? [] : [goner.email],
        );
      }
      if (isOwner) {
        const { rows: ended } = await db().query("SELECT DISTINCT end_reason, ended_by_id FROM sessions WHERE user_id = $1", [goner.id]);
        expect(ended).toEqual([{ end_reason: "USER_DEACTIVATED", ended_by_id: actor.id }]);
      }

      // reactivate
      const returner = await freshMember("reactivate", true);
      const reactivations: [string, Record<string, string>, string | null][] = [
        ["other account's deactivated member", { memberId: foreignGone.id }, "not-found"],
        ["made-up id", { memberId: "usr_0000000000000000000000000000dead" }, "not-found"],
        ["malformed id", { memberId: "%00" }, "not-found"],
        ["member's (deactivated)", { memberId: returner.id }, null],
      ];
      for (const [target, fields, refusal] of reactivations) {
        const outcome = isOwner ? refusal : "not-found";
        await attempt(
          { role: R, action: "reactivate", via: "action reactivateMemberAction", target, tried: short(fields), expected: outcome ? `error ${outcome}, nothing changed` : "reactivated" },
          async () => {
            const { res, value } = await call("reactivateMemberAction", fields);
            return { ok: outcome ? value?.status === "error" && value.code === outcome : value?.status === "reactivated", returned: describeResult(res.status, value) };
          },
          () => [],
          outcome ? [] : [returner.email],
        );
      }
    }

    // ---------- the support console: for staff only ----------
    {
      // Real sessions (the actor's own, a member's, another account's) and made-up IDs: for a
      // customer, every support endpoint answers the same 404, and nothing is looked up or ended.
      const own = await insertSession(actor.id);
      const theirs = await insertSession(peer.id);
      const foreign = await insertSession(outsider.id);
      const api = async (method: "GET" | "DELETE", id: string) => {
        const res = method === "GET" ? await ctx.get(`/api/support/sessions/${id}`) : await ctx.delete(`/api/support/sessions/${id}`, { data: { reason: "Asked by the user" } });
        return { status: res.status(), type: res.headers()["content-type"], cache: res.headers()["cache-control"], body: await res.text() };
      };
      for (const method of ["GET", "DELETE"] as const) {
        const unknown = await api(method, madeUpId());
        expect(unknown.status).toBe(404);
        for (const [target, id] of [["own", own.id], ["member's", theirs.id], ["other account's", foreign.id], ["this very session", current]] as const) {
          await attempt(
            { role: R, action: method === "GET" ? "support lookup" : "support end", via: `API ${method} /api/support/sessions/{id}`, target, tried: `${method} <${target} full id>`, expected: "404, byte for byte as for an unknown id" },
            async () => {
              const res = await api(method, id);
              return { ok: JSON.stringify(res) === JSON.stringify(unknown), returned: `${res.status} ${res.body}` };
            },
          );
        }
      }
      const page = await ctx.get("/support", { maxRedirects: 0 });
      await attempt({ role: R, action: "support console", via: "page /support", target: "-", tried: "GET /support", expected: "404" }, async () => ({ ok: page.status() === 404, returned: String(page.status()) }));
      for (const [name, fields] of [
        ["lookUpSupportSessionAction", { sessionId: theirs.id }],
        ["endSupportSessionAction", { sessionId: theirs.id, reason: "Asked by the user" }],
        ["endSupportSessionAction", { sessionId: own.id, reason: "Asked by the user" }],
      ] as const) {
        await attempt({ role: R, action: "support console", via: `action ${name}`, target: fields.sessionId === own.id ? "own" : "member's", tried: Object.keys(fields).join(", "), expected: "404, nothing looked up or ended" }, async () => {
          const res = await callAction(ctx, "/support", name, [{ status: "idle" }, formData(fields)]);
          const leaked = [theirs.id, peer.email, "Pat Peer"].some((v) => res.body.includes(v));
          return { ok: res.status === 404 && !leaked, returned: `${res.status}${leaked ? ", leaked" : ""}` };
        });
      }
    }

    // This actor's own browser session survived every refused call.
    expect((await ctx.get("/api/sessions")).status()).toBe(200);
    await ctx.dispose();
  });
}

test("authorization matrix: Broker Buddha support (staff)", async () => {
  const R = "Support (staff)";
  const ctx = await apiSignIn(BASE, staff.email, staff.password);
  const current = await currentSessionId(ctx);
  const short = (v: string) => (v.length > 20 ? `${v.slice(0, 6)}…` : v);
  const reason = "You asked us on the phone to sign this device out.";

  // ---------- look up: any session by its exact full ID, nothing else ----------
  {
    const theirs = await insertSession(peer.id);
    const foreign = await insertSession(other.member.id);
    const theirsSwapped = [...theirs.id].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
    const lookups: [string, string, string, readonly string[]][] = [
      ["member's (exact)", theirs.id, "found", ["SUPPORT_LOOKUP"]],
      ["other account's (exact)", foreign.id, "found", ["SUPPORT_LOOKUP"]],
      ["a colleague's (exact)", (await insertSession(colleague.id)).id, "found", ["SUPPORT_LOOKUP"]],
      ["prefix (31 characters)", theirs.id.slice(0, 31), "invalid", []],
      ["another case", theirsSwapped, "not-found", []],
      ["row handle", theirs.handle, "invalid", []],
      ["made-up id", madeUpId(), "not-found", []],
    ];
    for (const [target, sessionId, expected, events] of lookups) {
      await attempt({ role: R, action: "support lookup", via: "action lookUpSupportSessionAction", target, tried: `sessionId=${short(sessionId)}`, expected }, async () => {
        const res = await callAction(ctx, "/support", "lookUpSupportSessionAction", [{ status: "idle" }, formData({ sessionId })]);
        const value = actionResult(res.body) as { status?: string; session?: { id: string } } | null;
        const ok = res.status === 200 && value?.status === expected && (expected !== "found" || value.session?.id === sessionId);
        return { ok, returned: describeResult(res.status, value) };
      }, () => [], [], events);
    }
    const gets: [string, string, number, readonly string[]][] = [
      ["member's (exact)", theirs.id, 200, ["SUPPORT_LOOKUP"]],
      ["made-up id", madeUpId(), 404, []],
      ["malformed id", "not-a-session-id", 400, []],
    ];
    for (const [target, id, expected, events] of gets) {
      await attempt({ role: R, action: "support lookup", via: "API GET /api/support/sessions/{id}", target, tried: `GET …/${short(id)}`, expected: String(expected) }, async () => {
        const res = await ctx.get(`/api/support/sessions/${id}`);
        const text = await res.text();
        const ok = res.status() === expected && (expected !== 200 || (JSON.parse(text) as { user: { email: string } }).user.email === peer.email);
        return { ok, returned: `${res.status()} ${text.slice(0, 60)}` };
      }, () => [], [], events);
    }
  }

  // ---------- end: a live session, with a required note ----------
  {
    const theirs = await insertSession(peer.id);
    const foreign = await insertSession(other.member.id);
    const ends: [string, Record<string, string>, string, () => string[], readonly string[]][] = [
      ["member's, no reason", { sessionId: theirs.id }, "invalid-reason", () => [], []],
      ["member's, 501-character reason", { sessionId: theirs.id, reason: "x".repeat(501) }, "invalid-reason", () => [], []],
      ["made-up id", { sessionId: madeUpId(), reason }, "not-found", () => [], []],
      ["member's", { sessionId: theirs.id, reason }, "ended", () => [theirs.id], ["SUPPORT_ENDED_SESSION"]],
      ["member's, again", { sessionId: theirs.id, reason }, "already-ended", () => [], []],
    ];
    for (const [target, fields, expected, changes, events] of ends) {
      await attempt({ role: R, action: "support end", via: "action endSupportSessionAction", target, tried: Object.keys(fields).join(", "), expected }, async () => {
        const res = await callAction(ctx, "/support", "endSupportSessionAction", [{ status: "idle" }, formData(fields)]);
        const value = actionResult(res.body) as { status?: string; code?: string } | null;
        return { ok: res.status === 200 && (expected === "ended" ? value?.status === "ended" : value?.code === expected), returned: describeResult(res.status, value) };
      }, changes, [], events);
    }
    const deletes: [string, string, unknown, number, () => string[], readonly string[]][] = [
      ["other account's, no body", foreign.id, undefined, 400, () => [], []],
      ["other account's, empty reason", foreign.id, { reason: "   " }, 400, () => [], []],
      ["other account's, 501-character reason", foreign.id, { reason: "x".repeat(501) }, 400, () => [], []],
      ["made-up id", madeUpId(), { reason }, 404, () => [], []],
      ["other account's", foreign.id, { reason }, 200, () => [foreign.id], ["SUPPORT_ENDED_SESSION"]],
      ["other account's, again", foreign.id, { reason }, 409, () => [], []],
    ];
    for (const [target, id, body, expected, changes, events] of deletes) {
      await attempt({ role: R, action: "support end", via: "API DELETE /api/support/sessions/{id}", target, tried: `DELETE …/${short(id)} ${body === undefined ? "(no body)" : JSON.stringify(body).slice(0, 30)}`, expected: String(expected) }, async () => {
        const res = await ctx.delete(`/api/support/sessions/${id}`, body === undefined ? {} : { data: body });
        const text = await res.text();
        return { ok: res.status() === expected && !/stack|prisma|select /i.test(text), returned: `${res.status()} ${text.slice(0, 60)}` };
      }, changes, [], events);
    }
    const { rows: ended } = await db().query("SELECT id, end_reason, ended_by_id, end_note FROM sessions WHERE id = ANY($1) ORDER BY id", [[theirs.id, foreign.id]]);
    expect(ended).toHaveLength(2);
    for (const row of ended) expect(row).toMatchObject({ end_reason: "SUPPORT", ended_by_id: staff.id, end_note: reason });
  }

  // ---------- everything that concerns customers' accounts: it does not exist for staff ----------
  {
    const theirs = await insertSession(peer.id);
    const pages: [string, number, string | null][] = [
      ["/settings/users", 404, null],
      [`/settings/users/${peer.id}`, 404, null],
      [`/settings/users/${staff.id}`, 404, null],
      ["/settings", 307, "/settings/sessions"],
      ["/", 307, "/support"],
      ["/settings/sessions", 200, null],
      ["/support", 200, null],
    ];
    for (const [path, expected, to] of pages) {
      await attempt({ role: R, action: "pages", via: `page ${path}`, target: "-", tried: `GET ${path}`, expected: to ? `${expected} → ${to}` : String(expected) }, async () => {
        const res = await ctx.get(path, { maxRedirects: 0 });
        const html = await res.text();
        const location = res.headers()["location"] ?? "";
        const leaks = [theirs.id, theirs.handle, peer.email].filter((v) => html.includes(v));
        return { ok: res.status() === expected && (!to || location.endsWith(to)) && leaks.length === 0, returned: `${res.status()}${location ? ` → ${location}` : ""}${leaks.length ? ", leaked" : ""}` };
      });
    }
    const memberActions: [string, string, Record<string, string>][] = [
      ["addMemberAction", "/settings/users", { name: "Stan Staff", email: "staff-add@e2e.test", role: "ACCOUNT_OWNER" }],
      ["changeMemberRoleAction", "/settings/users", { memberId: peer.id, role: "ACCOUNT_OWNER" }],
      ["deactivateMemberAction", "/settings/users", { memberId: peer.id, confirm: "yes" }],
      ["reactivateMemberAction", "/settings/users", { memberId: peer.id }],
      ["endMemberSessionsAction", `/settings/users/${peer.id}`, { memberId: peer.id }],
      ["endMemberSessionsAction", `/settings/users/${peer.id}`, { memberId: peer.id, handle: theirs.handle }],
    ];
    for (const [name, path, fields] of memberActions) {
      await attempt({ role: R, action: "members", via: `action ${name}`, target: "a customer's member", tried: Object.keys(fields).join(", "), expected: "404, nothing changed" }, async () => {
        const res = await callAction(ctx, path, name, [{ status: "idle" }, formData(fields)]);
        return { ok: res.status === 404 && !res.body.includes(peer.email), returned: String(res.status) };
      });
    }
    await attempt({ role: R, action: "end one", via: "API DELETE /api/sessions/{id}", target: "member's", tried: "DELETE /api/sessions/<member's id>", expected: "404 (own sessions only)" }, async () => {
      const res = await ctx.delete(`/api/sessions/${theirs.id}`);
      return { ok: res.status() === 404, returned: String(res.status()) };
    });
    await attempt({ role: R, action: "end one", via: "action endSessionAction", target: "member's", tried: "handle=<member's>", expected: "error, nothing changed" }, async () => {
      const res = await callAction(ctx, "/settings/sessions", "endSessionAction", [{ status: "idle", message: "" }, formData({ handle: theirs.handle })]);
      const value = actionResult(res.body) as { status?: string } | null;
      return { ok: value?.status === "error", returned: describeResult(res.status, value) };
    });
    await attempt({ role: R, action: "list", via: "API GET /api/sessions", target: "own only", tried: "GET /api/sessions", expected: "200, only own sessions" }, async () => {
      const res = await ctx.get("/api/sessions");
      const text = await res.text();
      const ids = (JSON.parse(text) as { active: { id: string }[] }).active.map((x) => x.id);
      return { ok: res.status() === 200 && ids.includes(current) && !text.includes(theirs.id), returned: `${res.status()}, ${ids.length} active` };
    });
  }

  expect((await ctx.get("/api/sessions")).status()).toBe(200);
  await ctx.dispose();
});

test("authorization matrix: not signed in", async () => {
  const anon = await playwrightRequest.newContext({ baseURL: BASE });
  const target = await insertSession(acct.member.id);
  const tries: [string, () => Promise<{ status: number; text: string }>, number][] = [
    ["GET /api/sessions", async () => { const r = await anon.get("/api/sessions"); return { status: r.status(), text: await r.text() }; }, 401],
    ["DELETE /api/sessions/{member's id}", async () => { const r = await anon.delete(`/api/sessions/${target.id}`); return { status: r.status(), text: await r.text() }; }, 401],
    ["POST /api/sessions/{member's id}/report", async () => { const r = await anon.post(`/api/sessions/${target.id}/report`); return { status: r.status(), text: await r.text() }; }, 401],
    ["action endSessionAction", async () => { const r = await callAction(anon, "/settings/sessions", "endSessionAction", [{ status: "idle", message: "" }, formData({ handle: target.handle })]); return { status: r.status, text: r.body }; }, 401],
    ["action endMemberSessionsAction", async () => { const r = await callAction(anon, `/settings/users/${acct.member.id}`, "endMemberSessionsAction", [{ status: "idle" }, formData({ memberId: acct.member.id })]); return { status: r.status, text: r.body }; }, 401],
    ["action revealSessionIdsAction", async () => { const r = await callAction(anon, "/settings/sessions", "revealSessionIdsAction", [{ shown: false, ids: {} }, formData({ intent: "show", handle: target.handle })]); return { status: r.status, text: r.body }; }, 401],
    ["action addMemberAction", async () => { const r = await callAction(anon, "/settings/users", "addMemberAction", [{ status: "idle" }, formData({ name: "Anna Nonymous", email: "anon-add@e2e.test", role: "ACCOUNT_OWNER" })]); return { status: r.status, text: r.body }; }, 401],
    ["action changeMemberRoleAction", async () => { const r = await callAction(anon, "/settings/users", "changeMemberRoleAction", [{ status: "idle" }, formData({ memberId: acct.member.id, role: "ACCOUNT_OWNER" })]); return { status: r.status, text: r.body }; }, 401],
    ["action deactivateMemberAction", async () => { const r = await callAction(anon, "/settings/users", "deactivateMemberAction", [{ status: "idle" }, formData({ memberId: acct.owner.id, confirm: "yes" })]); return { status: r.status, text: r.body }; }, 401],
    ["action reactivateMemberAction", async () => { const r = await callAction(anon, "/settings/users", "reactivateMemberAction", [{ status: "idle" }, formData({ memberId: acct.member.id })]); return { status: r.status, text: r.body }; }, 401],
    ["GET /settings/users/{member}", async () => { const r = await anon.get(`/settings/users/${acct.member.id}`, { maxRedirects: 0 }); return { status: r.status(), text: r.headers()["location"] ?? "" }; }, 303],
    ["GET /support", async () => { const r = await anon.get("/support", { maxRedirects: 0 }); return { status: r.status(), text: r.headers()["location"] ?? "" }; }, 303],
    ["GET /api/support/sessions/{member's id}", async () => { const r = await anon.get(`/api/support/sessions/${target.id}`); return { status: r.status(), text: await r.text() }; }, 401],
    ["DELETE /api/support/sessions/{member's id}", async () => { const r = await anon.delete(`/api/support/sessions/${target.id}`, { data: { reason: "x" } }); return { status: r.status(), text: await r.text() }; }, 401],
    ["action lookUpSupportSessionAction", async () => { const r = await callAction(anon, "/support", "lookUpSupportSessionAction", [{ status: "idle" }, formData({ sessionId: target.id })]); return { status: r.status, text: r.body }; }, 401],
    ["action endSupportSessionAction", async () => { const r = await callAction(anon, "/support", "endSupportSessionAction", [{ status: "idle" }, formData({ sessionId: target.id, reason: "x" })]); return { status: r.status, text: r.body }; }, 401],
  ];
  for (const [tried, run, expected] of tries) {
    await attempt({ role: "(not signed in)", action: /support|Support/.test(tried) ? "support console" : tried.startsWith("GET") ? "list" : /add|Role|activate/.test(tried) ? "members" : "end / reveal", via: tried.includes("action") ? "Server Action" : "HTTP", target: "member's", tried, expected: String(expected) }, async () => {
      const { status, text } = await run();
      return { ok: status === expected && !text.includes(target.id), returned: `${status} ${text.slice(0, 50)}` };
    });
  }
  await anon.dispose();
  expect(findAction("endMemberSessionsAction")).not.toBeNull();
});

test("authorization matrix: an Account Owner still on a one-time password", async () => {
  const acctX = await createAccount("authz-otp");
  await db().query("UPDATE users SET must_change_password = true WHERE id = $1", [acctX.owner.id]);
  everyone.push(acctX.owner.id, acctX.billing.id, acctX.member.id);
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await ctx.post("/api/auth/callback/credentials", { form: { email: acctX.owner.email, password: acctX.owner.password, csrfToken, json: "true" } });
  expect((await ctx.get("/api/me")).status(), "signed in").toBe(200);
  const tries: [string, Record<string, string>][] = [
    ["addMemberAction", { name: "Otto Pending", email: "otp-add@e2e.test", role: "ACCOUNT_OWNER" }],
    ["changeMemberRoleAction", { memberId: acctX.member.id, role: "ACCOUNT_OWNER" }],
    ["deactivateMemberAction", { memberId: acctX.member.id, confirm: "yes" }],
    ["reactivateMemberAction", { memberId: acctX.member.id }],
  ];
  for (const [name, fields] of tries) {
    await attempt(
      { role: "Account Owner (one-time password)", action: "members", via: `action ${name}`, target: "own account's member", tried: Object.keys(fields).join(", "), expected: "sent to the Password tab, nothing changed" },
      async () => {
        const res = await callAction(ctx, "/settings/users", name, [{ status: "idle" }, formData(fields)], { maxRedirects: 0 });
        const location = res.headers["location"] ?? "";
        return { ok: res.status === 303 && location.endsWith("/settings/password?required=1"), returned: `${res.status} → ${location ? new URL(location, BASE).pathname + new URL(location, BASE).search : ""}` };
      },
    );
  }
  await ctx.dispose();
});
