import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/session";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { findAccountMember } from "@/lib/users/members";
import { memberIdSchema } from "@/lib/validations/member-id";
import { describeDevice } from "@/lib/sessions/user-agent";
import { EndAllMemberSessions, MemberSessionsProvider } from "@/components/member-session-controls";
import { MemberActiveSessions, MemberSessionHistory } from "@/components/member-session-tables";
import { Avatar, RoleBadge } from "@/components/role-badge";
import { NewSignInNotice } from "@/components/sessions/new-sign-in-notice";

export const metadata: Metadata = { title: "Member sessions" };

const HISTORY_SIZE = 10;

type Params = Promise<{ userId: string }>;

// An Account Owner's view of one member's sessions. For anyone else, and for any id that is not
// a member of the owner's own account, this page does not exist (404, never 403).
export default async function MemberSessionsPage({ params }: { params: Params }) {
  const { userId } = await params;
  const session = await requireCustomer(`/settings/users/${encodeURIComponent(userId)}`);
  const { user } = session;
  if (user.role !== "ACCOUNT_OWNER") notFound();
  const memberId = memberIdSchema.safeParse(userId);
  if (!memberId.success) notFound();
  if (memberId.data === user.id) redirect("/settings/sessions");
  const member = await findAccountMember(user.accountId, memberId.data);
  if (!member) notFound();

  const now = new Date();
  const [active, history] = await Promise.all([
    listActiveSessions(member.id, now),
    listSessionHistory(member.id, 1, now, HISTORY_SIZE),
  ]);

  return (
    <>
      <NewSignInNotice />
      <div className="space-y-6">
        <Link href="/settings/users" className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 hover:text-indigo-600 dark:text-indigo-300 dark:hover:text-indigo-200">
          <span aria-hidden="true">←</span> All users
        </Link>

        <section aria-labelledby="member-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 dark:border-slate-800 dark:bg-slate-900">
          <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="flex min-w-0 items-center gap-4">
              <Avatar name={member.name} className="size-12 text-sm" />
              <div className="min-w-0">
                <h2 id="member-heading" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
                  <span className="truncate">{member.name}</span> <RoleBadge role={member.role} />
                  {member.deactivatedAt && (
                    <span className="whitespace-nowrap rounded bg-red-50 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-red-700 dark:bg-red-500/15 dark:text-red-200">Deactivated</span>
                  )}
                </h2>
                <p className="truncate text-sm text-slate-500 dark:text-slate-400">{member.email}</p>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
                  {member.deactivatedAt ? "Deactivated: cannot sign in" : active.length === 0 ? "Not signed in anywhere" : `Signed in on ${active.length} device${active.length === 1 ? "" : "s"}`}
                </p>
              </div>
            </div>
            <EndAllMemberSessions memberId={member.id} memberName={member.name} activeCount={active.length} />
          </div>
        </section>

        <section aria-labelledby="member-active-heading" className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <div className="border-b border-slate-200 px-4 py-4 sm:px-5 dark:border-slate-800">
            <h3 id="member-active-heading" className="text-base font-semibold">Active Sessions</h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Ending a session signs that device out on its next request. It is recorded as ended by you.
            </p>
          </div>
          <MemberSessionsProvider devices={Object.fromEntries(active.map((s) => [s.handle, describeDevice(s)]))}>
            <MemberActiveSessions memberId={member.id} memberName={member.name} sessions={active} now={now} />
          </MemberSessionsProvider>
        </section>

        <section aria-labelledby="member-history-heading" className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <div className="border-b border-slate-200 px-4 py-4 sm:px-5 dark:border-slate-800">
            <h3 id="member-history-heading" className="text-base font-semibold">Recent Session History</h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              {history.total > HISTORY_SIZE ? `The ${HISTORY_SIZE} most recent of ${history.total.toLocaleString("en-US")} ended sessions.` : "Sessions that expired or were terminated, newest first."}
            </p>
          </div>
          <MemberSessionHistory sessions={history.items} now={now} />
        </section>
      </div>
    </>
  );
}
