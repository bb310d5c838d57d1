import "server-only";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";

// The operator's view across every account, for the admin CLI: find a user by e-mail, list
// accounts and users. Nothing here is reachable from the app's pages or API.

export type DirectoryUser = {
  id: string;
  /** Null for staff (Broker Buddha support), who belong to no account. */
  accountId: string | null;
  accountName: string | null;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  deactivatedAt: Date | null;
  createdAt: Date;
};

const userFields = {
  id: true,
  accountId: true,
  email: true,
  name: true,
  role: true,
  mustChangePassword: true,
  deactivatedAt: true,
  createdAt: true,
  account: { select: { name: true } },
} as const;

function toDirectoryUser({ account, ...user }: { account: { name: string } | null } & Omit<DirectoryUser, "accountName">): DirectoryUser {
  return { ...user, accountName: account?.name ?? null };
}

/** The user with this (lower-cased) e-mail address, in whichever account. */
export async function findUserByEmail(email: string): Promise<DirectoryUser | null> {
  if (!email) return null;
  const user = await getDb().user.findUnique({ where: { email }, select: userFields });
  return user ? toDirectoryUser(user) : null;
}

export async function findAccount(accountId: string): Promise<{ id: string; name: string } | null> {
  if (!accountId) return null;
  return getDb().account.findUnique({ where: { id: accountId }, select: { id: true, name: true } });
}

/** Every account, oldest first, with how many members it has (active / deactivated). */
export async function listAccounts() {
  const db = getDb();
  const [accounts, active, deactivated] = await Promise.all([
    db.account.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, createdAt: true } }),
    db.user.groupBy({ by: ["accountId"], where: { deactivatedAt: null }, _count: { _all: true } }),
    db.user.groupBy({ by: ["accountId"], where: { deactivatedAt: { not: null } }, _count: { _all: true } }),
  ]);
  const count = (groups: typeof active, id: string) => groups.find((g) => g.accountId === id)?._count._all ?? 0;
  return accounts.map((a) => ({ ...a, activeUsers: count(active, a.id), deactivatedUsers: count(deactivated, a.id) }));
}

/** The users of one account, the staff, or everyone: by account (staff last), then e-mail. */
export async function listUsers(accountId?: string | "staff"): Promise<DirectoryUser[]> {
  const users = await getDb().user.findMany({
    where: accountId === "staff" ? { role: "SUPPORT" } : accountId ? { accountId } : {},
    orderBy: [{ accountId: "asc" }, { email: "asc" }],
    select: userFields,
  });
  return users.map(toDirectoryUser);
}
