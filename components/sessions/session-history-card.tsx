import Link from "next/link";
import type { HistoryPage } from "@/lib/sessions/store";
import { Pager } from "@/components/pager";
import { HistoryRow } from "./row-parts";
import { historyRow, SessionTable } from "./session-cells";

/** My Session History: expired and terminated sessions, read-only, newest first, paginated. */
export function SessionHistoryCard({ history, now, hrefFor }: { history: HistoryPage; now: Date; hrefFor: (page: number) => string }) {
  const nowIso = now.toISOString();
  return (
    <section aria-labelledby="history-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="border-b border-slate-200 px-5 py-4 dark:border-slate-800">
        <h2 id="history-heading" className="text-base font-semibold">My Session History</h2>
        <p className="muted mt-0.5 text-sm">
          Previous sessions that expired or were terminated. Look for devices or locations you don&apos;t recognize.
        </p>
      </div>
      {history.total === 0 ? (
        <p className="muted px-5 py-10 text-center text-sm">No previous sessions yet. Sessions you log out of, or that expire, will appear here.</p>
      ) : history.items.length === 0 ? (
        // Only when sessions left the history between its count and its page (retention deleted them).
        <p className="muted px-5 py-10 text-center text-sm">
          There are no sessions on this page. <Link href={hrefFor(1)} className="font-medium text-indigo-700 underline dark:text-indigo-300">Go to the first page</Link>
        </p>
      ) : (
        <SessionTable
          caption={`My Session History, page ${history.page} of ${history.pageCount}`}
          columns={["User & Device", "Session", "Status", "Location", "Created", "Expires"]}
        >
            {history.items.map((s) => (
              <HistoryRow key={s.handle} row={historyRow(s)} now={nowIso} />
            ))}
        </SessionTable>
      )}
      {history.total > 0 && (
        <Pager label="Session history pages" page={history.page} pageCount={history.pageCount} total={history.total} shown={history.items.length} pageSize={history.pageSize} hrefFor={hrefFor} />
      )}
    </section>
  );
}
