import type { Metadata } from "next";
import { requireCustomer } from "@/lib/auth/session";
import { listAccountMembers } from "@/lib/users/members";
import { AddMember } from "@/components/add-member";
import { MembersTable } from "@/components/members-table";
import { NewSignInNotice } from "@/components/sessions/new-sign-in-notice";

export const metadata: Metadata = { title: "Users" };

// The default Settings tab: the members of the signed-in user's account. Everyone sees names,
// e-mail addresses and roles; an Account Owner also sees their active sessions and last activity,
// adds members, changes roles, deactivates members and opens their sessions (and every one of
// those actions and pages checks again on the server).
export default async function UsersPage() {
  const { user } = await requireCustomer("/settings/users");
  const now = new Date();
  const canManage = user.role === "ACCOUNT_OWNER";
  // Colleagues' session counts and last activity are the Account Owner's business only.
  const members = await listAccountMembers(user.accountId, { withActivity: canManage }, now);
  const deactivated = members.filter((m) => m.deactivatedAt).length;
  return (
    <>
      <NewSignInNotice />
      <section aria-labelledby="users-heading" className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-col gap-4 border-b border-slate-200 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-5 dark:border-slate-800">
          <div>
            <h2 id="users-heading" className="text-base font-semibold">
              Users <span className="ml-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-300">{members.length - deactivated}</span>
              {deactivated > 0 && <span className="ml-2 text-xs font-normal text-slate-500 dark:text-slate-400">+ {deactivated} deactivated</span>}
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              {canManage
                ? `Everyone in ${user.accountName}. As an Account Owner you add members, change their roles, deactivate them and end their sessions.`
                : `Everyone in ${user.accountName}. Only an Account Owner can manage members and their sessions.`}
            </p>
          </div>
          {canManage && <AddMember />}
        </div>
        <MembersTable members={members} currentUserId={user.id} canManage={canManage} now={now} />
      </section>
    </>
  );
}
