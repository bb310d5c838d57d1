import { requireSession } from "@/lib/auth/session";
import { SettingsTabs } from "@/components/settings-tabs";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  return (
    <div className="mx-auto max-w-6xl">
      <h1 className="text-2xl font-semibold tracking-tight">User Settings</h1>
      <SettingsTabs accountOwner={user.role === "ACCOUNT_OWNER"} />
      <div className="mt-6">{children}</div>
    </div>
  );
}
