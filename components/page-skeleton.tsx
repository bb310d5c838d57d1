// What a page shows the moment it is asked for, until it has been rendered (loading.tsx): the
// shape of a card, and a status for screen readers.
export function PageSkeleton() {
  return (
    <div aria-busy="true" data-testid="page-loading" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <p role="status" className="sr-only">Loading…</p>
      <div aria-hidden="true" className="animate-pulse space-y-4">
        <div className="h-4 w-48 rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-3 w-72 max-w-full rounded bg-slate-100 dark:bg-slate-800/60" />
        {[0, 1, 2].map((row) => (
          <div key={row} className="flex items-center gap-3 pt-2">
            <div className="size-9 shrink-0 rounded-lg bg-slate-100 dark:bg-slate-800" />
            <div className="h-3 flex-1 rounded bg-slate-100 dark:bg-slate-800/60" />
          </div>
        ))}
      </div>
    </div>
  );
}

