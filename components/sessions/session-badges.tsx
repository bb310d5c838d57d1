"use client";

// A session's device icon and status badge: plain markup with no server imports, so the support
// console (a client component) shows sessions exactly as My Sessions does. Client components,
// so that a table's payload names them per row instead of repeating their markup.

type Status = "ACTIVE" | "EXPIRED" | "TERMINATED";

/** The kind of device, as a word: "Desktop", "Tablet", "Script or app". */
export function deviceTypeLabel(type: string): string {
  return { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet", app: "Script or app" }[type] ?? "Device";
}

/** The device's kind as an icon (drawn by CSS, see .device-icon: a row repeats no SVG markup). */
export function DeviceIcon({ type }: { type: string }) {
  const known = type === "mobile" || type === "tablet" || type === "app" ? type : "desktop";
  return <span aria-hidden="true" className={`device-icon device-icon-${known}`} />;
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
