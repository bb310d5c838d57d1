"use client";

import { useRef } from "react";

// What the lists' status lines share (My Sessions' Logout, an Account Owner's End session): the
// row an action removed is gone by the time its outcome is said, and the outcome still names it.

/** Device names by row handle, kept after their row has gone. */
export function useRememberedDevices(devices: Record<string, string>): Record<string, string> {
  const known = useRef(devices);
  known.current = { ...known.current, ...devices };
  return known.current;
}

/** A status line above the rows: coloured once it has something to say, else for screen readers only. */
export function outcomeClass(message: string, isError: boolean, margin: string): string {
  if (!message) return "sr-only";
  const tone = isError ? "bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200" : "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-200";
  return `${margin} rounded-lg px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${tone}`;
}
