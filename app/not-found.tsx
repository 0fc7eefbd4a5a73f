import type { Metadata } from "next";
import Link from "next/link";
import { SearchXIcon, WebhookIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/empty-state";
import { CornerThemeToggle } from "@/components/theme/theme-toggle";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-8 px-4">
      <CornerThemeToggle />
      <Link href="/" className="flex items-center gap-2 text-sm font-semibold tracking-tight">
        <span className="flex size-6 items-center justify-center rounded-md bg-primary text-primary-foreground">
          <WebhookIcon className="size-3.5" aria-hidden />
        </span>
        Switchboard
      </Link>
      <EmptyState
        icon={SearchXIcon}
        title="Page not found"
        description="This page does not exist, or it belongs to a workspace you are not a member of."
        action={
          <Button asChild size="sm">
            <Link href="/">Go to dashboard</Link>
          </Button>
        }
        className="w-full max-w-md bg-card"
      />
    </main>
  );
}
