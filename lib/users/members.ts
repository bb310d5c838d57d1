import "server-only";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";
import { memberActivity } from "@/lib/sessions/store";

// The members of an account, as the Users tab shows them. Every query is scoped to the
// caller's account in its WHERE clause: a member of another account is simply not found.

export type Member = {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Still signing in with a one-time password someone else chose. */
  mustChangePassword: boolean;
  deactivatedAt: Date | null;
  /** Active sessions and last activity: for an Account Owner's eyes only, null (never read) for anyone else. */
  activity: { activeSessions: number; lastActiveAt: Date | null } | null;
};

const ROLE_ORDER: Record<Role, number> = { ACCOUNT_OWNER: 0, BILLING_MANAGER: 1, USER: 2, SUPPORT: 3 };

/**
 * Everyone in the account, owners first, deactivated members last. Only with `withActivity`
 * (an Account Owner's Users tab) are their sessions counted and their last activity read.
 */
export async function listAccountMembers(accountId: string, options: { withActivity?: boolean } = {}, now = new Date()): Promise<Member[]> {
  const [users, activity] = await Promise.all([
    getDb().user.findMany({
      where: { accountId },
      orderBy: [{ name: "asc" }, { email: "asc" }],
      select: { id: true, name: true, email: true, role: true, mustChangePassword: true, deactivatedAt: true },
    }),
    options.withActivity ? memberActivity(accountId, now) : null,
  ]);
  return users
    .map((u) => ({ ...u, activity: activity ? (activity.get(u.id) ?? { activeSessions: 0, lastActiveAt: null }) : null }))
    .sort((a, b) => Number(!!a.deactivatedAt) - Number(!!b.deactivatedAt) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}

/** One member of the account, or null when there is no such user in this account. */
export async function findAccountMember(accountId: string, memberId: string) {
  return getDb().user.findFirst({
    where: { id: memberId, accountId },
    select: { id: true, name: true, email: true, role: true, deactivatedAt: true },
  });
}
