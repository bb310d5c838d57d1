"use server";

import { headers } from "next/headers";
import { requestIp } from "@/lib/http/request-ip";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { changePassword } from "@/lib/auth/change-password";
import { setSessionCookie } from "@/lib/auth/session";
import { fieldErrors, formAction } from "./form-action";
import { changePasswordSchema, type ChangePasswordField } from "@/lib/validations/change-password";

export type ChangePasswordState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: Partial<Record<ChangePasswordField, string>> }
  | { status: "changed"; message: string; endedSessions: number };

const INVALID: ChangePasswordState = { status: "error", message: "Check the highlighted fields.", fieldErrors: {} };

/** Password tab: change my password, optionally signing out every other session of mine. */
export const changePasswordAction = formAction(
  {
    returnTo: "/settings/password",
    invalid: INVALID,
    input: (session) => changePasswordSchema(session.user),
    read: (form) => {
      const text = (name: string) => {
        const value = form.get(name);
        return typeof value === "string" ? value : "";
      };
      return { currentPassword: text("currentPassword"), newPassword: text("newPassword"), confirmPassword: text("confirmPassword"), signOutOthers: form.get("signOutOthers") ?? false };
    },
    invalidInput: (error): ChangePasswordState => ({ status: "error", message: "Check the highlighted fields.", fieldErrors: fieldErrors<ChangePasswordField>(error) }),
  },
  async (session, input): Promise<ChangePasswordState> => {

    const requestHeaders = await headers();
    const ip = requestIp(requestHeaders.get("x-forwarded-for"));
    const outcome = await changePassword(
      { userId: session.user.id, sessionId: session.sessionId, email: session.user.email, ip, userAgent: requestHeaders.get("user-agent") },
      input,
    );
    if (!outcome.ok) {
      if (outcome.reason === "limited") return { status: "error", message: outcome.message, fieldErrors: {} };
      return { status: "error", message: "Check the highlighted fields.", fieldErrors: { currentPassword: "That is not your current password." } };
    }
    // A new session ID for this device: whoever might have copied the old cookie holds nothing now.
    await setSessionCookie(outcome.newSessionId, session.user.id);
    revalidatePath("/settings/password");
    revalidatePath("/settings/sessions");
    // Their own password at last (it replaced a one-time password): on into the app.
    if (session.user.mustChangePassword) redirect("/");
    const n = outcome.endedSessions;
    return {
      status: "changed",
      endedSessions: n,
      message: input.signOutOthers
        ? `Password changed. ${n === 0 ? "No other sessions were signed in." : `Signed out ${n} other session${n === 1 ? "" : "s"}.`} This device stays signed in.`
        : "Password changed. Your other sessions stay signed in.",
    };
  },
);
