"use client";

import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";

import { ErrorState } from "@/components/data-state";
import { ThemeProvider } from "@/components/theme/theme-provider";
import "./globals.css";

/**
 * Shown when the root layout itself fails. It replaces that layout, so it brings
 * its own document, styles and fonts.
 */
export default function GlobalError({
  error,
  reset,
  retry,
}: {
  error: unknown;
  reset: () => void;
  retry?: () => void;
}) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`} suppressHydrationWarning>
      <body className="flex min-h-screen items-center justify-center bg-background px-4 font-sans text-foreground antialiased">
        <title>Something went wrong · Switchboard</title>
        <ThemeProvider>
          <ErrorState error={error} reset={reset} retry={retry} className="w-full max-w-md bg-card" />
        </ThemeProvider>
      </body>
    </html>
  );
}
