import type { SecurityEventType } from "@/lib/db/generated/enums";

// A small icon per kind of security event, toned by what it means: a failed sign-in stands out,
// support's access is in support's colour (the role badge's), the rest stay quiet.

type Kind = "sign-in" | "failed" | "ended" | "revealed" | "password" | "support" | "member";

const KIND: Record<SecurityEventType, Kind> = {
  SIGN_IN: "sign-in",
  SIGN_IN_FAILED: "failed",
  SIGN_OUT: "ended",
  SESSION_ENDED: "ended",
  SESSION_REPORTED: "failed",
  MEMBER_SESSIONS_ENDED: "ended",
  TOKENS_REVEALED: "revealed",
  PASSWORD_CHANGED: "password",
  PASSWORD_RESET: "password",
  SUPPORT_LOOKUP: "support",
  SUPPORT_ENDED_SESSION: "support",
  MEMBER_ADDED: "member",
  ROLE_CHANGED: "member",
  USER_DEACTIVATED: "member",
  USER_REACTIVATED: "member",
};

const TONE: Record<Kind, string> = {
  "sign-in": "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300",
  failed: "bg-red-50 text-red-700 dark:bg-red-500/15 dark:text-red-300",
  ended: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  revealed: "bg-amber-50 text-amber-700 dark:bg-amber-500/15 dark:text-amber-200",
  password: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  support: "bg-emerald-50 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300",
  member: "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300",
};

function Glyph({ kind }: { kind: Kind }) {
  const common = { viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.7, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true, className: "size-4" } as const;
  switch (kind) {
    case "sign-in":
      return <svg {...common}><path d="M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4" /><path d="M10 16l4-4-4-4M14 12H4" /></svg>;
    case "failed":
      return <svg {...common}><path d="M12 3.5 2.5 20h19L12 3.5Z" /><path d="M12 10v4.5M12 17.5v.01" /></svg>;
    case "ended":
      return <svg {...common}><path d="M10 4H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h4" /><path d="M16 16l4-4-4-4M20 12H10" /></svg>;
    case "revealed":
      return <svg {...common}><path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z" /><circle cx="12" cy="12" r="3" /></svg>;
    case "password":
      return <svg {...common}><rect x="5" y="11" width="14" height="9" rx="2" /><path d="M8 11V8a4 4 0 0 1 8 0v3" /></svg>;
    case "support":
      return <svg {...common}><circle cx="12" cy="12" r="8.5" /><circle cx="12" cy="12" r="3.5" /><path d="m6 6 3.5 3.5M18 6l-3.5 3.5M6 18l3.5-3.5M18 18l-3.5-3.5" /></svg>;
    case "member":
      return <svg {...common}><circle cx="12" cy="8" r="3.5" /><path d="M5 20a7 7 0 0 1 14 0" /></svg>;
  }
}

export function EventIcon({ type }: { type: SecurityEventType }) {
  const kind = KIND[type];
  return (
    <span className={`mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg ${TONE[kind]}`}>
      <Glyph kind={kind} />
    </span>
  );
}
