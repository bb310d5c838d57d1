"use client";

import Link from "next/link";
import { LinkPending } from "./link-pending";
import { usePathname } from "next/navigation";

// The top tab bar of Settings. Real links (deep-linkable); My Sessions is the last tab on the right.
// Activity (the account's security activity) is for Account Owners; staff (Broker Buddha
// support) belong to no account, so they have neither Users nor Activity. For anyone a tab is
// not shown to, its page is a 404 as well.
export type SettingsViewer = "member" | "owner" | "staff";

const SETTINGS_TABS: { href: string; label: string; for: readonly SettingsViewer[] }[] = [
  { href: "/settings/users", label: "Users", for: ["member", "owner"] },
  { href: "/settings/password", label: "Password", for: ["member", "owner", "staff"] },
  { href: "/settings/activity", label: "Activity", for: ["owner"] },
  { href: "/settings/sessions", label: "My Sessions", for: ["member", "owner", "staff"] },
];

export function SettingsTabs({ viewer }: { viewer: SettingsViewer }) {
  const pathname = usePathname();
  const tabs = SETTINGS_TABS.filter((tab) => tab.for.includes(viewer));
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
                className={`relative inline-flex items-center border-b-2 px-2 py-2.5 text-sm font-medium transition-colors sm:px-3 ${
                  current
                    ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-white"
                }`}
              >
                {tab.label}
                <LinkPending shape="underline" />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
