import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { SupportConsole } from "@/components/support/support-console";

export const metadata: Metadata = { title: "Support console" };

// The support console: a Broker Buddha support engineer pastes the full session ID a user read
// out to them, sees whose session it is and how it stands, and may end it with a note. For
// anyone but staff this page does not exist (404). The ID is posted to a Server Action, never
// put in the URL, so it stays out of logs and browser history.
export default async function SupportPage() {
  await requireStaff("/support");
  return (
    <div className="mx-auto max-w-5xl">
      <h1 className="text-2xl font-semibold tracking-tight">Support console</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Look up a session by the full session ID a user reads out to you from Settings → My Sessions → Show Tokens. The ID is their consent: only an
        exact match is shown, and the user sees every lookup in their security activity.
      </p>
      <div className="mt-6">
        <SupportConsole lookupsPerMinute={getConfig().support.lookupsPerMinute} />
      </div>
    </div>
  );
}
