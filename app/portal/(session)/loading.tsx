import { ListSkeleton } from "@/components/list-page/list-skeleton";

export default function PortalLoading() {
  return <ListSkeleton columns={4} />;
}
