import { requireSession } from "@/lib/auth/session";
import { SettingsTabs } from "@/components/settings-tabs";

// The tabs depend on who is asking (Activity is for Account Owners); the layout itself does not
// wait for that, so the page below it streams as before.
async function Tabs() {
  const { user } = await requireSession();
  return <SettingsTabs accountOwner={user.role === "ACCOUNT_OWNER"} />;
}

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-6xl">
      <h1 className="text-2xl font-semibold tracking-tight">User Settings</h1>
      <Tabs />
      <div className="mt-6">{children}</div>
    </div>
  );
}
