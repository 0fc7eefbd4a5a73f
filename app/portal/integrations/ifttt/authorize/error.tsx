"use client";

import { ErrorState } from "@/components/data-state";

export default function IftttAuthorizeError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState error={error} reset={reset} />;
}
