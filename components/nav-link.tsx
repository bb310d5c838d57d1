"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { LinkPending } from "./link-pending";

/** A sidebar icon link with a tooltip-style label, marked as the current page for screen readers. */
export function NavLink({ href, label, exact, testId, children }: { href: string; label: string; exact?: boolean; testId?: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-label={label}
      title={label}
      data-testid={testId}
      aria-current={active ? "page" : undefined}
      className={`relative flex size-10 items-center justify-center rounded-lg transition-colors ${
        active
          ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300"
          : "text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white"
      }`}
    >
      {children}
      <LinkPending shape="ring" />
    </Link>
  );
}
