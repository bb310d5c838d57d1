import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { hashPassword } from "../lib/auth/password";
import { E2E } from "./env.mjs";
import { apiSignIn } from "./support/auth";
import { createAccount, db, snapshotSessions, type TestUser } from "./support/db";
import { loopbackAddress, rawSignIn } from "./support/raw-http";

// Who may read security activity, through HTTP as a browser or a script would: the Activity tab
// and its CSV (Account Owners only, their own account only), GET /api/security-events (everyone,
// their own events only), and nothing for the signed-out. For every refusal, the sessions table
// and the security events table are compared before and after. What was tried and what came back
// is written to <output dir>/authorization-activity.md.

const BASE = `http://localhost:${E2E.portA}`;

type Row = { who: string; request: string; target: string; returned: string; expected: string; tables: string };
const rows: Row[] = [];

let acct: Awaited<ReturnType<typeof createAccount>>;
let other: Awaited<ReturnType<typeof createAccount>>;
let staff: { id: string; email: string; password: string };
let everyone: string[];
const guesserOf = new Map<string, string>();

test.beforeAll(async () => {
  acct = await createAccount("authz-activity");
  other = await createAccount("authz-activity-other");
  // A Broker Buddha support engineer: in no account.
  staff = { id: `usr_${randomUUID().replaceAll("-", "")}`, email: `staff-${Date.now()}@brokerbuddha.e2e.test`, password: `pw-${randomUUID()}` };
  await db().query("INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ($1, NULL, $2, 'Sam Staffer', $3, 'SUPPORT')", [
    staff.id,
    staff.email,
    await hashPassword(staff.password),
  ]);
  const customers = [acct.owner, acct.billing, acct.member, other.owner, other.member];
  everyone = [...customers.map((u) => u.id), staff.id];
  // One wrong password for each, each from an address of its own: whose events a reader gets shows.
  for (const user of [...customers, staff]) {
    const from = loopbackAddress();
    guesserOf.set(user.id, from);
    await rawSignIn(E2E.portA, from, user.email, "not the password");
  }
});

test.afterAll(async () => {
  const out = path.resolve(process.env.PW_OUTPUT_DIR ?? "test-results");
  mkdirSync(out, { recursive: true });
  const esc = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
  const table = rows.map((r) => `| ${[r.who, r.request, r.target, r.returned, r.expected, r.tables].map(esc).join(" | ")} |`).join("\n");
  writeFileSync(path.join(out, "authorization-activity.md"), `| who | request | target | returned | expected | sessions & events tables |\n| --- | --- | --- | --- | --- | --- |\n${table}\n`);
});

/** The whole security_events table and the sessions of everyone here. */
async function tables() {
  const events = await db().query("SELECT * FROM security_events ORDER BY id");
  return JSON.stringify({ sessions: await snapshotSessions(everyone), events: events.rows });
}

type Expect = { status: number[]; location?: RegExp; check?: (body: string) => void };

async function attempt(ctx: APIRequestContext, who: string, url: string, target: string, expected: Expect) {
  const before = await tables();
  const res = await ctx.get(url, { maxRedirects: 0 });
  const body = await res.text();
  const after = await tables();
  const location = res.headers()["location"] ?? "";
  rows.push({
    who,
    request: `GET ${url.replace(/usr_[0-9a-f]{32}/g, "usr_…")}`,
    target,
    returned: `${res.status()}${location ? ` → ${new URL(location, BASE).pathname}` : ""}`,
    expected: `${expected.status.join("/")}${expected.location ? " → /login" : ""}`,
    tables: before === after ? "unchanged" : "CHANGED",
  });
  const label = `${who} · GET ${url} (${target})`;
  expect.soft(expected.status, `${label}: status`).toContain(res.status());
  if (expected.location) expect.soft(location, `${label}: redirect`).toMatch(expected.location);
  expect.soft(after === before, `${label}: sessions and events tables unchanged`).toBe(true);
  expected.check?.(body);
}

const NOT_FOUND: Expect = { status: [404] };

