"use client";

import { ErrorState } from "@/components/data-state";

export default function AlertsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState {...props} title="The alerts could not be loaded" />;
}
