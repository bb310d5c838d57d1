import Link from "next/link";
import type { ActivityPage } from "@/lib/security/activity";
import { Pager } from "@/components/pager";
import { ActivityTable } from "./activity-table";

/** Recent security activity: the third card of My Sessions, the signed-in user's own events, paginated. */
export function SecurityActivityCard({ activity, now, hrefFor }: { activity: ActivityPage; now: Date; hrefFor: (page: number) => string }) {
  return (
    <section aria-labelledby="activity-heading" data-testid="security-activity" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="border-b border-slate-200 px-5 py-4 dark:border-slate-800">
        <h2 id="activity-heading" className="text-base font-semibold">Recent security activity</h2>
        <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">
          Sign-ins, failed sign-in attempts, sessions ended, password changes and every time Broker Buddha support looked at your sessions.
        </p>
      </div>
      {activity.total === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-slate-500 dark:text-slate-400">No security activity yet. Sign-ins and changes to your sessions will appear here.</p>
      ) : activity.items.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
          There is no activity on this page. <Link href={hrefFor(1)} className="font-medium text-indigo-700 underline dark:text-indigo-300">Go to the first page</Link>
        </p>
      ) : (
        <ActivityTable items={activity.items} now={now} caption={`Recent security activity, page ${activity.page} of ${activity.pageCount}`} />
      )}
      {activity.total > 0 && (
        <Pager label="Security activity pages" page={activity.page} pageCount={activity.pageCount} total={activity.total} shown={activity.items.length} pageSize={activity.pageSize} hrefFor={hrefFor} />
      )}
    </section>
  );
}
