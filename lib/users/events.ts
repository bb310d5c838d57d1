import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";
import { recordSecurityEvents, type SecurityEventInput } from "@/lib/security/events";

// Changes to who may sign in, and as what. Each is reported here from inside the transaction that
// makes it (lib/users/provisioning.ts) and written to the security activity log in that same
// transaction, so a record can never disagree with what happened.

/** Who made a change: an Account Owner (their user id, the session they acted from, their address), or the operator with the admin CLI. */
export type EventActor = { userId: string; sessionId?: string; ip?: string | null } | "operator";

export type UserEvent = { accountId: string; userId: string; by: EventActor } & (
  | { type: "account-created" }
  | { type: "member-added"; role: Role; oneTimePassword: boolean }
  | { type: "role-changed"; from: Role; to: Role }
  | { type: "deactivated"; endedSessions: number }
  | { type: "reactivated" }
  | { type: "password-reset"; oneTimePassword: boolean; endedSessions: number }
);

function what(event: UserEvent): Pick<SecurityEventInput, "type" | "detail"> {
  switch (event.type) {
    case "account-created":
      return { type: "MEMBER_ADDED", detail: { toRole: "ACCOUNT_OWNER" } };
    case "member-added":
      return { type: "MEMBER_ADDED", detail: { toRole: event.role, oneTimePassword: event.oneTimePassword } };
    case "role-changed":
      return { type: "ROLE_CHANGED", detail: { fromRole: event.from, toRole: event.to } };
    case "deactivated":
      return { type: "USER_DEACTIVATED", detail: { endedSessions: event.endedSessions } };
    case "reactivated":
      return { type: "USER_REACTIVATED", detail: {} };
    case "password-reset":
      return { type: "PASSWORD_RESET", detail: { oneTimePassword: event.oneTimePassword, endedSessions: event.endedSessions } };
  }
}

/** Records one change to a user in the security activity log, in the transaction making it. */
export async function recordUserEvent(tx: Tx, event: UserEvent): Promise<void> {
  const { type, detail } = what(event);
  const by = event.by;
  if (by === "operator") {
    await recordSecurityEvents(tx, [{ type, subjectUserId: event.userId, actor: null, detail: { ...detail, by: "operator" } }]);
    return;
  }
  const from = by.sessionId ? await tx.session.findFirst({ where: { id: by.sessionId, userId: by.userId }, select: { handle: true } }) : null;
  await recordSecurityEvents(tx, [{ type, subjectUserId: event.userId, actor: { userId: by.userId, sessionHandle: from?.handle ?? null }, ip: by.ip ?? null, detail }]);
}
