"use client";

import { ThemeProvider as NextThemesProvider } from "next-themes";

/**
 * Light or dark follows the operating system until the viewer picks one with the toggle; the choice is kept in
 * localStorage and applied as the `.dark` class on <html> (which globals.css keys the dark palette on) by a
 * script that runs before the first paint, so no page flashes the wrong theme.
 */
export function ThemeProvider({ children }: { children: React.ReactNode }) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      {children}
    </NextThemesProvider>
  );
}
