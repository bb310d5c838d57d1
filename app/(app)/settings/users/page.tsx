import type { Metadata } from "next";
import { requireSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Users" };

const ROLE_LABEL = { USER: "User", BILLING_MANAGER: "Billing Manager", ACCOUNT_OWNER: "Account Owner" } as const;

// Placeholder list of the account's members; the roles issue gives it its full content.
export default async function UsersPage() {
  const { user } = await requireSession("/settings/users");
  const members = await getDb().user.findMany({
    where: { accountId: user.accountId },
    orderBy: [{ name: "asc" }],
    select: { id: true, name: true, email: true, role: true },
  });
  return (
    <section aria-labelledby="users-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="users-heading" className="border-b border-slate-200 px-5 py-4 text-base font-semibold dark:border-slate-800">Users</h2>
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {members.map((m) => (
          <li key={m.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
            <div>
              <p className="font-medium">{m.name}</p>
              <p className="text-slate-500 dark:text-slate-400">{m.email}</p>
            </div>
            <span>{ROLE_LABEL[m.role]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
