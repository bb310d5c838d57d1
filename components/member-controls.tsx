"use client";

import { useEffect, useId, useRef, useState } from "react";
import { RetryNotice, useFormAction } from "./form-action";
import { changeMemberRoleAction, type ChangeMemberRoleState } from "@/lib/actions/change-member-role";
import { deactivateMemberAction, type DeactivateMemberState } from "@/lib/actions/deactivate-member";
import { reactivateMemberAction, type ReactivateMemberState } from "@/lib/actions/reactivate-member";
import type { Role } from "@/lib/db/generated/enums";
import { ConfirmDialog, DIALOG_CLASS } from "./confirm-dialog";
import { RolePicker } from "./role-picker";

// An Account Owner's controls on a row of the Users tab: change a member's role, deactivate or
// reactivate them. Every one of them is checked again on the server.

type MemberRef = { id: string; name: string; role: Role; activeSessions: number };

const LINK_BUTTON =
  "inline-flex items-center gap-1 whitespace-nowrap rounded text-sm font-medium text-indigo-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60 dark:text-indigo-300 dark:hover:text-indigo-200";
const SECONDARY =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";
const PRIMARY = "rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60";
const DANGER_OUTLINE =
  "inline-flex items-center justify-center whitespace-nowrap rounded-md border border-red-200 bg-white px-2.5 py-1.5 text-sm font-medium text-red-700 shadow-xs hover:bg-red-50 disabled:opacity-60 dark:border-red-500/40 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950/40";
const OUTLINE =
  "inline-flex items-center justify-center whitespace-nowrap rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800";

const roleIdle: ChangeMemberRoleState = { status: "idle" };

/** "Change role": a dialog with the three roles; it closes on success and says why when refused. */
export function ChangeRoleButton({ member, isSelf }: { member: MemberRef; isSelf: boolean }) {
  const [state, action, pending, unsent] = useFormAction(changeMemberRoleAction, roleIdle);
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (state.status === "changed") dialog.current?.close();
  }, [state]);

  return (
    <>
      <button ref={trigger} type="button" aria-haspopup="dialog" onClick={() => dialog.current?.showModal()} className={LINK_BUTTON} aria-label={`Change role of ${member.name}`}>
        Change
      </button>
      <span role="status" className="sr-only">{state.status === "changed" ? state.message : ""}</span>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className={DIALOG_CLASS}
        onClose={() => {
          setRound((r) => r + 1); // the next opening shows the role the member has then
          trigger.current?.focus();
        }}
        onClick={(event) => {
          if (event.target === dialog.current) dialog.current?.close();
        }}
      >
        <form key={round} action={action} className="p-5 sm:p-6">
          <input type="hidden" name="memberId" value={member.id} />
          <h2 id={titleId} className="text-base font-semibold">Change {isSelf ? "your" : `${member.name}'s`} role</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {isSelf ? "If you choose another role, you can no longer manage members." : "The new role applies from their next click; they stay signed in."}
          </p>
          {state.status === "error" && (
            <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/60 dark:text-red-200">{state.message}</p>
          )}
          <div className="mt-5">
            <RolePicker idPrefix={titleId} defaultRole={member.role} />
          </div>
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <button type="button" onClick={() => dialog.current?.close()} className={SECONDARY}>Cancel</button>
            <button type="submit" disabled={pending} className={PRIMARY}>{pending ? "Saving…" : "Save role"}</button>
          </div>
          <RetryNotice unsent={unsent} pending={pending} className="mt-3 justify-end" />
        </form>
      </dialog>
    </>
  );
}

const deactivateIdle: DeactivateMemberState = { status: "idle" };
const reactivateIdle: ReactivateMemberState = { status: "idle" };

/**
 * Deactivate (after a confirm) or Reactivate a member. One component for both, so the outcome
 * of the last one stays on screen when the row switches from one to the other.
 */
export function MemberAccessButton({ member, deactivated }: { member: MemberRef; deactivated: boolean }) {
  const [deactivation, deactivate, deactivating, deactivationUnsent] = useFormAction(deactivateMemberAction, deactivateIdle);
  const [reactivation, reactivate, reactivating, reactivationUnsent] = useFormAction(reactivateMemberAction, reactivateIdle);
  const [last, setLast] = useState<"deactivate" | "reactivate" | null>(null);
  const outcome = last === "deactivate" ? deactivation : last === "reactivate" ? reactivation : null;
  const n = member.activeSessions;

  return (
    <div className="inline-flex flex-col items-start gap-1 md:items-end">
      {deactivated ? (
        <form
          action={(formData) => {
            setLast("reactivate");
            reactivate(formData);
          }}
        >
          <input type="hidden" name="memberId" value={member.id} />
          <button type="submit" disabled={reactivating} className={OUTLINE} aria-label={`Reactivate ${member.name}`}>
            {reactivating ? "Reactivating…" : "Reactivate"}
          </button>
          <RetryNotice unsent={reactivationUnsent} pending={reactivating} />
        </form>
      ) : (
        <ConfirmDialog
          triggerLabel="Deactivate"
          triggerClassName={DANGER_OUTLINE}
          title={`Deactivate ${member.name}?`}
          confirmLabel="Deactivate"
          action={(formData) => {
            setLast("deactivate");
            deactivate(formData);
          }}
          fields={{ memberId: member.id, confirm: "yes" }}
          pending={deactivating}
          unsent={deactivationUnsent}
          testId={`deactivate-${member.id}`}
        >
          <p>
            {n === 0 ? "They are not signed in anywhere right now." : `They are signed out of ${n === 1 ? "their one device" : `all ${n} of their devices`} at once.`} They can no
            longer sign in.
          </p>
          <p className="mt-2">Their session history stays. You can reactivate them later.</p>
        </ConfirmDialog>
      )}
      {outcome && outcome.status !== "idle" && (
        <p role={outcome.status === "error" ? "alert" : "status"} className={`max-w-56 text-xs md:text-right ${outcome.status === "error" ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}`}>
          {outcome.message}
        </p>
      )}
    </div>
  );
}
