import { NextResponse } from "next/server";
import { jsonError, requireApiSession, withJsonErrors } from "@/lib/http/json";
import { toApiSession } from "@/lib/sessions/present";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { historyPageSchema } from "@/lib/validations/history-page";

export const dynamic = "force-dynamic";

// GET /api/sessions?page=N – my active sessions and a page of my session history
export const GET = withJsonErrors(async (request: Request) => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  const page = historyPageSchema.safeParse(new URL(request.url).searchParams.get("page") ?? undefined);
  if (!page.success) return jsonError(400, "page must be a whole number from 1.");
  const now = new Date();
  const [active, history] = await Promise.all([
    listActiveSessions(session.user.id, now, session.sessionId),
    listSessionHistory(session.user.id, page.data, now),
  ]);
  const current = session.sessionId;
  return NextResponse.json(
    {
      active: active.map((s) => toApiSession(s, current)),
      history: {
        items: history.items.map((s) => toApiSession(s, current)),
        total: history.total,
        totalExact: history.totalExact,
        page: history.page,
        pageSize: history.pageSize,
        pageCount: history.pageCount,
      },
    },
    { headers: { "cache-control": "private, no-store" } },
  );
});
