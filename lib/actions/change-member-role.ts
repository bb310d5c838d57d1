"use server";

import { actorOf } from "@/lib/auth/session";
import { accountOwnersOnly, formAction } from "./form-action";
import { revalidatePath } from "next/cache";
import { ROLE_LABEL } from "@/lib/users/roles";
import { changeMemberRole } from "@/lib/users/provisioning";
import { changeMemberRoleSchema } from "@/lib/validations/change-member-role";

export type ChangeMemberRoleState =
  | { status: "idle" }
  | { status: "changed"; message: string }
  | { status: "error"; code: "not-found" | "last-owner"; message: string };

const NOT_FOUND = { status: "error", code: "not-found", message: "That member was not found." } as const;

/**
 * "Change role" on the Users tab. Only an Account Owner, only for members of their own account
 * (the store puts the account in every WHERE clause); anyone and anything else is "not found".
 * The account's last active Account Owner keeps the role.
 */
export const changeMemberRoleAction = formAction(
  { invalid: NOT_FOUND, for: "customer", guard: accountOwnersOnly(NOT_FOUND), input: changeMemberRoleSchema },
  async (session, { memberId, role }): Promise<ChangeMemberRoleState> => {
    const result = await changeMemberRole(session.user.accountId, actorOf(session), memberId, role);
    if (!result.ok) {
      if (result.reason === "last-owner") {
        return { status: "error", code: "last-owner", message: "An account needs an Account Owner: make someone else Account Owner first." };
      }
      return NOT_FOUND;
    }
    revalidatePath("/settings/users");
    const label = ROLE_LABEL[result.member.role];
    return { status: "changed", message: result.changed ? `${result.member.name} is now ${label}.` : `${result.member.name} already is ${label}.` };
  },
);
