"use server";

import { actorOf } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { revalidatePath } from "next/cache";
import type { Role } from "@/lib/db/generated/client";
import { addMember } from "@/lib/users/provisioning";
import { addMemberSchema, type AddMemberField } from "@/lib/validations/add-member";

type Values = { name: string; email: string; role: string };

export type AddMemberState =
  | { status: "idle" }
  | { status: "error"; code: "invalid" | "email-taken" | "not-found"; message: string; fieldErrors: Partial<Record<AddMemberField, string>>; values: Values }
  | { status: "added"; member: { name: string; email: string; role: Role }; oneTimePassword: string };

const INVALID: AddMemberState = { status: "error", code: "invalid", message: "Check the highlighted fields.", fieldErrors: {}, values: { name: "", email: "", role: "" } };

/**
 * "Add member" on the Users tab: an Account Owner adds someone to their own account. The answer
 * carries the member's one-time password, which exists nowhere else: the owner's browser shows
 * it once, and the member must replace it at their first sign-in. Anyone else gets "not found".
 */
export const addMemberAction = formAction<AddMemberState>({ invalid: INVALID, for: "customer" }, async (session, formData) => {
  const { user } = session;
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value.slice(0, 1000) : "";
  };
  const values = { name: field("name"), email: field("email"), role: field("role") };
  if (user.role !== "ACCOUNT_OWNER" || user.mustChangePassword) {
    return { status: "error", code: "not-found", message: "Only an Account Owner can add members.", fieldErrors: {}, values };
  }
  const parsed = addMemberSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<AddMemberField, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as AddMemberField | undefined;
      if (key && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { status: "error", code: "invalid", message: "Check the highlighted fields.", fieldErrors, values };
  }

  const result = await addMember(user.accountId, actorOf(session), parsed.data);
  if (!result.ok) {
    if (result.reason === "email-taken") {
      return { status: "error", code: "email-taken", message: "Check the highlighted fields.", fieldErrors: { email: "Someone already uses this email address." }, values };
    }
    return { status: "error", code: "not-found", message: "Only an Account Owner can add members.", fieldErrors: {}, values };
  }
  if (!result.oneTimePassword) throw new Error("a new member without a one-time password");
  revalidatePath("/settings/users");
  const { name, email, role } = result.member;
  return { status: "added", member: { name, email, role }, oneTimePassword: result.oneTimePassword };
});
