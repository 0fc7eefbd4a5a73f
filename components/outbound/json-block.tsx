import { cn } from "@/lib/ui/cn";

/** Pretty-printed JSON (or raw text) in a scrollable monospace block. */
export function JsonBlock({ value, className, testId }: { value: unknown; className?: string; testId?: string }) {
  const text = typeof value === "string" ? prettyIfJson(value) : JSON.stringify(value, null, 2);
  return (
    <pre data-testid={testId} className={cn("max-h-96 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all", className)}>
      {text}
    </pre>
  );
}

function prettyIfJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
