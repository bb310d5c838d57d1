"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useIsStaff } from "./viewer";

// The top tab bar of Settings. Real links (deep-linkable); My Sessions is the last tab on the right.
// Staff (Broker Buddha support) belong to no account, so they have no Users tab.
export const SETTINGS_TABS = [
  { href: "/settings/users", label: "Users", customersOnly: true },
  { href: "/settings/password", label: "Password", customersOnly: false },
  { href: "/settings/sessions", label: "My Sessions", customersOnly: false },
] as const;

export function SettingsTabs() {
  const pathname = usePathname();
  const staff = useIsStaff();
  const tabs = SETTINGS_TABS.filter((tab) => !(staff && tab.customersOnly));
  return (
    <nav aria-label="Settings" className="mt-4 border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {tabs.map((tab) => {
          const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href} className="shrink-0">
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`inline-flex items-center border-b-2 px-3 py-2.5 text-sm font-medium transition-colors ${
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
