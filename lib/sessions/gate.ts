import "server-only";
import { getConfig } from "@/lib/config";
import { getPool } from "@/lib/db/pool";
import { locate, type Location } from "@/lib/geo/locate";
import { UNKNOWN_IP } from "@/lib/http/request-ip";
import { effectiveStatus, expiryReason, isTouchDue, slideExpiry, type SessionStatus } from "./rules";
import { countryChanged } from "./signals";

// Is this session alive? The question the request gate (proxy.ts) asks on every request, and
// requireSession() once per page, action or handler. Part of the session store (store.ts
// re-exports it), kept in its own module so the gate's bundle loads pg and nothing else (and
// geoip-lite only when a touch sees a session on a new address).

import type { Role } from "@/lib/db/generated/enums";

type Person = { id: string; name: string; email: string; mustChangePassword: boolean };
/** A member of a customer account. */
export type CustomerUser = Person & { kind: "customer"; role: Exclude<Role, "SUPPORT">; accountId: string; accountName: string };
/** A Broker Buddha support engineer: staff, member of no customer account. */
export type StaffUser = Person & { kind: "staff"; role: "SUPPORT"; accountId: null; accountName: null };
export type SessionUser = CustomerUser | StaffUser;

export type LiveSession = {
  id: string;
  handle: string;
  userId: string;
  expiresAt: Date;
  user: SessionUser;
};

export type CheckResult = { ok: true; session: LiveSession } | { ok: false; reason: "missing" | "ended" | "expired" };

type Row = {
  handle: string;
  user_id: string;
  status: SessionStatus;
  last_active_at: Date;
  expires_at: Date;
  max_expires_at: Date;
  device_signed_out_at: Date | null;
  ip: string;
  last_ip: string | null;
  country: string | null;
  name: string;
  email: string;
  role: Role;
  account_id: string | null;
  account_name: string | null;
  must_change_password: boolean;
  deactivated: boolean;
};

// A plain primary-key read (with the user and account, so pages need no second query).
const CHECK_SQL = `
SELECT s.handle, s.user_id, s.status, s.last_active_at, s.expires_at, s.max_expires_at, s.device_signed_out_at,
       s.ip, s.last_ip, s.country, u.name, u.email, u.role, u.account_id, a.name AS account_name, u.must_change_password,
       u.deactivated_at IS NOT NULL AS deactivated
  FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN accounts a ON a.id = u.account_id
 WHERE s.id = $1`;

// At most once per touch interval: write last active and the slid expiry (rules.ts computes it).
// The WHERE makes concurrent requests race harmlessly: the first one writes, the rest match nothing.
const TOUCH_SQL = `
UPDATE sessions SET last_active_at = $2, expires_at = $3
 WHERE id = $1 AND status = 'ACTIVE' AND expires_at > $2 AND last_active_at <= $4
RETURNING expires_at`;

// The same touch from a new address: it and its place are recorded, and a first move to another
// country than the sign-in's is flagged (signals.ts decides; $9 says so).
const TOUCH_MOVED_SQL = `
UPDATE sessions SET last_active_at = $2, expires_at = $3, last_ip = $5, last_city = $6, last_region = $7, last_country = $8,
       location_changed_at = CASE WHEN $9::boolean THEN COALESCE(location_changed_at, $2) ELSE location_changed_at END
 WHERE id = $1 AND status = 'ACTIVE' AND expires_at > $2 AND last_active_at <= $4
RETURNING expires_at`;

// The first refusal of a dead session, recorded once: an active row past its expiry becomes
// Expired (with the reason rules.ts gives), and the moment its device was turned away is kept.
const EXPIRE_SQL = `
UPDATE sessions SET status = 'EXPIRED', end_reason = $3::"EndReason", ended_at = expires_at,
       device_signed_out_at = COALESCE(device_signed_out_at, $2)
 WHERE id = $1 AND status = 'ACTIVE' AND expires_at <= $2`;
const SIGNED_OUT_SQL = `
UPDATE sessions SET device_signed_out_at = $2 WHERE id = $1 AND device_signed_out_at IS NULL AND status <> 'ACTIVE'`;

/**
 * A dead session is never accepted; its first refusal is recorded, later ones cost one read.
 * `ip` is the request's client address, when the caller knows it: the touch records it.
 */
export async function checkSession(sessionId: string, now = new Date(), ip?: string | null): Promise<CheckResult> {
  const lifetimes = getConfig().session;
  const pool = getPool();
  const { rows } = await pool.query<Row>({ name: "gate_check", text: CHECK_SQL, values: [sessionId] });
  const row = rows[0];
  if (!row) return { ok: false, reason: "missing" };
  // Deactivating a user ends their sessions in the same statement; this is the belt to those braces.
  if (row.deactivated) return { ok: false, reason: "ended" };

  const timed = { status: row.status, expiresAt: row.expires_at, maxExpiresAt: row.max_expires_at };
  if (effectiveStatus(timed, now) !== "ACTIVE") {
    if (row.status === "ACTIVE") {
      await pool.query({ name: "gate_expire", text: EXPIRE_SQL, values: [sessionId, now, expiryReason(timed)] });
    } else if (!row.device_signed_out_at) {
      await pool.query({ name: "gate_signed_out", text: SIGNED_OUT_SQL, values: [sessionId, now] });
    }
    return { ok: false, reason: row.status === "TERMINATED" ? "ended" : "expired" };
  }

  let expiresAt = row.expires_at;
  if (isTouchDue(row.last_active_at, now, lifetimes)) {
    const slid = slideExpiry(now, row.max_expires_at, lifetimes);
    const dueBefore = new Date(now.getTime() - lifetimes.touchIntervalMs);
    const touch = [sessionId, now, slid, dueBefore];
    // The place is looked up only here, once a minute at most, and only for an address not seen last time.
    const moved = ip && ip !== UNKNOWN_IP && ip !== (row.last_ip ?? row.ip) ? { ip, place: locate(ip) } : null;
    const touched = moved
      ? await pool.query<{ expires_at: Date }>({ name: "gate_touch_moved", text: TOUCH_MOVED_SQL, values: [...touch, ...movedValues(row, moved)] })
      : await pool.query<{ expires_at: Date }>({ name: "gate_touch", text: TOUCH_SQL, values: touch });
    expiresAt = touched.rows[0]?.expires_at ?? expiresAt;
  }
  return {
    ok: true,
    session: {
      id: sessionId,
      handle: row.handle,
      userId: row.user_id,
      expiresAt,
      user: sessionUser(row),
    },
  };
}

function movedValues(row: Row, moved: { ip: string; place: Location }) {
  const { city, region, country } = moved.place;
  return [moved.ip, city, region, country, countryChanged(row.country, country)];
}

/** Staff (role SUPPORT, no account: a CHECK constraint keeps the two together) or a customer. */
function sessionUser(row: Row): SessionUser {
  const person = { id: row.user_id, name: row.name, email: row.email, mustChangePassword: row.must_change_password };
  if (row.role === "SUPPORT" || row.account_id === null) return { ...person, kind: "staff", role: "SUPPORT", accountId: null, accountName: null };
  return { ...person, kind: "customer", role: row.role, accountId: row.account_id, accountName: row.account_name ?? "" };
}
