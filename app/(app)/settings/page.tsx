import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";

// Settings opens on the Users area, as the help article says; staff, who have no Users area,
// on My Sessions.
export default async function SettingsPage() {
  const { user } = await requireSession("/settings");
  redirect(user.kind === "staff" ? "/settings/sessions" : "/settings/users");
}
