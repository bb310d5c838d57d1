"use client";

import Link from "next/link";
import { createContext, useContext, useEffect, useRef } from "react";
import { endSessionAction, type EndSessionState } from "@/lib/actions/end-session";
import { revealSessionIdsAction, type RevealState } from "@/lib/actions/reveal-session-ids";
import { signOutOtherSessionsAction, type SignOutOthersState } from "@/lib/actions/sign-out-other-sessions";
import { useFormAction, type Unsent } from "@/components/form-action";
import { outcomeClass, useRememberedDevices } from "@/components/outcome";

// The interactive state of My Sessions, held above the rows: when a Logout removes its row,
// the outcome is still here to be announced, and focus moves to the announcement.

type Control<State> = { state: State; action: (formData: FormData) => void; pending: boolean; unsent: Unsent | null };

type Ui = {
  reveal: Control<RevealState>;
  end: Control<EndSessionState>;
  signOutOthers: Control<SignOutOthersState>;
  /** Each active session's device, described, by row handle: "Logged out Firefox on Windows." */
  devices: Record<string, string>;
};

const SessionsUiContext = createContext<Ui | null>(null);

export function useSessionsUi(): Ui {
  const ui = useContext(SessionsUiContext);
  if (!ui) throw new Error("useSessionsUi outside SessionsUiProvider");
  return ui;
}

const control = <State,>([state, action, pending, unsent]: readonly [State, (formData: FormData) => void, boolean, Unsent | null]): Control<State> => ({ state, action, pending, unsent });

export function SessionsUiProvider({ devices, children }: { devices: Record<string, string>; children: React.ReactNode }) {
  const reveal = control(useFormAction<RevealState>(revealSessionIdsAction, { shown: false, ids: {} }));
  const end = control(useFormAction<EndSessionState>(endSessionAction, { status: "idle", message: "" }));
  const signOutOthers = control(useFormAction<SignOutOthersState>(signOutOtherSessionsAction, { status: "idle", message: "" }));
  // The row is gone once its Logout is done, and its device with it: keep the names seen.
  const known = useRememberedDevices(devices);
  return <SessionsUiContext.Provider value={{ reveal, end, signOutOthers, devices: known }}>{children}</SessionsUiContext.Provider>;
}

/**
 * The status line of the Active Sessions card; takes focus when an action finishes, so keyboard
 * users stay at the list. After a Logout it names the device and offers the article's next step.
 */
export function SessionsAnnouncer() {
  const { end, signOutOthers, reveal, devices } = useSessionsUi();
  const ref = useRef<HTMLDivElement>(null);
  const latest = [end.state, signOutOthers.state].filter((s) => s.status !== "idle");
  const loggedOut = end.state.status === "ended" && latest.at(-1) === end.state ? devices[end.state.handle ?? ""] : undefined;
  const message = reveal.state.error ?? (loggedOut ? `Logged out ${loggedOut}. That device will be signed out on its next request.` : (latest.at(-1)?.message ?? ""));
  const isError = !!reveal.state.error || latest.at(-1)?.status === "error";

  useEffect(() => {
    if (end.state.status !== "idle") ref.current?.focus();
  }, [end.state]);
  useEffect(() => {
    if (signOutOthers.state.status !== "idle") ref.current?.focus();
  }, [signOutOthers.state]);

  return (
    <div
      ref={ref}
      tabIndex={-1}
      data-testid="sessions-status"
      className={outcomeClass(message, isError, "mx-5 mt-4")}
    >
      <p role="status" aria-live="polite">{message}</p>
      {loggedOut && (
        <p className="mt-1">
          Don&apos;t recognize it?{" "}
          <Link href="/settings/password" className="font-medium underline underline-offset-2">Change your password</Link>
        </p>
      )}
    </div>
  );
}
