import { LoadingState } from "@/components/data-state";

export default function Loading() {
  return <LoadingState />;
}
