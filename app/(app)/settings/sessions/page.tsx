import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { listOwnActivity } from "@/lib/security/activity";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { describeDevice } from "@/lib/sessions/user-agent";
import { clampPage, pageQuerySchema } from "@/lib/validations/history-page";
import { hrefWith, pageParam } from "@/components/pager";
import { SessionsUiProvider } from "@/components/sessions/sessions-ui";
import { ACTIVE_SHOWN, ActiveSessionsCard } from "@/components/sessions/active-sessions-card";
import { SessionHistoryCard } from "@/components/sessions/session-history-card";
import { SecurityActivityCard } from "@/components/security/security-activity-card";

export const metadata: Metadata = { title: "My Sessions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type View = { history: number; activity: number; all: boolean };

const href = (view: View) =>
  hrefWith("/settings/sessions", { sessions: view.all ? "all" : null, page: pageParam(view.history), activity: pageParam(view.activity) });

// Settings → My Sessions: only the signed-in user's own sessions and security activity, whatever
// their role. History (?page=) and activity (?activity=) page independently; ?sessions=all lists
// every active session. A page number that is malformed or past the end lands on the nearest page.
export default async function MySessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession("/settings/sessions");
  const query = await searchParams;
  const asked: View = {
    history: pageQuerySchema.parse(query.page),
    activity: pageQuerySchema.parse(query.activity),
    all: query.sessions === "all",
  };

  const now = new Date();
  const [active, history, activity] = await Promise.all([
    listActiveSessions(session.user.id, now, session.sessionId),
    listSessionHistory(session.user.id, asked.history, now),
    listOwnActivity(session.user.id, asked.activity, now),
  ]);
  const view: View = { ...asked, history: clampPage(asked.history, history.pageCount), activity: clampPage(asked.activity, activity.pageCount) };
  const differs = (raw: string | string[] | undefined, value: string) => raw !== undefined && String(raw) !== value;
  if (differs(query.page, String(view.history)) || differs(query.activity, String(view.activity)) || differs(query.sessions, "all")) {
    redirect(href(view));
  }

  return (
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
        <SessionHistoryCard history={history} now={now} hrefFor={(p) => href({ ...view, history: p })} />
        <SecurityActivityCard activity={activity} now={now} hrefFor={(p) => href({ ...view, activity: p })} />
      </div>
    </SessionsUiProvider>
  );
}
