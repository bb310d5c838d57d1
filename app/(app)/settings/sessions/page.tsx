import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { listOwnActivity } from "@/lib/security/activity";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { describeDevice } from "@/lib/sessions/user-agent";
import { clampPage, historyCursorQuerySchema, pageQuerySchema } from "@/lib/validations/history-page";
import { hrefWith, pageParam } from "@/components/pager";
import { SessionsUiProvider } from "@/components/sessions/sessions-ui";
import { ACTIVE_SHOWN, ActiveSessionsCard } from "@/components/sessions/active-sessions-card";
import { SessionHistoryCard } from "@/components/sessions/session-history-card";
import { SecurityActivityCard } from "@/components/security/security-activity-card";
import { NewSignInNotice } from "@/components/sessions/new-sign-in-notice";

export const metadata: Metadata = { title: "My Sessions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
/** after / before: the history row the history page starts next to (its Next / Previous links). */
type View = { history: number; activity: number; all: boolean; after?: string; before?: string };

const href = (view: View) =>
  hrefWith("/settings/sessions", {
    sessions: view.all ? "all" : null,
    page: pageParam(view.history),
    after: view.history > 1 ? view.after : null,
    before: view.history > 1 && !view.after ? view.before : null,
    activity: pageParam(view.activity),
  });

// Settings → My Sessions: only the signed-in user's own sessions and security activity, whatever
// their role. History (?page=) and activity (?activity=) page independently; ?sessions=all lists
// every active session. The history's Next and Previous links also name the row the page starts
// next to (?after=, ?before=: a row handle), so any page costs the same to read however deep. A
// page number that is malformed or past the end lands on the nearest page.
export default async function MySessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession("/settings/sessions");
  const query = await searchParams;
  const asked: View = {
    history: pageQuerySchema.parse(query.page),
    activity: pageQuerySchema.parse(query.activity),
    all: query.sessions === "all",
    after: historyCursorQuerySchema.parse(query.after),
    before: historyCursorQuerySchema.parse(query.before),
  };
  const cursor = asked.history <= 1 ? null
    : asked.after ? { direction: "after" as const, handle: asked.after }
    : asked.before ? { direction: "before" as const, handle: asked.before }
    : null;

  const now = new Date();
  const [active, history, activity] = await Promise.all([
    listActiveSessions(session.user.id, now, session.sessionId),
    listSessionHistory(session.user.id, asked.history, now, undefined, cursor),
    listOwnActivity(session.user.id, asked.activity, now),
  ]);
  const historyPage = clampPage(asked.history, history.pageCount);
  // A page number brought back within range loses its cursor: it named a place past the end.
  const kept = historyPage === asked.history ? { after: asked.after, before: asked.before } : { after: undefined, before: undefined };
  const view: View = { ...asked, ...kept, history: historyPage, activity: clampPage(asked.activity, activity.pageCount) };
  const differs = (raw: string | string[] | undefined, value: string) => raw !== undefined && String(raw) !== value;
  const strays = (raw: string | string[] | undefined, value: string | undefined) => raw !== undefined && (value === undefined || String(raw) !== value);
  if (
    differs(query.page, String(view.history)) ||
    differs(query.activity, String(view.activity)) ||
    differs(query.sessions, "all") ||
    strays(query.after, view.history > 1 ? view.after : undefined) ||
    strays(query.before, view.history > 1 && !view.after ? view.before : undefined)
  ) {
    redirect(href(view));
  }
  // Next starts after this page's last row, Previous before its first; page 1 is the plain URL.
  const historyHref = (page: number) => {
    const [first, last] = [history.items[0], history.items.at(-1)];
    const at = page === view.history + 1 && last ? { after: last.handle, before: undefined } : page === view.history - 1 && first ? { after: undefined, before: first.handle } : { after: undefined, before: undefined };
    return href({ ...view, ...at, history: page });
  };

  return (
    <>
      <NewSignInNotice />
      <SessionsUiProvider devices={Object.fromEntries(active.slice(0, view.all ? undefined : ACTIVE_SHOWN).map((s) => [s.handle, describeDevice(s)]))}>
        <div className="space-y-6">
          <ActiveSessionsCard
            sessions={active}
            currentSessionId={session.sessionId}
            historyHandles={history.items.map((s) => s.handle)}
            now={now}
            showAll={view.all}
            toggleHref={href({ ...view, all: !view.all })}
          />
          <SessionHistoryCard history={history} now={now} hrefFor={historyHref} />
          <SecurityActivityCard activity={activity} now={now} hrefFor={(p) => href({ ...view, activity: p })} />
        </div>
      </SessionsUiProvider>
    </>
  );
}
