// Shown while My Sessions renders on the server.
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading your sessions…</span>
      {[0, 1].map((card) => (
        <div key={card} className="animate-pulse rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <div className="h-5 w-48 rounded bg-slate-200 dark:bg-slate-800" />
          <div className="mt-6 space-y-4">
            {[0, 1, 2].map((row) => (
              <div key={row} className="h-10 rounded bg-slate-100 dark:bg-slate-800/60" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
