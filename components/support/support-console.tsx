"use client";

import { useState } from "react";
import { RetryNotice, useFormAction } from "@/components/form-action";
import { lookUpSupportSessionAction, type SupportLookupState } from "@/lib/actions/look-up-support-session";
import { SupportSessionCard } from "./support-session-card";

const idle: SupportLookupState = { status: "idle" };

const INPUT =
  "block w-full min-w-0 rounded-md border bg-white px-3 py-2 font-mono text-sm shadow-xs placeholder:font-sans placeholder:text-slate-400 focus:outline-none focus:ring-2 dark:bg-slate-950";
const OK = "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/30 dark:border-slate-700";
const BAD = "border-red-500 focus:border-red-500 focus:ring-red-500/30 dark:border-red-400";

function SearchIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true" className={className}>
      <circle cx="8.5" cy="8.5" r="5.5" />
      <path d="m13 13 4 4" strokeLinecap="round" />
    </svg>
  );
}

/** The console: one field for a full session ID, and what the lookup found. */
export function SupportConsole({ lookupsPerMinute }: { lookupsPerMinute: number }) {
  const [state, lookUp, pending, unsent] = useFormAction(lookUpSupportSessionAction, idle);
  const [value, setValue] = useState("");
  const invalid = state.status === "invalid";

  return (
    <div className="space-y-6">
      <section aria-labelledby="lookup-heading" className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="border-b border-slate-200 px-4 py-4 sm:px-5 dark:border-slate-800">
          <h2 id="lookup-heading" className="text-base font-semibold">Find a session</h2>
          <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">Paste the complete ID. Partial IDs, truncated IDs and searches are not supported.</p>
        </div>
        <form action={lookUp} noValidate className="px-4 py-5 sm:px-5">
          <label htmlFor="support-session-id" className="block text-sm font-medium">Session ID</label>
          <div className="mt-1.5 flex flex-col gap-3 sm:flex-row">
            <input
              id="support-session-id"
              name="sessionId"
              value={value}
              onChange={(event) => setValue(event.target.value)}
              required
              maxLength={200}
              autoComplete="off"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              placeholder="32 characters, e.g. from the user's Show Tokens"
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? "support-session-id-error support-session-id-hint" : "support-session-id-hint"}
              className={`${INPUT} ${invalid ? BAD : OK}`}
            />
            <button
              type="submit"
              disabled={pending}
              className="inline-flex shrink-0 items-center justify-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
            >
              <SearchIcon />
              {pending ? "Looking up…" : "Look up"}
            </button>
          </div>
          <RetryNotice unsent={unsent} pending={pending} className="mt-2" />
          {invalid && (
            <p id="support-session-id-error" role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">{state.message}</p>
          )}
          <p id="support-session-id-hint" className="mt-2 text-xs text-slate-500 dark:text-slate-400">
            Exact match only. Each lookup is recorded for the user, and you can make up to {lookupsPerMinute} a minute.
          </p>
        </form>
      </section>

      <Result state={state} />
    </div>
  );
}

function Result({ state }: { state: SupportLookupState }) {
  switch (state.status) {
    case "found":
      return <SupportSessionCard key={state.lookedUpAt} initial={state.session} lookedUpAt={state.lookedUpAt} />;
    case "not-found":
      return (
        <Notice tone="neutral" title={state.message} testId="lookup-miss">
          Check the ID with the user: ask them to copy it again from My Sessions → Show Tokens.
        </Notice>
      );
    case "limited":
      return <Notice tone="warning" title="Too many lookups" testId="lookup-limited">{state.message}</Notice>;
    case "invalid":
    case "idle":
      return <EmptyState />;
  }
}

function Notice({ tone, title, children, testId }: { tone: "neutral" | "warning"; title: string; children: React.ReactNode; testId: string }) {
  const look =
    tone === "warning"
      ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-50"
      : "border-slate-200 bg-white text-slate-900 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100";
  const icon = tone === "warning" ? "bg-amber-100 text-amber-700 dark:bg-amber-500/20 dark:text-amber-200" : "bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-300";
  return (
    <div role="status" data-testid={testId} className={`flex gap-3 rounded-xl border p-4 shadow-sm sm:p-5 ${look}`}>
      <span aria-hidden="true" className={`flex size-9 shrink-0 items-center justify-center rounded-full ${icon}`}>
        {tone === "warning" ? (
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
            <circle cx="12" cy="12" r="9" />
            <path d="M12 7v5l3 2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        ) : (
          <SearchIcon className="size-5" />
        )}
      </span>
      <div className="min-w-0">
        <h2 className="font-semibold">{title}</h2>
        <p className={`mt-1 text-sm ${tone === "warning" ? "text-amber-900 dark:text-amber-100/90" : "text-slate-600 dark:text-slate-400"}`}>{children}</p>
      </div>
    </div>
  );
}

function EmptyState() {
  const steps = [
    ["The user opens My Sessions", "Settings → My Sessions, and clicks Show Tokens."],
    ["They read out one full ID", "The session they are asking about, copied with its copy button."],
    ["You paste it above", "Whose session it is, its device and place, and how it stands."],
  ];
  return (
    <section aria-labelledby="how-heading" data-testid="lookup-empty" className="rounded-xl border border-dashed border-slate-300 bg-white/60 p-5 sm:p-6 dark:border-slate-700 dark:bg-slate-900/40">
      <h2 id="how-heading" className="text-sm font-semibold">How a lookup works</h2>
      <ol className="mt-4 grid gap-4 sm:grid-cols-3">
        {steps.map(([title, text], i) => (
          <li key={title} className="flex gap-3">
            <span aria-hidden="true" className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/30">
              {i + 1}
            </span>
            <div className="min-w-0 text-sm">
              <p className="font-medium">{title}</p>
              <p className="mt-0.5 text-slate-600 dark:text-slate-400">{text}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
