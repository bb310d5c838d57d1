import { signOutAction } from "@/lib/actions/sign-out";

/** The user menu: a native <details> disclosure, so it works with the keyboard and without JavaScript. */
export function UserMenu({ name, email }: { name: string; email: string }) {
  const initials = name.split(/\s+/).map((part) => part[0]).join("").slice(0, 2).toUpperCase();
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-full p-1 pr-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">{initials}</span>
        <span className="hidden font-medium sm:inline">{name}</span>
        <span className="sr-only">Open user menu</span>
      </summary>
      <div className="absolute right-0 mt-2 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <div className="px-3 py-2">
          <p className="truncate text-sm font-medium">{name}</p>
          <p className="truncate text-xs text-slate-500 dark:text-slate-400">{email}</p>
        </div>
        <div className="my-1 border-t border-slate-200 dark:border-slate-700" />
        <a href="/settings/sessions" className="block rounded-md px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">My Sessions</a>
        <form action={signOutAction}>
          <button type="submit" className="w-full rounded-md px-3 py-2 text-left text-sm text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950/50">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
