"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { confirmSignInAction, type ConfirmSignInState } from "@/lib/actions/confirm-sign-in";
import { LocalTime } from "./local-time";
import { WasntMeButton } from "./wasnt-me-button";

const yesButton =
  "inline-flex items-center rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-60 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600 dark:hover:bg-slate-700";
const noButton =
  "inline-flex items-center rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-red-500 disabled:opacity-60";

export type PendingSignIn = { handle: string; device: string; place: string; createdAt: string; now: string; laterSessions: number };

/**
 * "New sign-in: Firefox on Windows · Berlin, Germany · 2 minutes ago. Was this you?" at the top
 * of the settings pages of the user's other sessions. Yes: never asked again, on any device, and
 * the banner gives way to a thank-you that takes the focus (the Yes button is gone with it). No:
 * the "Wasn't me?" flow for that session. Rendered on every settings page, with or without a
 * sign-in to ask about, so that its answer outlives the banner when the page re-renders.
 */
export function NewSignInBanner({ pending: signIn }: { pending: PendingSignIn | null }) {
  const headingId = useId();
  const [state, action, pending] = useActionState<ConfirmSignInState, FormData>(confirmSignInAction, { status: "idle", message: "" });
  const thanks = useRef<HTMLParagraphElement>(null);
  const confirmed = state.status === "confirmed";
  useEffect(() => {
    if (confirmed) thanks.current?.focus();
  }, [confirmed]);
  if (!signIn) {
    if (!confirmed) return null;
    return (
      <p
        ref={thanks}
        tabIndex={-1}
        role="status"
        data-testid="new-sign-in-confirmed"
        className="mb-5 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 dark:bg-emerald-950/50 dark:text-emerald-200"
      >
        {state.message}
      </p>
    );
  }
  const { handle, device, place, createdAt, now, laterSessions } = signIn;
  return (
    <section
      aria-labelledby={headingId}
      data-testid="new-sign-in"
      className="mb-5 flex flex-col gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 shadow-sm sm:flex-row sm:items-center sm:justify-between dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-50"
    >
      <div className="flex gap-3">
        <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-100 text-amber-700 dark:bg-amber-500/20 dark:text-amber-200">
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
            <path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3Z" strokeLinejoin="round" />
            <path d="M12 8v4M12 15.5h.01" strokeLinecap="round" />
          </svg>
        </span>
        <p id={headingId} className="text-sm">
          <strong className="font-semibold">New sign-in:</strong> {device} · {place} · <LocalTime iso={createdAt} now={now} mode="relative" inSentence />.{" "}
          <strong className="font-semibold">Was this you?</strong>
        </p>
      </div>
      <div className="flex shrink-0 flex-wrap items-start gap-2 pl-12 sm:pl-0">
        <form action={action}>
          <input type="hidden" name="handle" value={handle} />
          <button type="submit" className={yesButton} disabled={pending}>
            Yes
          </button>
        </form>
        <WasntMeButton handle={handle} device={device} place={place} laterSessions={laterSessions} triggerLabel="No, secure my account" triggerClassName={noButton} className="flex flex-col items-start gap-1" />
        {state.status === "error" && (
          <span role="alert" className="basis-full text-xs text-red-700 dark:text-red-300">
            {state.message}
          </span>
        )}
      </div>
    </section>
  );
}
