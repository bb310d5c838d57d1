"use client";

import { createContext, useActionState, useContext, useEffect, useRef } from "react";
import { endSessionAction, type EndSessionState } from "@/lib/actions/end-session";
import { revealSessionIdsAction, type RevealState } from "@/lib/actions/reveal-session-ids";
import { signOutOtherSessionsAction, type SignOutOthersState } from "@/lib/actions/sign-out-other-sessions";

// The interactive state of My Sessions, held above the rows: when a Logout removes its row,
// the outcome is still here to be announced, and focus moves to the announcement.

type Ui = {
  reveal: { state: RevealState; action: (formData: FormData) => void; pending: boolean };
  end: { state: EndSessionState; action: (formData: FormData) => void; pending: boolean };
  signOutOthers: { state: SignOutOthersState; action: (formData: FormData) => void; pending: boolean };
};

const SessionsUiContext = createContext<Ui | null>(null);

export function useSessionsUi(): Ui {
  const ui = useContext(SessionsUiContext);
  if (!ui) throw new Error("useSessionsUi outside SessionsUiProvider");
  return ui;
}

export function SessionsUiProvider({ children }: { children: React.ReactNode }) {
  const [revealState, revealAction, revealPending] = useActionState<RevealState, FormData>(revealSessionIdsAction, { shown: false, ids: {} });
  const [endState, endAction, endPending] = useActionState<EndSessionState, FormData>(endSessionAction, { status: "idle", message: "" });
  const [othersState, othersAction, othersPending] = useActionState<SignOutOthersState, FormData>(signOutOtherSessionsAction, { status: "idle", message: "" });

  return (
    <SessionsUiContext.Provider
      value={{
        reveal: { state: revealState, action: revealAction, pending: revealPending },
        end: { state: endState, action: endAction, pending: endPending },
        signOutOthers: { state: othersState, action: othersAction, pending: othersPending },
      }}
    >
      {children}
    </SessionsUiContext.Provider>
  );
}

/** The polite status line of the Active Sessions card; takes focus when an action finishes. */
export function SessionsAnnouncer() {
  const { end, signOutOthers, reveal } = useSessionsUi();
  const ref = useRef<HTMLParagraphElement>(null);
  const latest = [end.state, signOutOthers.state].filter((s) => s.status !== "idle");
  const message = reveal.state.error ?? latest.at(-1)?.message ?? "";
  const isError = !!reveal.state.error || latest.at(-1)?.status === "error";

  useEffect(() => {
    if (end.state.status !== "idle") ref.current?.focus();
  }, [end.state]);
  useEffect(() => {
    if (signOutOthers.state.status !== "idle") ref.current?.focus();
  }, [signOutOthers.state]);

  return (
    <p
      ref={ref}
      tabIndex={-1}
      role="status"
      aria-live="polite"
      data-testid="sessions-status"
      className={
        message
          ? `mx-5 mt-4 rounded-lg px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
              isError
                ? "bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200"
                : "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200"
            }`
          : "sr-only"
      }
    >
      {message}
    </p>
  );
}
