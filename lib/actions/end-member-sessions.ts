"use server";

import { revalidatePath } from "next/cache";
import { actorOf } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { endMemberSessions } from "@/lib/sessions/store";
import { findAccountMember } from "@/lib/users/members";
import { endMemberSessionsSchema } from "@/lib/validations/end-member-sessions";

export type EndMemberSessionsState =
  | { status: "idle" }
  | { status: "ended"; count: number; message: string }
  | { status: "error"; code: "not-found" | "invalid" | "nothing-to-end" | "own-sessions"; message: string };

const NOT_FOUND = { status: "error", code: "not-found", message: "That member or session was not found." } as const;

/**
 * An Account Owner ends one of a member's sessions (`handle`) or all of them (no handle). Anyone
 * else, and any member outside the owner's account, gets "not found": the store puts the
 * owner's account in the WHERE clause, so nothing outside it can change.
 */
const INVALID: EndMemberSessionsState = { status: "error", code: "invalid", message: "That member or session was not found." };

export const endMemberSessionsAction = formAction(
  { invalid: INVALID, for: "customer", input: endMemberSessionsSchema },
  async (session, { memberId, handle }): Promise<EndMemberSessionsState> => {
    const { user } = session;
    if (user.role !== "ACCOUNT_OWNER") return NOT_FOUND;
    // Your own sessions are managed on My Sessions, where this device is protected from itself.
    if (memberId === user.id) {
      return { status: "error", code: "own-sessions", message: "Manage your own sessions from My Sessions." };
    }

    const count = await endMemberSessions(
      { ...actorOf(session), accountId: user.accountId, role: user.role },
      memberId,
      handle ?? null,
    );
    if (count === 0) {
      const member = await findAccountMember(user.accountId, memberId);
      if (!member) return NOT_FOUND;
      return { status: "error", code: "nothing-to-end", message: handle ? "That session has already ended." : "There are no active sessions to end." };
    }
    revalidatePath("/settings/users");
    revalidatePath(`/settings/users/${memberId}`);
    return {
      status: "ended",
      count,
      message: handle ? "Session ended. That device will be signed out on its next request." : `Ended ${count} session${count === 1 ? "" : "s"}. Those devices will be signed out on their next request.`,
    };
  },
);
