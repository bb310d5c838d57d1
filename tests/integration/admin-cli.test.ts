import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getAuthOptions } from "@/lib/auth/options";
import { getPool } from "@/lib/db/client";
import { ONE_TIME_PASSWORD_PATTERN } from "@/lib/users/one-time-password";
import { createScratchDatabase, dropScratchDatabases } from "../helpers/databases";
import { sessionRow, signIn, UA } from "../helpers/fixtures";
import { admin, adminHere, type Run } from "../helpers/admin-cli";

// The admin CLI itself (`npm run admin -- …`), spawned as an operator runs it, against this test
// file's database: what it prints, its exit codes, and what it did, checked in the database and
// by signing in through next-auth's authorize().

const tempDirs: string[] = [];

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
let authorize: Authorize;
let n = 0;
const canSignIn = async (email: string, password: string) =>
  !!(await authorize({ email, password }, { headers: { "x-forwarded-for": `192.0.2.${++n}`, "user-agent": UA.chromeMac } }));

const oneTimePassword = (run: Run) => /One-time password: (\S+)/.exec(run.stdout)?.[1] ?? "";
const unique = () => Math.random().toString(36).slice(2, 10);

async function counts() {
  const { rows } = await getPool().query<{ accounts: number; users: number; ended: number }>(
    "SELECT (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM sessions WHERE status <> 'ACTIVE') AS ended",
  );
  return rows[0]!;
}

async function user(email: string) {
  const { rows } = await getPool().query("SELECT id, account_id, role, must_change_password, deactivated_at FROM users WHERE email = $1", [email]);
  return rows[0] as { id: string; account_id: string; role: string; must_change_password: boolean; deactivated_at: Date | null } | undefined;
}

/** A new account through the CLI; its owner's e-mail and one-time password. */
async function newAccount() {
  const email = `owner-${unique()}@acme.example`;
  const run = await adminHere(["create-account", "--name", "Acme Brokers", "--owner-name", "Ada Lovelace", "--owner-email", email]);
  expect(run.code, run.stderr).toBe(0);
  const owner = (await user(email))!;
  return { email, password: oneTimePassword(run), accountId: owner.account_id, ownerId: owner.id };
}

