"use client";

import { useState } from "react";
import { fieldError } from "@/components/action-form";
import { errorsUnder } from "@/components/outbound/field-errors";
import { useDraft } from "@/components/outbound/use-draft";
import { CodeEditor } from "@/components/ui/code-editor";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionState } from "@/lib/api/actions";
import type { InboundProvider } from "@/lib/signing/providers";
import { PROVIDER_LABELS, PROVIDERS } from "@/lib/inbound/presets";
import type { SourceView } from "@/lib/inbound/schemas";

const SECRET_HELP: Partial<Record<InboundProvider, string>> = {
  standard_webhooks: "The whsec_ secret the sender signs with (Svix, or any Standard Webhooks sender).",
  stripe: "The endpoint's signing secret from the Stripe dashboard (whsec_…).",
  github: "The webhook's secret, as set on the GitHub webhook.",
  shopify: "The app's client secret.",
  slack: "The app's signing secret (Basic Information in the Slack app settings).",
  twilio: "The account's auth token.",
  generic_hmac: "The shared HMAC key.",
};

const TOLERANT: InboundProvider[] = ["standard_webhooks", "stripe", "slack", "generic_hmac"];

/**
 * The verification preset fields: a provider, then the fields it uses. Errors come back as "verification.<field>".
 * `editing` means a blank secret keeps the current one rather than generating a new one.
 */
export function VerificationFields({ state, current, editing = false }: { state: ActionState<unknown>; current?: SourceView; editing?: boolean }) {
  const summary = (current?.verification ?? {}) as Record<string, string | number | undefined>;
  const [provider, setProvider] = useState<InboundProvider>(current?.provider ?? "standard_webhooks");
  const draft = useDraft({
    secret: "",
    toleranceSeconds: String(summary.toleranceSeconds ?? 300),
    algorithm: String(summary.algorithm ?? "sha256"),
    header: String(summary.header ?? ""),
    encoding: String(summary.encoding ?? "hex"),
    prefix: String(summary.prefix ?? ""),
    signedContent: String(summary.signedContent ?? "{body}"),
    timestampHeader: String(summary.timestampHeader ?? ""),
    idHeader: String(summary.idHeader ?? ""),
    username: String(summary.username ?? ""),
    password: "",
    value: "",
  });
  const error = (field: string) => errorsUnder(state, `verification.${field}`);
  const blankSecret = editing ? "Leave blank to keep the current one." : "Leave blank to generate one.";
  const usesSecret = !["basic_auth", "api_key_header", "none"].includes(provider);

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField label="Provider" htmlFor="source-provider" error={error("provider")} className="sm:col-span-2">
        <Select name="provider" value={provider} onValueChange={(value) => setProvider(value as InboundProvider)}>
          <SelectTrigger id="source-provider" className="w-full"><SelectValue /></SelectTrigger>
          <SelectContent>
            {PROVIDERS.map((p) => <SelectItem key={p} value={p}>{PROVIDER_LABELS[p]}</SelectItem>)}
          </SelectContent>
        </Select>
      </FormField>

      {usesSecret ? (
        <FormField label="Secret" htmlFor="source-secret" error={error("secret")} description={`${SECRET_HELP[provider] ?? ""} ${blankSecret}`} className="sm:col-span-2">
          <Input id="source-secret" autoComplete="off" spellCheck={false} className="font-mono" {...draft.field("secret")} />
        </FormField>
      ) : null}

      {provider === "generic_hmac" ? (
        <>
          <FormField label="Signature header" htmlFor="source-header" error={error("header")}>
            <Input id="source-header" placeholder="X-Signature" {...draft.field("header")} />
          </FormField>
          <FormField label="Prefix before the signature" htmlFor="source-prefix" error={error("prefix")} description='For example "sha256=".'>
            <Input id="source-prefix" {...draft.field("prefix")} />
          </FormField>
          <FormField label="Algorithm" htmlFor="source-algorithm">
            <Select name="algorithm" value={draft.values.algorithm} onValueChange={(v) => draft.set("algorithm", v)}>
              <SelectTrigger id="source-algorithm" className="w-full"><SelectValue /></SelectTrigger>
              <SelectContent>
                {["sha256", "sha1", "sha512"].map((a) => <SelectItem key={a} value={a}>HMAC-{a.toUpperCase()}</SelectItem>)}
              </SelectContent>
            </Select>
          </FormField>
          <FormField label="Encoding" htmlFor="source-encoding">
            <Select name="encoding" value={draft.values.encoding} onValueChange={(v) => draft.set("encoding", v)}>
              <SelectTrigger id="source-encoding" className="w-full"><SelectValue /></SelectTrigger>
              <SelectContent>
                <SelectItem value="hex">hex</SelectItem>
                <SelectItem value="base64">base64</SelectItem>
              </SelectContent>
            </Select>
          </FormField>
          <FormField label="Signed content" htmlFor="source-signed" error={error("signedContent")} description="What was signed: {body}, optionally with {timestamp} and {id}, e.g. {timestamp}.{body}" className="sm:col-span-2">
            <Input id="source-signed" className="font-mono" {...draft.field("signedContent")} />
          </FormField>
          <FormField label="Timestamp header" htmlFor="source-ts-header" error={error("timestampHeader")} description="Needed when the signed content has {timestamp}.">
            <Input id="source-ts-header" placeholder="X-Timestamp" {...draft.field("timestampHeader")} />
          </FormField>
          <FormField label="Id header" htmlFor="source-id-header" error={error("idHeader")} description="Needed when the signed content has {id}.">
            <Input id="source-id-header" placeholder="X-Webhook-Id" {...draft.field("idHeader")} />
          </FormField>
        </>
      ) : null}

      {TOLERANT.includes(provider) ? (
        <FormField label="Replay tolerance (seconds)" htmlFor="source-tolerance" error={error("toleranceSeconds")} description="Older or newer timestamps are refused.">
          <Input id="source-tolerance" type="number" min={1} {...draft.field("toleranceSeconds")} />
        </FormField>
      ) : null}

      {provider === "basic_auth" ? (
        <>
          <FormField label="Username" htmlFor="source-username" error={error("username")}>
            <Input id="source-username" autoComplete="off" {...draft.field("username")} />
          </FormField>
          <FormField label="Password" htmlFor="source-password" error={error("password")} description={blankSecret}>
            <Input id="source-password" type="password" autoComplete="new-password" {...draft.field("password")} />
          </FormField>
        </>
      ) : null}

      {provider === "api_key_header" ? (
        <>
          <FormField label="Header" htmlFor="source-key-header" error={error("header")}>
            <Input id="source-key-header" placeholder="X-Api-Key" {...draft.field("header")} />
          </FormField>
          <FormField label="Key" htmlFor="source-key-value" error={error("value")} description={blankSecret}>
            <Input id="source-key-value" autoComplete="off" className="font-mono" {...draft.field("value")} />
          </FormField>
        </>
      ) : null}

      {provider === "none" ? (
        <p className="text-sm text-muted-foreground sm:col-span-2">Every request is accepted. Use an IP allowlist, or a preset, for anything beyond testing.</p>
      ) : null}
    </div>
  );
}

