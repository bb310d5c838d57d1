import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireCustomer } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { listAccountActivity } from "@/lib/security/activity";
import { listAccountMembers } from "@/lib/users/members";
import { activityMemberSchema, activityPageSchema } from "@/lib/validations/activity-query";
import { hrefWith, Pager, pageParam } from "@/components/pager";
import { ActivityTable } from "@/components/security/activity-table";
import { NewSignInNotice } from "@/components/sessions/new-sign-in-notice";

export const metadata: Metadata = { title: "Activity" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DAY_MS = 24 * 3600 * 1000;

// Settings → Activity: an Account Owner's view of the security activity of everyone in their
// account, filterable by member (?member=), paginated (?page=), downloadable as CSV. For anyone
// else — and for a member of another account — this page does not exist (404).
export default async function AccountActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireCustomer("/settings/activity");
  if (user.role !== "ACCOUNT_OWNER") notFound();
  const query = await searchParams;
  if (Array.isArray(query.page) || Array.isArray(query.member)) notFound();
  const page = activityPageSchema.safeParse(query.page);
  const member = activityMemberSchema.safeParse(query.member);
  if (!page.success || !member.success) notFound();

  const now = new Date();
  const [activity, members] = await Promise.all([
    listAccountActivity(user, { memberId: member.data, page: page.data }, now),
    listAccountMembers(user.accountId),
  ]);
  if (!activity) notFound();
  const selected = members.find((m) => m.id === member.data) ?? null;
  const days = Math.round(getConfig().retention.endedSessionsMs / DAY_MS);
  const hrefFor = (p: number) => hrefWith("/settings/activity", { member: member.data, page: pageParam(p) });
  const csvHref = hrefWith("/settings/activity/csv", { member: member.data });

  return (
    <>
      <NewSignInNotice />
      <section aria-labelledby="account-activity-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-col gap-4 border-b border-slate-200 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5 dark:border-slate-800">
          <div>
            <h2 id="account-activity-heading" className="text-base font-semibold">Account activity</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Sign-ins, failed attempts, sessions ended, password and role changes and Broker Buddha support access for everyone in {user.accountName}, from the last {days} days.
            </p>
          </div>
          <a
            href={csvHref}
            download
            className="inline-flex shrink-0 items-center gap-1.5 self-start rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
          >
            <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-4">
              <path d="M10 3v9M6 8.5l4 4 4-4M4 15.5h12" />
            </svg>
            Download CSV
          </a>
        </div>

        <form method="get" action="/settings/activity" className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3 sm:px-5 dark:border-slate-800">
          <div className="min-w-0 grow sm:grow-0">
            <label htmlFor="activity-member" className="block text-xs font-medium text-slate-600 dark:text-slate-400">Member</label>
            <select
              id="activity-member"
              name="member"
              defaultValue={member.data ?? ""}
              className="mt-1 block w-full max-w-full rounded-md border border-slate-300 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 shadow-xs focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 sm:w-72 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
            >
              <option value="">All members</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.email}){m.deactivatedAt ? " — deactivated" : ""}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-indigo-500 dark:hover:bg-indigo-400"
          >
            Show
          </button>
          {selected && (
            <Link href="/settings/activity" className="py-1.5 text-sm font-medium text-indigo-700 hover:text-indigo-600 dark:text-indigo-300 dark:hover:text-indigo-200">
              Show everyone
            </Link>
          )}
        </form>

        {activity.total === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
            {selected ? `No security activity for ${selected.name} in the last ${days} days.` : `No security activity in the last ${days} days.`}
          </p>
        ) : activity.items.length === 0 ? (
          <p className="px-5 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
            There is no activity on this page. <Link href={hrefFor(1)} className="font-medium text-indigo-700 underline dark:text-indigo-300">Go to the first page</Link>
          </p>
        ) : (
          <ActivityTable
            items={activity.items}
            now={now}
            showMember
            caption={`Account activity${selected ? ` of ${selected.name}` : ""}, page ${activity.page} of ${activity.pageCount}`}
          />
        )}
        {activity.total > 0 && (
          <Pager label="Account activity pages" page={activity.page} pageCount={activity.pageCount} total={activity.total} shown={activity.items.length} pageSize={activity.pageSize} hrefFor={hrefFor} />
        )}
      </section>
    </>
  );
}
