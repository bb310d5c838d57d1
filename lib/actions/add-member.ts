"use server";

import { actorOf } from "@/lib/auth/session";
import { accountOwnersOnly, fieldErrors, formAction } from "./form-action";
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
/** What the owner typed, echoed back into the form after an error (capped, text only). */
function typed(form: FormData): Values {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 1000) : "";
  };
  return { name: field("name"), email: field("email"), role: field("role") };
}

const NOT_AN_OWNER: AddMemberState = { status: "error", code: "not-found", message: "Only an Account Owner can add members.", fieldErrors: {}, values: { name: "", email: "", role: "" } };

export const addMemberAction = formAction(
  {
    invalid: INVALID,
    for: "customer",
    guard: accountOwnersOnly(NOT_AN_OWNER),
    input: addMemberSchema,
    read: typed,
    invalidInput: (error, fields): AddMemberState => ({ status: "error", code: "invalid", message: "Check the highlighted fields.", fieldErrors: fieldErrors<AddMemberField>(error), values: fields as Values }),
  },
  async (session, input): Promise<AddMemberState> => {
    const values = { name: input.name, email: input.email, role: input.role };
    const result = await addMember(session.user.accountId, actorOf(session), input);
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
  },
);
