import { PageSkeleton } from "@/components/page-skeleton";

// Moving between areas (Home, Settings, Support): the sidebar stays, the page shows it is coming.
export default function AppLoading() {
  return <PageSkeleton />;
}
