import { NextResponse } from "next/server";
import { actorOf } from "@/lib/auth/session";
import { jsonError, requireApiSession, withJsonErrors } from "@/lib/http/json";
import { reportSession } from "@/lib/sessions/store";
import { sessionIdSchema } from "@/lib/validations/session-id";

export const dynamic = "force-dynamic";

// POST /api/sessions/[id]/report – "Wasn't me?": end that session of mine and every later one but
// the one in use (404 for anyone else's, a malformed id, or the session in use)
export const POST = withJsonErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  const id = sessionIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "Session not found.");
  const outcome = await reportSession(actorOf(session), { id: id.data });
  if (!outcome.reported) return jsonError(404, "Session not found.");
  return NextResponse.json(
    // What to do next is the same as in the app: change the password (Settings → Password).
    { id: id.data, endReason: "REPORTED", endedSessions: outcome.endedSessions },
    { headers: { "cache-control": "no-store" } },
  );
});