test("security activity: who may read what", async () => {
  test.setTimeout(120_000);
  const as = async (user: { email: string; password: string }) => apiSignIn(BASE, user.email, user.password);
  const owner = await as(acct.owner);
  const readers: [string, APIRequestContext][] = [
    ["Billing Manager", await as(acct.billing)],
    ["User", await as(acct.member)],
    ["Support engineer (staff)", await as(staff)],
  ];
  const anon = await playwrightRequest.newContext({ baseURL: BASE });
  const theirMember = other.member.id;

  // Not an Account Owner: the Activity tab and its CSV do not exist, with or without a filter.
  for (const [who, ctx] of readers) {
    for (const url of ["/settings/activity", `/settings/activity?member=${acct.member.id}`, "/settings/activity/csv", `/settings/activity/csv?member=${acct.member.id}`]) {
      await attempt(ctx, who, url, "own account's activity", NOT_FOUND);
    }
  }

  // The Account Owner: another account's member, staff, a made-up or malformed id, a bad page: not found.
  for (const [target, query] of [
    ["another account's member", `member=${theirMember}`],
    ["another account's owner", `member=${other.owner.id}`],
    ["a support engineer", `member=${staff.id}`],
    ["a made-up member", "member=usr_doesnotexist"],
    ["a malformed member", "member=..%2F..%2Fetc"],
    ["two members", `member=${acct.member.id}&member=${theirMember}`],
  ] as const) {
    await attempt(owner, "Account Owner", `/settings/activity?${query}`, target, NOT_FOUND);
    await attempt(owner, "Account Owner", `/settings/activity/csv?${query}`, target, NOT_FOUND);
  }
  for (const page of ["0", "-3", "x", "1e9"]) await attempt(owner, "Account Owner", `/settings/activity?page=${page}`, `page ${page}`, NOT_FOUND);

  // …and their own account's log: everyone in it, nobody else's, and never staff.
  const otherEmails = [other.owner.email, other.member.email, staff.email, "Sam Staffer"];
  await attempt(owner, "Account Owner", "/settings/activity", "own account", {
    status: [200],
    check: (html) => {
      for (const u of [acct.owner, acct.billing, acct.member]) expect(html).toContain(guesserOf.get(u.id)!);
      for (const text of [...otherEmails, guesserOf.get(other.member.id)!, guesserOf.get(staff.id)!]) expect(html).not.toContain(text);
    },
  });
  await attempt(owner, "Account Owner", `/settings/activity/csv?member=${acct.billing.id}`, "own account's member", {
    status: [200],
    check: (csv) => {
      const lines = csv.trim().split("\r\n").slice(1);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toContain(acct.billing.email);
      for (const text of otherEmails) expect(csv).not.toContain(text);
    },
  });

  // Everyone reads their own events through the API, and only theirs.
  for (const [who, ctx, user] of [["Account Owner", owner, acct.owner], ...readers.map(([w, c], i) => [w, c, [acct.billing, acct.member, staff][i]!] as const)] as const) {
    const mine = guesserOf.get((user as TestUser | typeof staff).id)!;
    await attempt(ctx, who, "/api/security-events", "own events", {
      status: [200],
      check: (json) => {
        const texts = (JSON.parse(json) as { items: { text: string }[] }).items.map((i) => i.text);
        expect(texts).toContain(`Someone tried to sign in to your account with a wrong password (from ${mine})`);
        for (const [id, ip] of guesserOf) if (id !== (user as { id: string }).id) expect(json).not.toContain(ip);
      },
    });
  }

  // Signed out: the pages send to the login page, the API answers 401.
  await attempt(anon, "signed out", "/settings/activity", "the Activity tab", { status: [303, 307], location: /\/login(\?|$)/ });
  await attempt(anon, "signed out", "/settings/activity/csv", "the CSV", { status: [303, 307], location: /\/login(\?|$)/ });
  await attempt(anon, "signed out", "/api/security-events", "own events", { status: [401] });

  for (const ctx of [owner, anon, ...readers.map(([, c]) => c)]) await ctx.dispose();
});
