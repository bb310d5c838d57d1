import { NextResponse } from "next/server";
import type { StaffSession } from "@/lib/auth/session";
import { jsonError, requireApiSession, withJsonErrors } from "@/lib/http/json";
import { endSession, limitedMessage, lookUpSession } from "@/lib/support/console";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

// For everyone who is not staff these endpoints do not exist: the same 404, byte for byte, as
// for a session that does not exist, whatever the id.
const notFound = () => jsonError(404, "Session not found.");
const limited = (retryAfterSeconds: number) => jsonError(429, limitedMessage(retryAfterSeconds), { "retry-after": String(retryAfterSeconds) });
const json = (body: unknown) => NextResponse.json(body, { headers: { "cache-control": "private, no-store" } });

async function staffOnly(): Promise<{ staff: StaffSession; error?: never } | { staff?: never; error: NextResponse }> {
  const { session, error } = await requireApiSession();
  if (error) return { error };
  if (session.user.kind !== "staff") return { error: notFound() };
  return { staff: session as StaffSession };
}

// GET /api/support/sessions/[id] – a support engineer looks a session up by its full ID
export const GET = withJsonErrors(async (_request: Request, { params }: Params) => {
  const { staff, error } = await staffOnly();
  if (error) return error;
  const result = await lookUpSession(staff, (await params).id);
  if (result.kind === "limited") return limited(result.retryAfterSeconds);
  if (result.kind === "invalid-id") return jsonError(400, result.message);
  if (result.kind === "not-found") return notFound();
  return json(result.session);
});

/** The body, `{ "reason": "…" }`; whatever is not JSON is no reason. */
async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  try {
    const body: unknown = JSON.parse(await request.text());
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// DELETE /api/support/sessions/[id] – a support engineer ends a session, body { "reason": "…" } (shown to the user)
export const DELETE = withJsonErrors(async (request: Request, { params }: Params) => {
  const { staff, error } = await staffOnly();
  if (error) return error;
  const result = await endSession(staff, (await params).id, (await bodyOf(request)).reason);
  switch (result.kind) {
    case "limited":
      return limited(result.retryAfterSeconds);
    case "invalid-id":
    case "invalid-reason":
      return jsonError(400, result.message);
    case "not-found":
      return notFound();
    case "already-ended":
      return jsonError(409, "That session has already ended.");
    case "ended":
      return json(result.session);
  }
});
