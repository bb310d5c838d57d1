import { PageSkeleton } from "@/components/page-skeleton";

// Switching settings tabs: the tab bar stays, and the page's place shows at once that it is coming.
export default function SettingsLoading() {
  return <PageSkeleton />;
}
