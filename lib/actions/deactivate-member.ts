"use server";

import { actorOf } from "@/lib/auth/session";
import { accountOwnersOnly, formAction } from "./form-action";
import { revalidatePath } from "next/cache";
import { deactivateMember } from "@/lib/users/provisioning";
import { deactivateMemberSchema } from "@/lib/validations/deactivate-member";

export type DeactivateMemberState =
  | { status: "idle" }
  | { status: "deactivated"; message: string; endedSessions: number }
  | { status: "error"; code: "not-found" | "self" | "last-owner"; message: string };

const NOT_FOUND = { status: "error", code: "not-found", message: "That member was not found." } as const;

/**
 * "Deactivate" on the Users tab, after a confirm: the member can no longer sign in and every
 * session of theirs ends at once, so each of their devices is refused on its next request. Only
 * an Account Owner, only for members of their own account; never yourself, never the last owner.
 */
export const deactivateMemberAction = formAction(
  { invalid: NOT_FOUND, for: "customer", guard: accountOwnersOnly(NOT_FOUND), input: deactivateMemberSchema },
  async (session, { memberId }): Promise<DeactivateMemberState> => {
    const result = await deactivateMember(session.user.accountId, actorOf(session), memberId);
    if (!result.ok) {
      if (result.reason === "self") return { status: "error", code: "self", message: "You can't deactivate yourself." };
      if (result.reason === "last-owner") return { status: "error", code: "last-owner", message: "An account needs an active Account Owner." };
      return NOT_FOUND;
    }
    revalidatePath("/settings/users");
    revalidatePath(`/settings/users/${result.member.id}`);
    const n = result.endedSessions;
    return {
      status: "deactivated",
      endedSessions: n,
      message: result.changed ? `${result.member.name} was deactivated${n ? ` and signed out of ${n} session${n === 1 ? "" : "s"}` : ""}.` : `${result.member.name} was already deactivated.`,
    };
  },
);
