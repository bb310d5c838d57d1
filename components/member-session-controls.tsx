"use client";

import { useActionState } from "react";
import { endMemberSessionsAction, type EndMemberSessionsState } from "@/lib/actions/end-member-sessions";
import { ConfirmDialog } from "./confirm-dialog";

const idle: EndMemberSessionsState = { status: "idle" };

/** "End session" on one row of a member's active sessions (Account Owners only). */
export function EndMemberSessionButton({ memberId, handle, description }: { memberId: string; handle: string; description: string }) {
  const [state, action, pending] = useActionState(endMemberSessionsAction, idle);
  return (
    <form action={action} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="memberId" value={memberId} />
      <input type="hidden" name="handle" value={handle} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`End session ${description}`}
        className="whitespace-nowrap rounded-md border border-red-200 bg-white px-2.5 py-1.5 text-sm font-medium text-red-700 shadow-xs hover:bg-red-50 disabled:opacity-60 dark:border-red-500/40 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950/40"
      >
        {pending ? "Ending…" : "End session"}
      </button>
      {state.status === "error" && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">{state.message}</p>
      )}
    </form>
  );
}

/** "End all sessions" of a member, after a confirm. The outcome stays on screen for a moment. */
export function EndAllMemberSessions({ memberId, memberName, activeCount }: { memberId: string; memberName: string; activeCount: number }) {
  const [state, action, pending] = useActionState(endMemberSessionsAction, idle);
  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <ConfirmDialog
        triggerLabel="End all sessions"
        triggerDisabled={activeCount === 0}
        title={`End all of ${memberName}'s sessions?`}
        confirmLabel={`End ${activeCount === 1 ? "1 session" : `all ${activeCount} sessions`}`}
        action={action}
        fields={{ memberId, handle: "" }}
        pending={pending}
      >
        <p>
          {activeCount === 1 ? "Their one signed-in device" : `All ${activeCount} of their signed-in devices`} will be signed out on the next
          request. They can sign in again with their password.
        </p>
        <p className="mt-2">Their session history will show that an Account Owner ended these sessions.</p>
      </ConfirmDialog>
      <p role="status" className={`text-sm ${state.status === "error" ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}`}>
        {state.status === "idle" ? "" : state.message}
      </p>
    </div>
  );
}
