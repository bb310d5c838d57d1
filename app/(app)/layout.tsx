import { requireSession } from "@/lib/auth/session";
import { AppShell } from "@/components/app-shell";

// Every page in this group is for signed-in users; the gate has already checked the cookie.
// Staff (Broker Buddha support) belong to no account: the header names their team instead.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  const staff = user.kind === "staff";
  return <AppShell user={{ name: user.name, email: user.email, accountName: staff ? "Broker Buddha support" : user.accountName, staff }}>{children}</AppShell>;
}
