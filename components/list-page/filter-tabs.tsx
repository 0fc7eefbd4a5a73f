import Link from "next/link";
import { cn } from "@/lib/ui/cn";

/**
 * One-choice filters as links (All, Enabled, Paused…): each is a URL, so the choice is in the address bar and the
 * current one is marked with aria-current.
 */
export function FilterTabs({
  label,
  items,
  className,
}: {
  /** The nav's accessible name, e.g. "Filter by status". */
  label: string;
  items: { label: string; href: string; current: boolean }[];
  /** Applied to every link, e.g. "capitalize" for labels that are stored values. */
  className?: string;
}) {
  return (
    <nav aria-label={label} className="flex gap-1 text-sm">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.current ? "page" : undefined}
          className={cn("rounded-md px-2.5 py-1 text-muted-foreground hover:bg-muted", className, item.current && "bg-muted font-medium text-foreground")}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
