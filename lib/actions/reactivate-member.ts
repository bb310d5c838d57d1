"use server";

import { actorOf } from "@/lib/auth/session";
import { accountOwnersOnly, formAction } from "./form-action";
import { revalidatePath } from "next/cache";
import { reactivateMember } from "@/lib/users/provisioning";
import { reactivateMemberSchema } from "@/lib/validations/reactivate-member";

export type ReactivateMemberState = { status: "idle" } | { status: "reactivated"; message: string } | { status: "error"; code: "not-found"; message: string };

const NOT_FOUND = { status: "error", code: "not-found", message: "That member was not found." } as const;

/** "Reactivate" on the Users tab: a deactivated member of the owner's own account may sign in again. */
export const reactivateMemberAction = formAction(
  { invalid: NOT_FOUND, for: "customer", guard: accountOwnersOnly(NOT_FOUND), input: reactivateMemberSchema },
  async (session, { memberId }): Promise<ReactivateMemberState> => {
    const result = await reactivateMember(session.user.accountId, actorOf(session), memberId);
    if (!result.ok) return NOT_FOUND;
    revalidatePath("/settings/users");
    revalidatePath(`/settings/users/${result.member.id}`);
    return { status: "reactivated", message: `${result.member.name} can sign in again.` };
  },
);
