import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { historyPageSchema } from "@/lib/validations/history-page";
import { SessionsUiProvider } from "@/components/sessions/sessions-ui";
import { ActiveSessionsCard } from "@/components/sessions/active-sessions-card";
import { SessionHistoryCard } from "@/components/sessions/session-history-card";

export const metadata: Metadata = { title: "My Sessions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Settings → My Sessions: only the signed-in user's own sessions, whatever their role.
export default async function MySessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requireSession("/settings/sessions");
  const raw = (await searchParams).page;
  const page = historyPageSchema.safeParse(typeof raw === "string" ? raw : undefined);
  if (!page.success || Array.isArray(raw)) notFound();

  const now = new Date();
  const [active, history] = await Promise.all([
    listActiveSessions(session.user.id, now, session.sessionId),
    listSessionHistory(session.user.id, page.data, now),
  ]);

  return (
    <SessionsUiProvider>
      <div className="space-y-6">
        <ActiveSessionsCard
          sessions={active}
          currentSessionId={session.sessionId}
          historyHandles={history.items.map((s) => s.handle)}
          now={now}
        />
        <SessionHistoryCard history={history} now={now} />
      </div>
    </SessionsUiProvider>
  );
}
