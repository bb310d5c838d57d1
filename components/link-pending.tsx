"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a Link: shows at once that the page it leads to is on its way (the click is taken; the
 * page may still be rendering). A pulsing underline for tabs, a pulsing ring for icon links; the
 * link must be `relative`. Not loading.tsx: its Suspense boundary streams the page's content in
 * behind a script, so with JavaScript off the page would stay a skeleton.
 */
export function LinkPending({ shape }: { shape: "underline" | "ring" }) {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <span
      aria-hidden="true"
      data-testid="link-pending"
      className={`pointer-events-none absolute animate-pulse ${shape === "underline" ? "inset-x-0 -bottom-0.5 h-0.5 bg-indigo-500 dark:bg-indigo-400" : "inset-0 rounded-lg ring-2 ring-indigo-400"}`}
    />
  );
}
