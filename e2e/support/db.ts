import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { hashPassword } from "../../lib/auth/password";
import { E2E_STATE_FILE } from "../env.mjs";

// Direct access to the e2e database (the one e2e/serve.mjs created for this run): fresh accounts
// and users for tests that change things, so no test depends on another's order or leftovers,
// and snapshots of the sessions table and the security activity log to prove a refused request
// changed nothing.

let pool: pg.Pool | undefined;

export function db(): pg.Pool {
  if (!pool) {
    const { databaseUrl } = JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as { databaseUrl: string };
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }
  return pool;
}

export type TestUser = { id: string; email: string; name: string; password: string; role: "USER" | "BILLING_MANAGER" | "ACCOUNT_OWNER"; accountId: string };

const unique = () => randomBytes(5).toString("hex");

/** A new account with one user per role (Account Owner, Billing Manager, User). */
export async function createAccount(label: string) {
  const tag = unique();
  const accountId = `acct_${label}_${tag}`;
  await db().query("INSERT INTO accounts (id, name) VALUES ($1, $2)", [accountId, `${label} ${tag}`]);
  const owner = await createUser(accountId, "ACCOUNT_OWNER", `${label}-owner-${tag}`, "Owen Oakley");
  const billing = await createUser(accountId, "BILLING_MANAGER", `${label}-billing-${tag}`, "Bea Bauer");
  const member = await createUser(accountId, "USER", `${label}-member-${tag}`, "Milo Marsh");
  return { accountId, owner, billing, member };
}

export async function createUser(accountId: string, role: TestUser["role"], localPart: string, name: string): Promise<TestUser> {
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const user = { id: `usr_${randomUUID().replaceAll("-", "")}`, email: `${localPart}@e2e.test`, name, password, role, accountId };
  await db().query(
    "INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5, $6)",
    [user.id, accountId, user.email, name, await hashPassword(password), role],
  );
  return user;
}

export type StaffTestUser = Omit<TestUser, "role" | "accountId"> & { role: "SUPPORT"; accountId: null };

/** A Broker Buddha support engineer: staff, in no customer account. */
export async function createStaff(label: string, name = "Sam Support"): Promise<StaffTestUser> {
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const user = { id: `usr_${randomUUID().replaceAll("-", "")}`, email: `${label}-staff-${unique()}@e2e.test`, name, password, role: "SUPPORT" as const, accountId: null };
  await db().query("INSERT INTO users (id, account_id, email, name, password_hash, role) VALUES ($1, NULL, $2, $3, $4, 'SUPPORT')", [
    user.id,
    user.email,
    name,
    await hashPassword(password),
  ]);
  return user;
}

/** A session row made directly in the table (a device other than the test's browser). */
export async function insertSession(userId: string, ip = "81.2.69.142", place: [string, string, string] = ["London", "ENG", "GB"]) {
  const id = randomBytes(24).toString("base64url");
  const handle = randomBytes(12).toString("base64url");
  await db().query(
    `INSERT INTO sessions (id, handle, user_id, created_at, last_active_at, expires_at, max_expires_at, browser, browser_version, os, device_type, ip, city, region, country)
     VALUES ($1, $2, $3, now() - interval '1 hour', now() - interval '5 minutes', now() + interval '6 days', now() + interval '29 days', 'Firefox', '145', 'Windows', 'desktop', $4, $5, $6, $7)`,
    [id, handle, userId, ip, ...place],
  );
  return { id, handle };
}

export type SessionRow = {
  id: string;
  handle: string;
  user_id: string;
  status: string;
  end_reason: string | null;
  ended_by_id: string | null;
  ended_at: Date | null;
  end_note: string | null;
};

/** Every session of these users, in a stable order, with the columns an end would change. */
export async function snapshotSessions(userIds: string[]): Promise<SessionRow[]> {
  const { rows } = await db().query<SessionRow>(
    "SELECT id, handle, user_id, status, end_reason, ended_by_id, ended_at, end_note FROM sessions WHERE user_id = ANY($1) ORDER BY id",
    [userIds],
  );
  return rows;
}

export type EventRow = { id: string; type: string; actor_id: string | null; actor_session_handle: string | null; subject_user_id: string; session_handle: string | null; detail: Record<string, unknown> };

/** Where the security activity log stands: its newest row and how many rows it has (it is append-only). */
export async function snapshotEvents(): Promise<{ lastId: string; count: number }> {
  const { rows } = await db().query<{ last_id: string | null; count: number }>("SELECT max(id)::text AS last_id, count(*)::int AS count FROM security_events");
  return { lastId: rows[0]?.last_id ?? "0", count: rows[0]?.count ?? 0 };
}

/** The events written after a snapshot, oldest first. */
export async function eventsSince(snapshot: { lastId: string }): Promise<EventRow[]> {
  const { rows } = await db().query<EventRow>(
    "SELECT id::text, type, actor_id, actor_session_handle, subject_user_id, session_handle, detail FROM security_events WHERE id > $1::bigint ORDER BY id",
    [snapshot.lastId],
  );
  return rows;
}

export type UserRow = {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  password_changed_at: Date;
  must_change_password: boolean;
  deactivated_at: Date | null;
};

/** The whole users table, by e-mail: proves a refused request created or changed nobody. */
export async function snapshotUsers(): Promise<UserRow[]> {
  const { rows } = await db().query<UserRow>(
    "SELECT id, account_id, email, name, role, password_hash, password_changed_at, must_change_password, deactivated_at FROM users ORDER BY email",
  );
  return rows;
}

export async function sessionRow(id: string): Promise<SessionRow | undefined> {
  const { rows } = await db().query<SessionRow>("SELECT id, handle, user_id, status, end_reason, ended_by_id, ended_at, end_note FROM sessions WHERE id = $1", [id]);
  return rows[0];
}

/** The user's active sessions (id and handle), newest first. */
export async function activeSessions(userId: string) {
  const { rows } = await db().query<{ id: string; handle: string }>(
    "SELECT id, handle FROM sessions WHERE user_id = $1 AND status = 'ACTIVE' AND expires_at > now() ORDER BY created_at DESC",
    [userId],
  );
  return rows;
}
