import Link from "next/link";
import type { HistoryPage } from "@/lib/sessions/store";
import { truncateSessionId } from "@/lib/sessions/ids";
import { Pager } from "@/components/pager";
import { ExpiresTime } from "./expires-time";
import { LocalTime } from "./local-time";
import { RowFlags } from "./session-flags-cell";
import { Cell, EndNote, LocationText, rowClass, SessionTable, StatusBadge, UserDevice } from "./session-cells";
import { SessionIdCell } from "./session-controls";

/** My Session History: expired and terminated sessions, read-only, newest first, paginated. */
export function SessionHistoryCard({ history, now, hrefFor }: { history: HistoryPage; now: Date; hrefFor: (page: number) => string }) {
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
              <tr key={s.handle} data-testid="history-session" data-status={s.status} className={rowClass}>
                <Cell label="User & Device" className="col-span-2"><UserDevice session={s} now={now} /><RowFlags session={s} /></Cell>
                <Cell label="Session"><SessionIdCell handle={s.handle} truncated={truncateSessionId(s.id)} /></Cell>
                <Cell label="Status">
                  <StatusBadge status={s.status} />
                  <EndNote session={s} now={now} />
                </Cell>
                <Cell label="Location"><LocationText session={s} /></Cell>
                <Cell label="Created" className="md:whitespace-nowrap">
                  <LocalTime iso={s.createdAt.toISOString()} />
                </Cell>
                <Cell label="Expires" className="md:whitespace-nowrap">
                  <ExpiresTime status={s.status} expiresAt={s.expiresAt.toISOString()} endedAt={s.endedAt?.toISOString() ?? null} />
                </Cell>
              </tr>
            ))}
        </SessionTable>
      )}
      {history.total > 0 && (
        <Pager label="Session history pages" page={history.page} pageCount={history.pageCount} total={history.total} shown={history.items.length} pageSize={history.pageSize} hrefFor={hrefFor} />
      )}
    </section>
  );
}
