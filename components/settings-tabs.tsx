"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

// The top tab bar of Settings. Real links (deep-linkable); My Sessions is the last tab on the right.
// Activity (the account's security activity) is there for Account Owners only; for anyone else
// its page is a 404 as well.
const SETTINGS_TABS = [
  { href: "/settings/users", label: "Users" },
  { href: "/settings/password", label: "Password" },
  { href: "/settings/activity", label: "Activity", accountOwnerOnly: true },
  { href: "/settings/sessions", label: "My Sessions" },
] as const;

export function SettingsTabs({ accountOwner }: { accountOwner: boolean }) {
  const pathname = usePathname();
  const tabs = SETTINGS_TABS.filter((tab) => accountOwner || !("accountOwnerOnly" in tab));
  return (
    <nav aria-label="Settings" className="mt-4 border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex overflow-x-auto sm:gap-1">
        {tabs.map((tab) => {
          const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href} className="shrink-0">
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`inline-flex items-center border-b-2 px-2 py-2.5 text-sm font-medium transition-colors sm:px-3 ${
                  current
                    ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-white"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
