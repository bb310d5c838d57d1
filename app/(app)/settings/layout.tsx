import { requireSession } from "@/lib/auth/session";
import { SettingsTabs } from "@/components/settings-tabs";
import { NewSignInNotice } from "@/components/sessions/new-sign-in-notice";

// The tabs depend on who is asking (Activity is for Account Owners, Users not for staff). The
// layout itself does not wait for that: an async layout would load its client chunks after the
// page's first (nonce-carrying) scripts.
async function Tabs() {
  const { user } = await requireSession();
  return <SettingsTabs viewer={user.kind === "staff" ? "staff" : user.role === "ACCOUNT_OWNER" ? "owner" : "member"} />;
}

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl">
      <NewSignInNotice />
      <h1 className="text-2xl font-semibold tracking-tight">User Settings</h1>
      <Tabs />
      <div className="mt-6">{children}</div>
    </div>
  );
}
