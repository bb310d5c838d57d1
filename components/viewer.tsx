"use client";

import { createContext, useContext } from "react";

// Who is looking, for the few client components that differ for staff (the Settings tabs). Set
// once by the signed-in frame (AppShell), so a layout below it need not await the session again
// (an async layout delays its client chunks past the page's first, nonce-carrying, scripts).

const StaffContext = createContext(false);

export function ViewerProvider({ staff, children }: { staff: boolean; children: React.ReactNode }) {
  return <StaffContext.Provider value={staff}>{children}</StaffContext.Provider>;
}

/** Is the signed-in user Broker Buddha staff (support)? */
export function useIsStaff(): boolean {
  return useContext(StaffContext);
}
