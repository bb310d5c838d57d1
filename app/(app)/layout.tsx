import { requireSession } from "@/lib/auth/session";
import { AppShell } from "@/components/app-shell";

// Every page in this group is for signed-in users; the gate has already checked the cookie.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  return <AppShell user={{ name: user.name, email: user.email, accountName: user.accountName ?? "Broker Buddha support" }}>{children}</AppShell>;
}
