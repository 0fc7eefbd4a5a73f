import { DetailSkeleton } from "@/components/outbound/detail-skeleton";

export default function Loading() {
  return <DetailSkeleton />;
}
