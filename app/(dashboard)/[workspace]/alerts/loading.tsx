import { ListSkeleton } from "@/components/list-page/list-skeleton";

export default function Loading() {
  return <ListSkeleton columns={5} filters="tabs" />;
}
