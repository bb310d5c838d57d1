import { requireSession } from "@/lib/auth/session";
import { SettingsTabs } from "@/components/settings-tabs";

// The tabs depend on who is asking (Activity is for Account Owners, Users not for staff). The
// layout itself does not wait for that: an async layout would load its client chunks after the
// page's first (nonce-carrying) scripts.
async function Tabs() {
  const { user } = await requireSession();
  return <SettingsTabs viewer={user.kind === "staff" ? "staff" : user.role === "ACCOUNT_OWNER" ? "owner" : "member"} />;
}

// Each settings page opens with its own "Was this you?" banner (NewSignInNotice): a layout is not
// rendered again when the user moves between its tabs, so one here would only ask on a full load.
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl">
      <h1 className="text-2xl font-semibold tracking-tight">User Settings</h1>
      <Tabs />
      <div className="mt-6">{children}</div>
    </div>
  );
}
