"use client";

// A settings page failed to render (for example the database went away mid-request). Nothing
// was changed; the message says so and offers a retry, and never shows the error's details.
export default function SettingsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-white p-6 shadow-sm dark:border-red-900/60 dark:bg-slate-900">
      <h2 className="text-base font-semibold">This page couldn&apos;t be loaded</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        Something went wrong on our side and nothing was changed. Please try again in a moment.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
        Try again
      </button>
    </div>
  );
}