beforeAll(() => {
  authorize = (getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
});

afterAll(async () => {
  await dropScratchDatabases();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe(`admin CLI on ${inject("databaseLabel")}`, () => {
  it("create-account: the owner signs in with the printed one-time password, and must choose their own", async () => {
    const before = await counts();
    const email = `Owner-${unique()}@ACME.example`;
    const run = await adminHere(["create-account", "--name", "Acme Brokers", "--owner-name", "Ada Lovelace", "--owner-email", email]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Created the account "Acme Brokers" \(acct_[0-9a-f]+\)\./);
    expect(run.stdout).toContain(`Account Owner: Ada Lovelace <${email.toLowerCase()}>`);
    const password = oneTimePassword(run);
    expect(password).toMatch(ONE_TIME_PASSWORD_PATTERN);
    expect(await counts()).toMatchObject({ accounts: before.accounts + 1, users: before.users + 1 });
    const owner = await user(email.toLowerCase());
    expect(owner).toMatchObject({ role: "ACCOUNT_OWNER", must_change_password: true, deactivated_at: null });
    expect(await canSignIn(email.toLowerCase(), password)).toBe(true);
    expect(await canSignIn(email.toLowerCase(), "not the password")).toBe(false);

    // The same e-mail address again: refused, nothing created.
    const again = await adminHere(["create-account", "--name", "Other", "--owner-name", "Ada", "--owner-email", email]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: A user with the e-mail address .* already exists\.\n$/);
    expect(await counts()).toMatchObject({ accounts: before.accounts + 1, users: before.users + 1 });
  }, 60_000);

  it("--password-stdin sets the piped password (no change required) and --json prints the result", async () => {
    const email = `piped-${unique()}@acme.example`;
    // As an operator runs it: its own process, the password piped to its stdin.
    const run = await admin(["create-account", "--name", "Piped Ltd", "--owner-name", "Pia Piper", "--owner-email", email, "--password-stdin", "--json"], {
      stdin: "a passphrase from a vault 7\n",
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { accountId: string; owner: { email: string; role: string }; oneTimePassword: string | null };
    expect(result).toMatchObject({ owner: { email, role: "account-owner" }, oneTimePassword: null });
    expect(run.stdout).not.toContain("a passphrase from a vault");
    expect((await user(email))?.must_change_password).toBe(false);
    expect(await canSignIn(email, "a passphrase from a vault 7")).toBe(true);

    const weak = await adminHere(["reset-password", "--email", email, "--password-stdin"], { stdin: "pia-piper-2026" });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain("The password on stdin is too weak: Don't use your");
    expect(await canSignIn(email, "a passphrase from a vault 7")).toBe(true);
  }, 60_000);

  it("add-user and set-role: a user with a role, then another role; the last Account Owner stays", async () => {
    const acct = await newAccount();
    const email = `grace-${unique()}@acme.example`;
    const add = await adminHere(["add-user", "--account", acct.accountId, "--name", "Grace Hopper", "--email", email, "--role", "billing-manager"]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added Grace Hopper <${email}> to "Acme Brokers" as Billing Manager.`);
    expect(await user(email)).toMatchObject({ account_id: acct.accountId, role: "BILLING_MANAGER", must_change_password: true });
    expect(await canSignIn(email, oneTimePassword(add))).toBe(true);

    const promote = await adminHere(["set-role", "--email", email, "--role", "account-owner"]);
    expect(promote.code, promote.stderr).toBe(0);
    expect(promote.stdout).toContain("is now Account Owner (was Billing Manager)");
    const demoteFirst = await adminHere(["set-role", "--email", acct.email, "--role", "user"]);
    expect(demoteFirst.code, demoteFirst.stderr).toBe(0);
    const demoteLast = await adminHere(["set-role", "--email", email, "--role", "USER"]);
    expect(demoteLast.code).toBe(1);
    expect(demoteLast.stderr).toMatch(/is the last active Account Owner of "Acme Brokers": make someone else Account Owner first\./);
    expect((await user(email))?.role).toBe("ACCOUNT_OWNER");

    const unknownAccount = await adminHere(["add-user", "--account", "acct_nope", "--name", "N", "--email", `n-${unique()}@acme.example`, "--role", "user"]);
    expect(unknownAccount.code).toBe(1);
    expect(unknownAccount.stderr).toContain("No account with the id acct_nope");
    const unknownUser = await adminHere(["set-role", "--email", "nobody@acme.example", "--role", "user"]);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain("No user with the e-mail address nobody@acme.example");
  }, 90_000);

  it("reset-password ends every session of the user (PASSWORD_RESET); the old password stops working", async () => {
    const acct = await newAccount();
    const sessions = [await signIn(acct.ownerId), await signIn(acct.ownerId, { userAgent: UA.safariIphone })];
    const run = await adminHere(["reset-password", "--email", acct.email]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Reset the password of Ada Lovelace <${acct.email}>: 2 sessions ended.`);
    const fresh = oneTimePassword(run);
    expect(fresh).toMatch(ONE_TIME_PASSWORD_PATTERN);
    expect(fresh).not.toBe(acct.password);
    for (const id of sessions) expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_RESET", ended_by_id: null });
    expect(await canSignIn(acct.email, acct.password)).toBe(false);
    expect(await canSignIn(acct.email, fresh)).toBe(true);
    expect((await user(acct.email))?.must_change_password).toBe(true);
  }, 60_000);

  it("deactivate ends every session at once (USER_DEACTIVATED) and sign-in is refused; reactivate undoes it", async () => {
    const acct = await newAccount();
    const email = `mia-${unique()}@acme.example`;
    await adminHere(["add-user", "--account", acct.accountId, "--name", "Mia Moreno", "--email", email, "--role", "user", "--password-stdin"], { stdin: "mia's long passphrase 3" });
    const memberId = (await user(email))!.id;
    const sessions = [await signIn(memberId), await signIn(memberId, { userAgent: UA.firefoxWindows }), await signIn(memberId, { userAgent: UA.safariIphone })];
    const ownerSession = await signIn(acct.ownerId);

    const run = await adminHere(["deactivate", "--email", email]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Deactivated Mia Moreno <${email}>: 3 sessions ended; they can no longer sign in.`);
    for (const id of sessions) expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "USER_DEACTIVATED" });
    expect((await sessionRow(ownerSession))?.status).toBe("ACTIVE");
    expect(await canSignIn(email, "mia's long passphrase 3")).toBe(false);

    const owner = await adminHere(["deactivate", "--email", acct.email]);
    expect(owner.code).toBe(1);
    expect(owner.stderr).toContain("is the last active Account Owner");

    const back = await adminHere(["reactivate", "--email", email]);
    expect(back.code, back.stderr).toBe(0);
    expect(await canSignIn(email, "mia's long passphrase 3")).toBe(true);
  }, 90_000);

  it("create-staff, and reset-password / deactivate / reactivate / list-users for staff; set-role refuses them", async () => {
    const email = `sam-${unique()}@brokerbuddha.example`;
    const create = await adminHere(["create-staff", "--name", "Sam Support", "--email", email]);
    expect(create.code, create.stderr).toBe(0);
    expect(create.stdout).toContain(`Created Sam Support <${email}> as Broker Buddha support (staff).`);
    expect(oneTimePassword(create)).toMatch(ONE_TIME_PASSWORD_PATTERN);
    const staff = (await user(email))!;
    expect(staff).toMatchObject({ account_id: null, role: "SUPPORT", must_change_password: true, deactivated_at: null });
    expect(await canSignIn(email, oneTimePassword(create))).toBe(true);
    const first = await signIn(staff.id);

    const reset = await adminHere(["reset-password", "--email", email, "--password-stdin"], { stdin: "a quiet harbour at dawn 9" });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`Reset the password of Sam Support <${email}>: 1 session ended.`);
    expect(await sessionRow(first)).toMatchObject({ status: "TERMINATED", end_reason: "PASSWORD_RESET" });
    expect((await user(email))?.must_change_password).toBe(false);
    const sessions = [await signIn(staff.id), await signIn(staff.id, { userAgent: UA.firefoxWindows })];

    const off = await adminHere(["deactivate", "--email", email]);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain(`Deactivated Sam Support <${email}>: 2 sessions ended; they can no longer sign in.`);
    for (const id of sessions) expect(await sessionRow(id)).toMatchObject({ status: "TERMINATED", end_reason: "USER_DEACTIVATED", ended_by_id: null });
    expect(await canSignIn(email, "a quiet harbour at dawn 9")).toBe(false);
    const on = await adminHere(["reactivate", "--email", email]);
    expect(on.code, on.stderr).toBe(0);
    expect(await canSignIn(email, "a quiet harbour at dawn 9")).toBe(true);

    const role = await adminHere(["set-role", "--email", email, "--role", "account-owner"]);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain(`Sam Support <${email}> is Broker Buddha staff, not a member of a customer account.`);
    expect((await user(email))?.role).toBe("SUPPORT");

    const list = JSON.parse((await adminHere(["list-users", "--staff", "--json"])).stdout) as { users: { email: string; role: string; accountId: string | null }[] };
    expect(list.users.find((u) => u.email === email)).toMatchObject({ role: "support", accountId: null });
    expect(list.users.every((u) => u.role === "support")).toBe(true);

    // Each change is in the staff member's security activity, as the operator's (their sign-ins, here to check the passwords, are there too).
    const { rows: events } = await getPool().query("SELECT type, actor_id, account_id, detail FROM security_events WHERE subject_user_id = $1 AND type <> 'SIGN_IN' ORDER BY id", [staff.id]);
    expect(events.map((e) => e.type)).toEqual(["MEMBER_ADDED", "PASSWORD_RESET", "USER_DEACTIVATED", "USER_REACTIVATED"]);
    expect(events.every((e) => e.actor_id === null && e.account_id === null && e.detail.by === "operator")).toBe(true);
  }, 90_000);

  it("list-accounts and list-users show what is there", async () => {
    const acct = await newAccount();
    const accounts = await adminHere(["list-accounts"]);
    expect(accounts.code).toBe(0);
    expect(accounts.stdout).toMatch(new RegExp(`${acct.accountId}\\s+Acme Brokers\\s+1\\s+0`));
    const users = await adminHere(["list-users", "--account", acct.accountId, "--json"]);
    expect(JSON.parse(users.stdout)).toEqual({
      users: [{ id: acct.ownerId, accountId: acct.accountId, accountName: "Acme Brokers", email: acct.email, name: "Ada Lovelace", role: "account-owner", deactivated: false, mustChangePassword: true }],
    });
  }, 60_000);

  it("an unreachable or unmigrated database: exit 3, a plain message, never the password", async () => {
    const secret = "s3cret-db-passw0rd";
    const unreachable = await admin(["list-users"], { env: { DATABASE_URL: `postgresql://app:${secret}@127.0.0.1:1/broker` } });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^error: Cannot reach the database at postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/broker: /);
    expect(unreachable.stdout + unreachable.stderr).not.toContain(secret);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);

    const notPostgres = await admin(["list-users"], { env: { DATABASE_URL: `mysql://app:${secret}@db/broker` } });
    expect(notPostgres.code).toBe(3);
    expect(notPostgres.stderr).toContain("DATABASE_URL: must be a postgresql:// URL");
    expect(notPostgres.stderr).not.toContain(secret);

    const empty = await admin(["list-users"], { env: { DATABASE_URL: await createScratchDatabase() } });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain("The database has no tables yet: start the app once");

    const dataDir = mkdtempSync(path.join(os.tmpdir(), "bb-admin-"));
    tempDirs.push(dataDir);
    const noEmbedded = await admin(["list-users"], { env: { DATABASE_URL: undefined, DATA_DIR: dataDir } });
    expect(noEmbedded.code).toBe(3);
    expect(noEmbedded.stderr).toContain(`DATABASE_URL is not set, and no embedded database is running in ${dataDir}`);
  }, 60_000);
});
