import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { listOwnActivity } from "@/lib/security/activity";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { activityPageSchema } from "@/lib/validations/activity-query";
import { historyPageSchema } from "@/lib/validations/history-page";
import { hrefWith, pageParam } from "@/components/pager";
import { SessionsUiProvider } from "@/components/sessions/sessions-ui";
import { ActiveSessionsCard } from "@/components/sessions/active-sessions-card";
import { SessionHistoryCard } from "@/components/sessions/session-history-card";
import { SecurityActivityCard } from "@/components/security/security-activity-card";

export const metadata: Metadata = { title: "My Sessions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Settings → My Sessions: only the signed-in user's own sessions and security activity, whatever
// their role. History (?page=) and activity (?activity=) page independently.
export default async function MySessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession("/settings/sessions");
  const query = await searchParams;
  const page = historyPageSchema.safeParse(typeof query.page === "string" ? query.page : undefined);
  const activityPage = activityPageSchema.safeParse(typeof query.activity === "string" ? query.activity : undefined);
  if (!page.success || !activityPage.success || Array.isArray(query.page) || Array.isArray(query.activity)) notFound();

  const now = new Date();
  const [active, history, activity] = await Promise.all([
    listActiveSessions(session.user.id, now, session.sessionId),
    listSessionHistory(session.user.id, page.data, now),
    listOwnActivity(session.user.id, activityPage.data, now),
  ]);
  const href = (pages: { history: number; activity: number }) =>
    hrefWith("/settings/sessions", { page: pageParam(pages.history), activity: pageParam(pages.activity) });

  return (
    <SessionsUiProvider>
      <div className="space-y-6">
        <ActiveSessionsCard
          sessions={active}
          currentSessionId={session.sessionId}
          historyHandles={history.items.map((s) => s.handle)}
          now={now}
        />
        <SessionHistoryCard history={history} now={now} hrefFor={(p) => href({ history: p, activity: activityPage.data })} />
        <SecurityActivityCard activity={activity} now={now} hrefFor={(p) => href({ history: page.data, activity: p })} />
      </div>
    </SessionsUiProvider>
  );
}
