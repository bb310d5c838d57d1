"use client";

// The console failed (for example the database went away during a lookup or an ending). The
// message never shows the error's details; looking the session up again shows where it stands.
export default function SupportError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-5xl rounded-xl border border-red-200 bg-white p-6 shadow-sm dark:border-red-900/60 dark:bg-slate-900">
      <h2 className="text-base font-semibold">The support console ran into a problem</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        Something went wrong on our side. Try again in a moment, and look the session up again to see where it stands.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
        Try again
      </button>
    </div>
  );
}
