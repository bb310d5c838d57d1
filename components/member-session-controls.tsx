"use client";

import { createContext, useContext, useEffect, useRef } from "react";
import { endMemberSessionsAction, type EndMemberSessionsState } from "@/lib/actions/end-member-sessions";
import { ConfirmDialog } from "./confirm-dialog";
import { RetryNotice, useFormAction, type Unsent } from "./form-action";
import { outcomeClass, useRememberedDevices } from "./outcome";

const idle: EndMemberSessionsState = { status: "idle" };

// An Account Owner's "End session" on a member's rows. It is not the member's own Logout: it
// ends someone else's session, which their history then shows as Terminated by an Account
// Owner. It asks first, and the outcome is announced above the rows (the row itself is gone by
// then), as Logout does on My Sessions.

type EndOne = { state: EndMemberSessionsState; action: (formData: FormData) => void; pending: boolean; unsent: Unsent | null };

const EndOneContext = createContext<EndOne | null>(null);

function useEndOne(): EndOne {
  const endOne = useContext(EndOneContext);
  if (!endOne) throw new Error("EndMemberSessionButton outside MemberSessionsProvider");
  return endOne;
}

/** Holds the state of the rows' "End session" and shows its outcome, taking focus, above them. */
export function MemberSessionsProvider({ devices, children }: { devices: Record<string, string>; children: React.ReactNode }) {
  const [state, action, pending, unsent] = useFormAction(endMemberSessionsAction, idle);
  const ended = useRef<string | null>(null);
  const known = useRememberedDevices(devices);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (state.status !== "idle") status.current?.focus();
  }, [state]);

  const device = ended.current ? known[ended.current] : undefined;
  const message =
    state.status === "ended" && device ? `Ended the session on ${device}. That device will be signed out on its next request.` : state.status === "idle" ? "" : state.message;
  return (
    <EndOneContext.Provider
      value={{
        state,
        action: (formData) => {
          ended.current = String(formData.get("handle") ?? "");
          action(formData);
        },
        pending,
        unsent,
      }}
    >
      <p
        ref={status}
        tabIndex={-1}
        role="status"
        data-testid="member-sessions-status"
        className={outcomeClass(message, state.status === "error", "mx-4 mt-4 sm:mx-5")}
      >
        {message}
      </p>
      {children}
    </EndOneContext.Provider>
  );
}

/** "End session" on one row of a member's active sessions (Account Owners only), after a confirm. */
export function EndMemberSessionButton({ memberId, memberName, handle, device, truncatedId }: { memberId: string; memberName: string; handle: string; device: string; truncatedId: string }) {
  const { action, pending, unsent } = useEndOne();
  return (
    <ConfirmDialog
      triggerLabel="End session"
      triggerAriaLabel={`End session ${truncatedId}, ${device}`}
      triggerClassName="whitespace-nowrap rounded-md border border-red-200 bg-white px-2.5 py-1.5 text-sm font-medium text-red-700 shadow-xs hover:bg-red-50 disabled:opacity-60 dark:border-red-500/40 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950/40"
      title={`End ${memberName}'s session on ${device}?`}
      confirmLabel="End session"
      action={action}
      fields={{ memberId, handle }}
      pending={pending}
      unsent={unsent?.form.get("handle") === handle ? unsent : null}
    >
      <p>That device will be signed out on its next request. {memberName} can sign in again with their password.</p>
      <p className="mt-2">Their session history will show it as Terminated by an Account Owner.</p>
    </ConfirmDialog>
  );
}

/** "End all sessions" of a member, after a confirm. The outcome stays on screen for a moment. */
export function EndAllMemberSessions({ memberId, memberName, activeCount }: { memberId: string; memberName: string; activeCount: number }) {
  const [state, action, pending, unsent] = useFormAction(endMemberSessionsAction, idle);
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
        unsent={unsent}
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
