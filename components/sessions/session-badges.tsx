"use client";

// A session's device icon and status badge: plain markup with no server imports, so the support
// console (a client component) shows sessions exactly as My Sessions does. Client components,
// so that a table's payload names them per row instead of repeating their markup.

type Status = "ACTIVE" | "EXPIRED" | "TERMINATED";

/** The kind of device, as a word: "Desktop", "Tablet", "Script or app". */
export function deviceTypeLabel(type: string): string {
  return { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet", app: "Script or app" }[type] ?? "Device";
}

export function DeviceIcon({ type }: { type: string }) {
  const common = { viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.6, "aria-hidden": true, className: "size-5" } as const;
  if (type === "mobile") return <svg {...common}><rect x="7" y="2.5" width="10" height="19" rx="2" /><path d="M11 18.5h2" strokeLinecap="round" /></svg>;
  if (type === "tablet") return <svg {...common}><rect x="4.5" y="2.5" width="15" height="19" rx="2" /><path d="M11 18.5h2" strokeLinecap="round" /></svg>;
  if (type === "app") return <svg {...common}><rect x="3" y="4" width="18" height="16" rx="2" /><path d="m7 9 3 3-3 3M12 15h5" strokeLinecap="round" strokeLinejoin="round" /></svg>;
  return <svg {...common}><rect x="3" y="4" width="18" height="12" rx="1.5" /><path d="M8 20h8M12 16v4" strokeLinecap="round" /></svg>;
}

const STATUS = {
  ACTIVE: { label: "Active", cls: "status-active" },
  EXPIRED: { label: "Expired", cls: "status-expired" },
  TERMINATED: { label: "Terminated", cls: "status-terminated" },
} as const;

/** The article's 🟢 Active, 🟡 Expired, 🔴 Terminated: the same words and colours, the dot drawn in CSS. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span data-status={status} className={`status ${STATUS[status].cls}`}>
      {STATUS[status].label}
    </span>
  );
}
