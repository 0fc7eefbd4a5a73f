"use client";

import { ErrorState } from "@/components/data-state";

export default function WorkspaceError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState {...props} />;
}
