import "server-only";
import type { StaffSession } from "@/lib/auth/session";
import { endSessionBySupport, findSessionForSupport, type SupportActor } from "@/lib/sessions/store";
import { supportNoteSchema, supportSessionIdSchema } from "@/lib/validations/support";
import { consumeSupportLookup } from "./lookup-limit";
import { toSupportJson, type SupportSessionJson } from "./present";

// What the support console does, once, for its Server Actions and its JSON API alike: count the
// attempt against the staff member's lookup limit, check the input, then ask the session store.
// The input is checked before anything is looked up, so a refusal never depends on whether the
// session exists.

export type LookupResult =
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "invalid-id"; message: string }
  | { kind: "not-found" }
  | { kind: "found"; session: SupportSessionJson };

export type EndResult =
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "invalid-id"; message: string }
  | { kind: "invalid-reason"; message: string }
  | { kind: "not-found" }
  | { kind: "already-ended" }
  | { kind: "ended"; session: SupportSessionJson };

const actorOf = (staff: StaffSession): SupportActor => ({ userId: staff.user.id, sessionId: staff.sessionId, sessionHandle: staff.sessionHandle });

const firstIssue = (error: { issues: { message: string }[] }) => error.issues[0]?.message ?? "Invalid input.";

/** A support engineer names a session by its full ID: a hit is recorded for its user, a miss only counts. */
export async function lookUpSession(staff: StaffSession, rawId: unknown): Promise<LookupResult> {
  const allowance = await consumeSupportLookup(staff.user.id);
  if (!allowance.ok) return { kind: "limited", retryAfterSeconds: allowance.retryAfterSeconds };
  const id = supportSessionIdSchema.safeParse(rawId);
  if (!id.success) return { kind: "invalid-id", message: firstIssue(id.error) };
  const session = await findSessionForSupport(actorOf(staff), id.data);
  return session ? { kind: "found", session: toSupportJson(session) } : { kind: "not-found" };
}

/** A support engineer ends a live session with a reason note the user will read. */
export async function endSession(staff: StaffSession, rawId: unknown, rawReason: unknown): Promise<EndResult> {
  const allowance = await consumeSupportLookup(staff.user.id);
  if (!allowance.ok) return { kind: "limited", retryAfterSeconds: allowance.retryAfterSeconds };
  const id = supportSessionIdSchema.safeParse(rawId);
  if (!id.success) return { kind: "invalid-id", message: firstIssue(id.error) };
  const reason = supportNoteSchema.safeParse(rawReason);
  if (!reason.success) return { kind: "invalid-reason", message: firstIssue(reason.error) };
  const result = await endSessionBySupport(actorOf(staff), id.data, reason.data);
  return result.outcome === "ended" ? { kind: "ended", session: toSupportJson(result.session) } : { kind: result.outcome };
}

/** "Try again in 42 seconds." */
export function limitedMessage(retryAfterSeconds: number): string {
  const unit = retryAfterSeconds === 1 ? "second" : "seconds";
  return `You have looked up too many sessions in the last minute. Try again in ${retryAfterSeconds} ${unit}.`;
}
