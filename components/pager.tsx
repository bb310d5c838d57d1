import Link from "next/link";

// Previous / Next under a paginated card, as plain links (they work with JavaScript off). The
// page decides the URLs, so several pagers on one page keep each other's place.

type Props = {
  /** What the navigation is called for screen readers ("Session history pages"). */
  label: string;
  page: number;
  pageCount: number;
  total: number;
  /** How many items this page shows. */
  shown: number;
  pageSize: number;
  hrefFor: (page: number) => string;
};

export function Pager({ label, page, pageCount, total, shown, pageSize, hrefFor }: Props) {
  const first = (page - 1) * pageSize + 1;
  const last = first + shown - 1;
  const all = total.toLocaleString("en-US");
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
      <p className="text-slate-500 dark:text-slate-400">{shown > 0 ? <>Showing {first}–{last} of {all}</> : <>{all} in all</>}</p>
      <div className="flex gap-2">
        <PageLink href={hrefFor(page - 1)} disabled={page <= 1} rel="prev">Previous</PageLink>
        <PageLink href={hrefFor(page + 1)} disabled={page >= pageCount} rel="next">Next</PageLink>
      </div>
    </nav>
  );
}

function PageLink({ href, disabled, rel, children }: { href: string; disabled: boolean; rel: string; children: React.ReactNode }) {
  const cls = "rounded-md border px-3 py-1.5 font-medium";
  if (disabled) {
    return <span aria-disabled="true" className={`${cls} cursor-not-allowed border-slate-200 text-slate-400 dark:border-slate-800 dark:text-slate-600`}>{children}</span>;
  }
  return (
    <Link href={href} rel={rel} scroll={false}
      className={`${cls} border-slate-300 text-slate-700 hover:bg-slate-50 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800`}>
      {children}
    </Link>
  );
}

/** `path` with these query parameters, those without a value left out. */
export function hrefWith(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A page number as a query value: page 1 is the plain URL. */
export const pageParam = (page: number) => (page > 1 ? page : null);
