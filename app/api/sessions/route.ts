import { NextResponse } from "next/server";
import { jsonError, requireApiSession, withJsonErrors } from "@/lib/http/json";
import { toApiSession } from "@/lib/sessions/present";
import { listActiveSessions, listSessionHistory } from "@/lib/sessions/store";
import { historyCursorIdSchema, historyPageSchema } from "@/lib/validations/history-page";

export const dynamic = "force-dynamic";

// GET /api/sessions?page=N[&after=ID|&before=ID] – my active sessions and a page of my session
// history: page N, found from the session just before it (after=, the last of page N-1) or just
// after it (before=, the first of page N+1) when given, which costs the same at any depth.
export const GET = withJsonErrors(async (request: Request) => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  const params = new URL(request.url).searchParams;
  const page = historyPageSchema.safeParse(params.get("page") ?? undefined);
  if (!page.success) return jsonError(400, "page must be a whole number from 1.");
  const after = historyCursorIdSchema.safeParse(params.get("after") ?? undefined);
  const before = historyCursorIdSchema.safeParse(params.get("before") ?? undefined);
  if (!after.success || !before.success || (after.data && before.data)) return jsonError(400, "after or before must be one session ID.");
  const cursor = after.data ? { direction: "after" as const, id: after.data } : before.data ? { direction: "before" as const, id: before.data } : null;
  const now = new Date();
  const [active, history] = await Promise.all([
    listActiveSessions(session.user.id, now, session.sessionId),
    listSessionHistory(session.user.id, page.data, now, undefined, cursor),
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
