import Link from "next/link";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

/** Who is signed in: a member of a customer account, or Broker Buddha staff (support). */
type ShellUser = { name: string; email: string; accountName: string; staff: boolean };

function HomeIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true" className="size-5">
      <path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9.5Z" strokeLinejoin="round" />
    </svg>
  );
}

function SupportIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true" className="size-5">
      <circle cx="12" cy="12" r="9" />
      <circle cx="12" cy="12" r="3.5" />
      <path d="m5.6 5.6 3.9 3.9m5 5 3.9 3.9m0-12.8-3.9 3.9m-5 5-3.9 3.9" strokeLinecap="round" />
    </svg>
  );
}

function GearIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true" className="size-5">
      <path d="M10.3 3.6a1.7 1.7 0 0 1 3.4 0 1.7 1.7 0 0 0 2.6 1.1 1.7 1.7 0 0 1 2.4 2.4 1.7 1.7 0 0 0 1.1 2.6 1.7 1.7 0 0 1 0 3.4 1.7 1.7 0 0 0-1.1 2.6 1.7 1.7 0 0 1-2.4 2.4 1.7 1.7 0 0 0-2.6 1.1 1.7 1.7 0 0 1-3.4 0 1.7 1.7 0 0 0-2.6-1.1 1.7 1.7 0 0 1-2.4-2.4 1.7 1.7 0 0 0-1.1-2.6 1.7 1.7 0 0 1 0-3.4 1.7 1.7 0 0 0 1.1-2.6 1.7 1.7 0 0 1 2.4-2.4 1.7 1.7 0 0 0 2.6-1.1Z" />
      <circle cx="12" cy="12" r="3" />
    </svg>
  );
}

/**
 * The signed-in frame: a narrow left sidebar (the Settings ⚙️ icon in its bottom-left corner, as
 * the help article says), a top bar with the account and the user menu, and the page. Staff see
 * the support console where customers see Home, and "Broker Buddha support" for an account.
 */
export function AppShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-900">
        Skip to content
      </a>
      <nav aria-label="Main" className="w-16 shrink-0 border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="sticky top-0 flex h-screen flex-col items-center py-4">
          <Link href={user.staff ? "/support" : "/"} aria-label="Broker Buddha AI home" className="mb-6 rounded-lg">
            <Logo className="size-9" />
          </Link>
          <ul className="flex flex-1 flex-col items-center gap-2">
            <li>
              {user.staff ? (
                <NavLink href="/support" label="Support console" testId="support-link"><SupportIcon /></NavLink>
              ) : (
                <NavLink href="/" exact label="Home"><HomeIcon /></NavLink>
              )}
            </li>
          </ul>
          <NavLink href="/settings" label="Settings" testId="settings-link"><GearIcon /></NavLink>
        </div>
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-6 dark:border-slate-800 dark:bg-slate-900/90">
          <p className="flex min-w-0 items-center gap-2 text-sm font-medium text-slate-600 dark:text-slate-300">
            <span className="truncate">{user.accountName}</span>
            {user.staff && (
              <span className="shrink-0 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-200 ring-inset dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/30">
                Staff
              </span>
            )}
          </p>
          <UserMenu name={user.name} email={user.email} />
        </header>
        <main id="main" className="flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
