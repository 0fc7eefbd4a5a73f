import { Webhook } from "lucide-react";
import Link from "next/link";
import { CornerThemeToggle } from "@/components/theme/theme-toggle";

// These pages read the environment (mail setup, sign-in providers) at request time, never at build time.
export const dynamic = "force-dynamic";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-muted/40 px-4 py-12">
      <CornerThemeToggle />
      <Link href="/" className="mb-8 flex items-center gap-2 text-lg font-semibold">
        <Webhook className="size-6" aria-hidden /> Switchboard
      </Link>
      <div className="w-full max-w-md">{children}</div>
    </div>
  );
}
