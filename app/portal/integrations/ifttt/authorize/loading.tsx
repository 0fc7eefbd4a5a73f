import { Skeleton } from "@/components/ui/skeleton";

export default function IftttAuthorizeLoading() {
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-16">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-40 w-full" />
    </main>
  );
}
