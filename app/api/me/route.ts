import { NextResponse } from "next/server";
import { requireApiSession, withJsonErrors } from "@/lib/http/json";
import { truncateSessionId } from "@/lib/sessions/ids";

export const dynamic = "force-dynamic";

// GET /api/me – who am I (a light signed-in endpoint, also used by bench/gate)
export const GET = withJsonErrors(async () => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  return NextResponse.json(
    { userId: session.user.id, sessionId: truncateSessionId(session.sessionId) },
    { headers: { "cache-control": "private, no-store" } },
  );
});
