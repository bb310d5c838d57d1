import { redirect } from "next/navigation";

// Settings opens on the Users area, as the help article says.
export default function SettingsPage() {
  redirect("/settings/users");
}
