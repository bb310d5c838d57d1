import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";

// Changes to who may sign in, and as what. Each is reported here from inside the transaction that
// makes it (lib/users/provisioning.ts), so a record can never disagree with what happened.

/** Who made a change: an Account Owner (their user id), or the operator with the admin CLI. */
export type EventActor = { userId: string } | "operator";

export type UserEvent = { accountId: string; userId: string; by: EventActor } & (
  | { type: "account-created" }
  | { type: "member-added"; role: Role; oneTimePassword: boolean }
  | { type: "role-changed"; from: Role; to: Role }
  | { type: "deactivated"; endedSessions: number }
  | { type: "reactivated" }
  | { type: "password-reset"; oneTimePassword: boolean; endedSessions: number }
);

/**
 * THE place where the security activity log (next issue) will write its row for each of these
 * events, in the same transaction. Until it exists, nothing is stored.
 */
export async function recordUserEvent(tx: Tx, event: UserEvent): Promise<void> {
  void tx;
  void event;
}
