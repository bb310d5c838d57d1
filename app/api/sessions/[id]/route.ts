import { NextResponse } from "next/server";
import { actorOf } from "@/lib/auth/session";
import { jsonError, requireApiSession, withJsonErrors } from "@/lib/http/json";
import { toApiSession } from "@/lib/sessions/present";
import { endOwnSession, findOwnSession } from "@/lib/sessions/store";
import { sessionIdSchema } from "@/lib/validations/session-id";

export const dynamic = "force-dynamic";

// GET /api/sessions/[id] – one of my sessions, live or ended, with its signals (404 for anyone else's)
export const GET = withJsonErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  const id = sessionIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "Session not found.");
  const found = await findOwnSession(session.user.id, id.data);
  if (!found) return jsonError(404, "Session not found.");
  return NextResponse.json(toApiSession(found, session.sessionId), { headers: { "cache-control": "private, no-store" } });
});

// DELETE /api/sessions/[id] – end one of my sessions (404 for anyone else's)
export const DELETE = withJsonErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { session, error } = await requireApiSession();
  if (error) return error;
  const id = sessionIdSchema.safeParse((await params).id);
  if (!id.success) return jsonError(404, "Session not found.");
  const outcome = await endOwnSession(actorOf(session), { id: id.data });
  if (outcome === "not-found") return jsonError(404, "Session not found.");
  if (outcome === "already-ended") return jsonError(409, "That session has already ended.");
  return NextResponse.json(
    { id: id.data, status: "TERMINATED", current: id.data === session.sessionId },
    { headers: { "cache-control": "no-store" } },
  );
});
