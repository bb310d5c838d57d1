import { randomBytes } from "node:crypto";
import { getDb, getPool } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";
import { createSession } from "@/lib/sessions/store";

// Accounts, users and sessions for integration tests, created through the same code paths the
// app uses (createSession for sessions), each with unique ids so tests in a file never collide.

export const UA = {
  chromeMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
};

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

const unique = () => randomBytes(5).toString("hex");

export async function createAccount(name = "Test Account"): Promise<string> {
  const id = `acct_${unique()}`;
  await getDb().account.create({ data: { id, name } });
  return id;
}

export type TestUser = { id: string; accountId: string; email: string; role: Role };

export async function createUser(accountId: string, role: Role = "USER"): Promise<TestUser> {
  const id = `usr_${unique()}`;
  const email = `${id}@example.com`;
  await getDb().user.create({ data: { id, accountId, email, name: `User ${id}`, passwordHash: "not-a-real-hash", role } });
  return { id, accountId, email, role };
}

/** A Broker Buddha support engineer: role SUPPORT, in no account. */
export async function createStaffUser(name = "Sam Support"): Promise<{ id: string; email: string; name: string }> {
  const id = `usr_${unique()}`;
  const email = `${id}@brokerbuddha.example`;
  await getDb().user.create({ data: { id, accountId: null, email, name, passwordHash: "not-a-real-hash", role: "SUPPORT" } });
  return { id, email, name };
}

/** A session signed in at `at` (default now) through the store's own createSession. */
export async function signIn(
  userId: string,
  options: { at?: Date; userAgent?: string | null; ip?: string } = {},
): Promise<string> {
  return createSession(
    { userId, userAgent: options.userAgent === undefined ? UA.chromeMac : options.userAgent, ip: options.ip ?? "127.0.0.1" },
    options.at ?? new Date(),
  );
}

/** The raw row, as the database holds it (no Prisma omit or mapping). */
export async function sessionRow(id: string) {
  const { rows } = await getPool().query("SELECT * FROM sessions WHERE id = $1", [id]);
  return rows[0] as
    | {
        id: string;
        handle: string;
        user_id: string;
        status: "ACTIVE" | "EXPIRED" | "TERMINATED";
        created_at: Date;
        last_active_at: Date;
        expires_at: Date;
        max_expires_at: Date;
        ended_at: Date | null;
        end_reason: string | null;
        ended_by_id: string | null;
        ended_by_session_id: string | null;
        device_signed_out_at: Date | null;
        user_agent: string;
        browser: string | null;
        browser_version: string | null;
        os: string | null;
        os_version: string | null;
        device_type: string;
        ip: string;
        city: string | null;
        region: string | null;
        country: string | null;
      }
    | undefined;
}
