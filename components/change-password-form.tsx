"use client";

import { useId } from "react";
import { RetryNotice, useFormAction } from "./form-action";
import { changePasswordAction, type ChangePasswordState } from "@/lib/actions/change-password";
import type { ChangePasswordField } from "@/lib/validations/change-password";
import { PASSWORD_MIN_LENGTH } from "@/lib/validations/password-rules";

const idle: ChangePasswordState = { status: "idle" };

const INPUT =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs focus:outline-none focus:ring-2 dark:bg-slate-950";
const OK = "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/30 dark:border-slate-700";
const BAD = "border-red-500 focus:border-red-500 focus:ring-red-500/30 dark:border-red-400";

function PasswordField({ name, label, autoComplete, hint, error }: { name: ChangePasswordField; label: string; autoComplete: string; hint?: string; error?: string }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        maxLength={256}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        className={`${INPUT} ${error ? BAD : OK}`}
      />
      {hint && <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">{hint}</p>}
      {error && <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-300">{error}</p>}
    </div>
  );
}

/**
 * The Password tab's form; every rule is checked again on the server. `required`: the user still
 * has a one-time password someone else chose, which is their current password here.
 */
export function ChangePasswordForm({ required = false }: { required?: boolean }) {
  const [state, action, pending, unsent] = useFormAction(changePasswordAction, idle);
  const errors = state.status === "error" ? state.fieldErrors : {};
  return (
    <form action={action} noValidate className="space-y-5">
      {state.status === "error" && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/60 dark:text-red-200">{state.message}</p>
      )}
      {state.status === "changed" && (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200">{state.message}</p>
      )}
      <PasswordField
        name="currentPassword"
        label="Current password"
        autoComplete="current-password"
        hint={required ? "The one-time password you signed in with." : undefined}
        error={errors.currentPassword}
      />
      <PasswordField
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one; avoid your name and email.`}
        error={errors.newPassword}
      />
      <PasswordField name="confirmPassword" label="Confirm new password" autoComplete="new-password" error={errors.confirmPassword} />

      <div className="flex gap-3 rounded-lg border border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-950/40">
        <input
          id="signOutOthers"
          name="signOutOthers"
          type="checkbox"
          defaultChecked
          aria-describedby="signOutOthers-hint"
          className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-indigo-600"
        />
        <div>
          <label htmlFor="signOutOthers" className="text-sm font-medium">Sign out all other sessions</label>
          <p id="signOutOthers-hint" className="text-xs text-slate-500 dark:text-slate-400">
            Recommended if someone else might know your password. Every other device is signed out on its next request; this one stays signed in.
          </p>
        </div>
      </div>

      <div className="flex flex-col items-end gap-2">
        <button
          type="submit"
          disabled={pending}
          className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60 sm:w-auto"
        >
          {pending ? "Changing password…" : "Change password"}
        </button>
        <RetryNotice unsent={unsent} pending={pending} className="justify-end" />
      </div>
    </form>
  );
}
