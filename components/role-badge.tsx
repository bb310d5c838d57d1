import type { Role } from "@/lib/db/generated/client";
import { ROLE_LABEL } from "@/lib/users/roles";

const TONE: Record<Role, string> = {
  ACCOUNT_OWNER: "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-500/15 dark:text-indigo-200 dark:ring-indigo-400/30",
  BILLING_MANAGER: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/15 dark:text-amber-200 dark:ring-amber-400/30",
  USER: "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-700/40 dark:text-slate-200 dark:ring-slate-400/30",
  SUPPORT: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/15 dark:text-emerald-200 dark:ring-emerald-400/30",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[role]}`}>
      {ROLE_LABEL[role]}
    </span>
  );
}

/** Initials in a circle; `muted` (grey) for someone who can no longer sign in. */
export function Avatar({ name, className = "size-9 text-xs", muted = false }: { name: string; className?: string; muted?: boolean }) {
  const initials = name.split(/\s+/).map((part) => part[0]).join("").slice(0, 2).toUpperCase();
  const tone = muted ? "bg-slate-200 text-slate-600 dark:bg-slate-700 dark:text-slate-300" : "bg-indigo-100 text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-200";
  return (
    <span aria-hidden="true" className={`flex shrink-0 items-center justify-center rounded-full font-semibold ${tone} ${className}`}>
      {initials}
    </span>
  );
}
