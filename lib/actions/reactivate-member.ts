"use server";

import { actorOf } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { revalidatePath } from "next/cache";
import { reactivateMember } from "@/lib/users/provisioning";
import { reactivateMemberSchema } from "@/lib/validations/reactivate-member";

export type ReactivateMemberState = { status: "idle" } | { status: "reactivated"; message: string } | { status: "error"; code: "not-found"; message: string };

const NOT_FOUND = { status: "error", code: "not-found", message: "That member was not found." } as const;

/** "Reactivate" on the Users tab: a deactivated member of the owner's own account may sign in again. */
export const reactivateMemberAction = formAction<ReactivateMemberState>({ invalid: NOT_FOUND, for: "customer" }, async (session, formData) => {
  const { user } = session;
  if (user.role !== "ACCOUNT_OWNER" || user.mustChangePassword) return NOT_FOUND;
  const parsed = reactivateMemberSchema.safeParse({ memberId: formData.get("memberId") });
  if (!parsed.success) return NOT_FOUND;

  const result = await reactivateMember(user.accountId, actorOf(session), parsed.data.memberId);
  if (!result.ok) return NOT_FOUND;
  revalidatePath("/settings/users");
  revalidatePath(`/settings/users/${result.member.id}`);
  return { status: "reactivated", message: `${result.member.name} can sign in again.` };
});
