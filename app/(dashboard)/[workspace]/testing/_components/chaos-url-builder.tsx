"use client";

import { useState } from "react";
import { CopyButton } from "@/components/outbound/copy-button";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import type { CHAOS_LIMITS as Limits } from "@/lib/testing/chaos";

type Field = "status" | "latency" | "retryAfter" | "bodySize";

/**
 * Builds a chaos receiver URL (lib/testing/chaos.ts) to use as an endpoint URL: the answer it asks for is in the query.
 * Empty fields are left out, so the receiver's defaults apply; the receiver itself refuses values out of range.
 */
export function ChaosUrlBuilder({ base, limits }: { base: string; limits: typeof Limits }) {
  const [values, setValues] = useState<Record<Field, string>>({ status: "503", latency: "2000", retryAfter: "30", bodySize: "" });
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, v.trim()])).toString();
  const url = query ? `${base}?${query}` : base;
  const fields: { name: Field; label: string; description: string }[] = [
    { name: "status", label: "Status", description: `${limits.minStatus}–${limits.maxStatus}; 200 when empty` },
    { name: "latency", label: "Latency (ms)", description: `Wait before answering, at most ${limits.maxLatencyMs} ms` },
    { name: "retryAfter", label: "Retry-After (s)", description: `Header value, at most ${limits.maxRetryAfterSeconds} s` },
    { name: "bodySize", label: "Body size (bytes)", description: `At most ${limits.maxBodyBytes} bytes` },
  ];
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) => (
          <FormField key={f.name} label={f.label} htmlFor={`chaos-${f.name}`} description={f.description}>
            <Input inputMode="numeric" value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} className="font-mono" />
          </FormField>
        ))}
      </div>
      <div className="flex items-center gap-2 rounded-md border bg-muted/30 p-2">
        <code className="min-w-0 flex-1 font-mono text-xs break-all" data-testid="chaos-url">{url}</code>
        <CopyButton value={url} label="Copy the chaos receiver URL" />
      </div>
    </div>
  );
}
