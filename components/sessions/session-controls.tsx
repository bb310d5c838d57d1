"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { RetryNotice } from "@/components/form-action";
import { useSessionsUi } from "./sessions-ui";

const secondaryButton =
  "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700";
const dangerButton = "btn-danger";

function EyeIcon({ off }: { off?: boolean }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true" className="size-4">
      <path d="M1.5 10S4.5 4 10 4s8.5 6 8.5 6-3 6-8.5 6-8.5-6-8.5-6Z" />
      <circle cx="10" cy="10" r="2.5" />
      {off && <path d="M3 17 17 3" strokeLinecap="round" />}
    </svg>
  );
}

/**
 * Show Tokens / Hide Tokens, top-right of the Active Sessions card. The label says what a press
 * will do (so no aria-pressed as well); the button stays enabled while it works, since a disabled
 * button would drop keyboard focus, and a live region says what changed.
 */
export function ShowTokensButton({ handles }: { handles: string[] }) {
  const { reveal } = useSessionsUi();
  const shown = reveal.state.shown;
  const [pressed, setPressed] = useState(false);
  return (
    <div className="flex flex-col items-end gap-1">
      <form action={reveal.action} onSubmit={(event) => (reveal.pending ? event.preventDefault() : setPressed(true))}>
        <input type="hidden" name="intent" value={shown ? "hide" : "show"} />
        {!shown && handles.map((h) => <input key={h} type="hidden" name="handle" value={h} />)}
        <button type="submit" className={secondaryButton} disabled={handles.length === 0} aria-disabled={reveal.pending || undefined} data-testid="tokens-toggle">
          <EyeIcon off={shown} />
          {shown ? "Hide Tokens" : "Show Tokens"}
        </button>
      </form>
      <p role="status" className="sr-only">{!pressed || reveal.pending ? "" : shown ? "Full session IDs shown. Treat them like a password." : "Full session IDs hidden."}</p>
      <RetryNotice unsent={reveal.unsent} pending={reveal.pending} />
    </div>
  );
}

/** The Session cell: the truncated ID, or the full one with a copy button once revealed. */
export function SessionIdCell({ handle, truncated }: { handle: string; truncated: string }) {
  const { reveal } = useSessionsUi();
  const full = reveal.state.shown ? reveal.state.ids[handle] : undefined;
  const [copied, setCopied] = useState(false);
  if (!full) {
    return (
      <code className="id-chip" title="Truncated for privacy">
        {truncated}
      </code>
    );
  }
  return (
    <span className="inline-flex max-w-full items-center gap-1.5">
      <code data-testid="full-session-id" className="break-all rounded bg-amber-50 px-1.5 py-0.5 font-mono text-xs text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:ring-amber-800">
        {full}
      </code>
      <button
        type="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(full);
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          } catch {
            setCopied(false);
          }
        }}
        className="shrink-0 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white"
        aria-label={copied ? "Copied" : "Copy session ID"}
        title={copied ? "Copied" : "Copy session ID"}
      >
        {copied ? (
          <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" className="size-4 text-emerald-600"><path d="m4 10 4 4 8-8" /></svg>
        ) : (
          <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true" className="size-4"><rect x="7" y="7" width="10" height="10" rx="2" /><path d="M13 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h2" /></svg>
        )}
      </button>
      <span className="sr-only" aria-live="polite">{copied ? "Copied to clipboard" : ""}</span>
    </span>
  );
}

/** Logout on a row. On this device it asks first, since it signs you out here. */
export function LogoutButton({ handle, current, device }: { handle: string; current: boolean; device: string }) {
  const { end } = useSessionsUi();
  const unsent = end.unsent?.form.get("handle") === handle ? end.unsent : null;
  if (current) {
    return (
      <ConfirmDialog
        triggerLabel="Logout"
        title="Log out this device?"
        confirmLabel="Log out this device"
        action={end.action}
        fields={{ handle }}
        pending={end.pending}
        unsent={unsent}
        triggerClassName={dangerButton}
        testId="logout-current"
      >
        This is the session you are using now ({device}). You will be signed out immediately and returned to the login screen.
      </ConfirmDialog>
    );
  }
  return (
    <form action={end.action} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="handle" value={handle} />
      <button type="submit" className={dangerButton} disabled={end.pending} aria-label={`Logout ${device}`}>
        Logout
      </button>
      <RetryNotice unsent={unsent} pending={end.pending} className="justify-end text-right" />
    </form>
  );
}

/** "Sign out all other sessions", with a confirmation. */
export function SignOutOthersButton({ count }: { count: number }) {
  const { signOutOthers } = useSessionsUi();
  return (
    <ConfirmDialog
      triggerLabel="Sign out all other sessions"
      title="Sign out all other sessions?"
      confirmLabel="Sign out other sessions"
      action={signOutOthers.action}
      fields={{ confirm: "yes" }}
      pending={signOutOthers.pending}
      unsent={signOutOthers.unsent}
      triggerClassName={dangerButton}
      testId="sign-out-others"
    >
      This ends {count} other active session{count === 1 ? "" : "s"}. Those devices will be signed out on their next request. You will stay signed in here.
    </ConfirmDialog>
  );
}