/** Name, description and the request limits of a source. */
export function LimitsFields({ state, current }: { state: ActionState<unknown>; current?: SourceView }) {
  const draft = useDraft({
    name: current?.name ?? "",
    description: current?.description ?? "",
    ipAllowlist: current?.ipAllowlist.join("\n") ?? "",
    rateLimitPerMinute: current?.rateLimitPerMinute?.toString() ?? "",
    maxBodyKib: String((current?.maxBodyBytes ?? 1024 * 1024) / 1024),
    dedupHeader: current?.dedupHeader ?? "",
    jsonSchema: current?.jsonSchema ? JSON.stringify(current.jsonSchema, null, 2) : "",
  });
  const [deduplicate, setDeduplicate] = useState(current?.deduplicate ?? false);

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField label="Name" htmlFor="source-name" error={fieldError(state, "name")}>
        <Input id="source-name" placeholder="Stripe production" {...draft.field("name")} />
      </FormField>
      <FormField label="Description" htmlFor="source-description" error={fieldError(state, "description")}>
        <Input id="source-description" {...draft.field("description")} />
      </FormField>
      <FormField label="IP allowlist" htmlFor="source-ips" error={fieldError(state, "ipAllowlist")} description="Optional. Addresses or CIDR ranges, one per line. X-Forwarded-For counts only from TRUSTED_PROXIES." className="sm:col-span-2">
        <Textarea id="source-ips" rows={2} placeholder="e.g. 192.30.252.0/22" {...draft.field("ipAllowlist")} />
      </FormField>
      <FormField label="Rate limit (requests per minute)" htmlFor="source-rate" error={fieldError(state, "rateLimitPerMinute")} description="Blank for the default, 600.">
        <Input id="source-rate" type="number" min={1} {...draft.field("rateLimitPerMinute")} />
      </FormField>
      <FormField label="Largest body (KiB)" htmlFor="source-max-body" error={errorsUnder(state, "maxBodyKib") ?? fieldError(state, "maxBodyBytes")} description="Larger bodies, compressed or inflated, get 413.">
        <Input id="source-max-body" type="number" min={1} max={10240} {...draft.field("maxBodyKib")} />
      </FormField>
      <div className="space-y-2 sm:col-span-2">
        <Label className="flex items-center gap-2 font-normal">
          <Checkbox name="deduplicate" checked={deduplicate} onCheckedChange={(v) => setDeduplicate(v === true)} aria-label="Drop repeated deliveries" />
          Drop repeated deliveries (same delivery id)
        </Label>
        {deduplicate ? (
          <FormField label="Delivery id header" htmlFor="source-dedup" error={fieldError(state, "dedupHeader")} description="Blank uses the provider's own id (webhook-id, X-GitHub-Delivery, X-Shopify-Webhook-Id…).">
            <Input id="source-dedup" placeholder="X-Request-Id" {...draft.field("dedupHeader")} />
          </FormField>
        ) : (
          <input type="hidden" name="dedupHeader" value={draft.values.dedupHeader} />
        )}
      </div>
      <FormField label="JSON Schema (optional)" htmlFor="source-schema" error={errorsUnder(state, "jsonSchema")} description="Bodies that do not match are refused with 422." className="sm:col-span-2">
        <CodeEditor id="source-schema" aria-label="JSON Schema (optional)" rows={4} placeholder='{"type": "object", "required": ["id"]}' {...draft.field("jsonSchema")} />
      </FormField>
    </div>
  );
}
