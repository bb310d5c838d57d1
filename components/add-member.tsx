"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { RetryNotice, useFormAction } from "./form-action";
import { addMemberAction, type AddMemberState } from "@/lib/actions/add-member";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABEL } from "@/lib/users/roles";
import type { AddMemberField } from "@/lib/validations/add-member";
import { DIALOG_CLASS } from "./confirm-dialog";
import { CopyButton } from "./copy-button";
import { RolePicker } from "./role-picker";

const idle: AddMemberState = { status: "idle" };

const PRIMARY = "inline-flex items-center justify-center gap-1.5 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60";
const SECONDARY =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";
const INPUT = "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs focus:outline-none focus:ring-2 dark:bg-slate-950";
const OK = "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/30 dark:border-slate-700";
const BAD = "border-red-500 focus:border-red-500 focus:ring-red-500/30 dark:border-red-400";

function Field({ name, label, type = "text", defaultValue, error }: { name: AddMemberField; label: string; type?: string; defaultValue?: string; error?: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        required
        maxLength={254}
        autoComplete="off"
        spellCheck={false}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${INPUT} ${error ? BAD : OK}`}
      />
      {error && <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-300">{error}</p>}
    </div>
  );
}

/** The member was added: their one-time password, shown this once, to hand over. */
function OneTimePassword({ titleId, member, password, onDone }: { titleId: string; member: { name: string; email: string; role: Role }; password: string; onDone: () => void }) {
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => done.current?.focus(), []);
  const firstName = member.name.split(/\s+/)[0];
  return (
    <div className="p-5 sm:p-6" data-testid="member-added">
      <div className="flex gap-4">
        <span aria-hidden="true" className="flex size-10 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300">
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" className="size-5">
            <path d="m5 12.5 4.5 4.5L19 7.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </span>
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold">{member.name} was added</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            {ROLE_LABEL[member.role]} · <span className="break-all">{member.email}</span>
          </p>
        </div>
      </div>
      <div className="mt-5">
        <p id={`${titleId}-password-label`} className="text-sm font-medium">One-time password</p>
        <div className="mt-1.5 flex items-center gap-2 rounded-lg border border-slate-200 bg-slate-50 p-2 pl-3 dark:border-slate-700 dark:bg-slate-950/60">
          <code aria-labelledby={`${titleId}-password-label`} data-testid="one-time-password" className="min-w-0 flex-1 select-all font-mono text-sm tracking-wide text-slate-900 sm:text-base dark:text-slate-100">
            {password}
          </code>
          <CopyButton value={password} />
        </div>
      </div>
      <div className="mt-4 flex gap-2.5 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset dark:bg-amber-950/40 dark:text-amber-100 dark:ring-amber-800/60">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true" className="mt-0.5 size-4 shrink-0">
          <path d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p>
          This is the only time it is shown. Give it to {firstName} over a channel you trust. {firstName} signs in with it, then chooses a password of their own.
        </p>
      </div>
      <div className="mt-6 flex justify-end">
        <button ref={done} type="button" onClick={onDone} className={PRIMARY}>Done</button>
      </div>
    </div>
  );
}

function AddMemberForm({ titleId, onCancel, onAdded }: { titleId: string; onCancel: () => void; onAdded: () => void }) {
  const [state, action, pending, unsent] = useFormAction(addMemberAction, idle);
  useEffect(() => {
    if (state.status === "added") onAdded();
  }, [state, onAdded]);
  if (state.status === "added") return <OneTimePassword titleId={titleId} member={state.member} password={state.oneTimePassword} onDone={onCancel} />;

  const errors = state.status === "error" ? state.fieldErrors : {};
  const values = state.status === "error" ? state.values : undefined;
  const role = values?.role === "ACCOUNT_OWNER" || values?.role === "BILLING_MANAGER" ? values.role : "USER";
  return (
    <form action={action} noValidate className="p-5 sm:p-6">
      <h2 id={titleId} className="text-base font-semibold">Add a member</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        They get a one-time password, shown to you once, and choose their own password when they first sign in.
      </p>
      {state.status === "error" && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/60 dark:text-red-200">{state.message}</p>
      )}
      <div className="mt-5 space-y-4">
        <Field name="name" label="Full name" defaultValue={values?.name} error={errors.name} />
        <Field name="email" label="Email" type="email" defaultValue={values?.email} error={errors.email} />
        <RolePicker idPrefix={`${titleId}-new`} defaultRole={role} error={errors.role} />
      </div>
      <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" onClick={onCancel} className={SECONDARY}>Cancel</button>
        <button type="submit" disabled={pending} className={PRIMARY}>{pending ? "Adding…" : "Add member"}</button>
      </div>
      <RetryNotice unsent={unsent} pending={pending} className="mt-3 justify-end" />
    </form>
  );
}

/** "Add member" on the Users tab (Account Owners): a dialog with the form, then the one-time password. */
export function AddMember() {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  // Each opening starts from an empty form; once closed, the one-time password is gone for good.
  const [round, setRound] = useState(0);
  const showingPassword = useRef(false);
  const markShowingPassword = useCallback(() => {
    showingPassword.current = true;
  }, []);

  const close = () => dialog.current?.close();
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
        className={`${PRIMARY} w-full shrink-0 sm:w-auto`}
      >
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
          <path d="M10 4a.75.75 0 0 1 .75.75v4.5h4.5a.75.75 0 0 1 0 1.5h-4.5v4.5a.75.75 0 0 1-1.5 0v-4.5h-4.5a.75.75 0 0 1 0-1.5h4.5v-4.5A.75.75 0 0 1 10 4Z" />
        </svg>
        Add member
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className={DIALOG_CLASS}
        onCancel={(event) => {
          // Escape must not throw away a password the owner has not written down yet: only Done closes it.
          if (showingPassword.current) event.preventDefault();
        }}
        onClose={() => {
          showingPassword.current = false;
          setRound((r) => r + 1);
          trigger.current?.focus();
        }}
        onClick={(event) => {
          if (event.target === dialog.current && !showingPassword.current) close();
        }}
      >
        <AddMemberForm key={round} titleId={titleId} onCancel={close} onAdded={markShowingPassword} />
      </dialog>
    </>
  );
}
