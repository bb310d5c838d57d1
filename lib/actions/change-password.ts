"use server";

import { headers } from "next/headers";
import { requestIp } from "@/lib/http/request-ip";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { changePassword } from "@/lib/auth/change-password";
import { setSessionCookie } from "@/lib/auth/session";
import { formAction } from "./form-action";
import { changePasswordSchema, type ChangePasswordField } from "@/lib/validations/change-password";

export type ChangePasswordState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: Partial<Record<ChangePasswordField, string>> }
  | { status: "changed"; message: string; endedSessions: number };

const INVALID: ChangePasswordState = { status: "error", message: "Check the highlighted fields.", fieldErrors: {} };

/** Password tab: change my password, optionally signing out every other session of mine. */
export const changePasswordAction = formAction<ChangePasswordState>({ returnTo: "/settings/password", invalid: INVALID }, async (session, formData) => {
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const parsed = changePasswordSchema(session.user).safeParse({
    currentPassword: field("currentPassword"),
    newPassword: field("newPassword"),
    confirmPassword: field("confirmPassword"),
    signOutOthers: formData.get("signOutOthers") ?? false,
  });
  if (!parsed.success) {
    const fieldErrors: Partial<Record<ChangePasswordField, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as ChangePasswordField | undefined;
      if (key && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { status: "error", message: "Check the highlighted fields.", fieldErrors };
  }

  const requestHeaders = await headers();
  const ip = requestIp(requestHeaders.get("x-forwarded-for"));
  const outcome = await changePassword(
    { userId: session.user.id, sessionId: session.sessionId, email: session.user.email, ip, userAgent: requestHeaders.get("user-agent") },
    parsed.data,
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
    message: parsed.data.signOutOthers
      ? `Password changed. ${n === 0 ? "No other sessions were signed in." : `Signed out ${n} other session${n === 1 ? "" : "s"}.`} This device stays signed in.`
      : "Password changed. Your other sessions stay signed in.",
  };
});
