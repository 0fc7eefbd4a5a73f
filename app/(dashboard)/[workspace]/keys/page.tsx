import { BookOpen, KeyRound } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { DataTable } from "@/components/list-page/data-table";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { applicationLabels, listApplications } from "@/lib/applications";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { keyUsage, listApiKeys, rotationHistory } from "@/lib/keys/service";
import { keyStatus, type KeyStatus } from "@/lib/keys/status";
import { CreateKeyDialog } from "./_components/create-key-dialog";
import { KeyActions } from "./_components/key-actions";
import { UsageSparkline } from "./_components/usage-sparkline";

const STATUS_BADGE: Record<KeyStatus, { label: string; variant: "success" | "warning" | "destructive" | "outline" }> = {
  active: { label: "Active", variant: "success" },
  expiring: { label: "Expiring", variant: "warning" },
  expired: { label: "Expired", variant: "outline" },
  revoked: { label: "Revoked", variant: "destructive" },
};


export default async function KeysPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role, ctx } = await requireWorkspace(slug, "keys:read");
  const canWrite = can(role, "keys:write");
  const [keys, usage, choices] = await Promise.all([listApiKeys(workspace.id), keyUsage(workspace.id), canWrite ? listApplications({ limit: 100 }, ctx) : { data: [] }]);
  const [rotations, apps] = await Promise.all([
    rotationHistory(workspace.id, keys.map((k) => k.id)),
    applicationLabels(keys.flatMap((k) => (k.applicationId ? [k.applicationId] : [])), ctx),
  ]);
  const applications = choices.data.map((a) => ({ value: a.id, label: a.uid ? `${a.name} (${a.uid})` : a.name }));
  const names = new Map(keys.map((k) => [k.id, k.start]));
  const historyOf = (keyId: string) => rotations.filter((r) => r.oldKeyId === keyId || r.newKeyId === keyId);
  const isLive = (key: (typeof keys)[number]) => ["active", "expiring"].includes(keyStatus(key));

  return (
    <div className="space-y-6">
      <PageHeader
        title="API keys"
        description="Keys your programs use against the public API. Each is shown once; Switchboard keeps only its hash."
        actions={
          <div className="flex gap-2">
            <Button asChild variant="outline">
              <Link href={`/${slug}/keys/reference`}><BookOpen aria-hidden /> API reference</Link>
            </Button>
            {canWrite ? <CreateKeyDialog workspace={slug} applications={applications} /> : null}
          </div>
        }
      />
      <DataTable
        rows={keys}
        rowKey={(key) => key.id}
        rowProps={(key) => ({ "data-testid": "key-row", "data-key-start": key.start })}
        empty={<EmptyState icon={KeyRound} title="No API keys yet" description="Create a key, then call GET /api/v1/ping with it to check it works." action={canWrite ? <CreateKeyDialog workspace={slug} applications={applications} /> : undefined} />}
        columns={[
          {
            header: "Key",
            cell: (key) => {
              const history = historyOf(key.id);
              return (
                <>
                  <div className="font-medium">{key.name}</div>
                  <div className="font-mono text-xs text-muted-foreground">{key.start}…</div>
                  {key.rotatedFrom ? <div className="text-xs text-muted-foreground">rolled from {names.get(key.rotatedFrom) ?? "a deleted key"}…</div> : null}
                  {key.awaitingReveal ? <Badge variant="warning" className="mt-1">New key waiting to be revealed</Badge> : null}
                  {history.length > 0 ? <KeyHistory keyId={key.id} rotations={history} names={names} /> : null}
                </>
              );
            },
          },
          {
            header: "Status",
            cell: (key) => {
              const s = STATUS_BADGE[keyStatus(key)];
              return (
                <div className="flex flex-col items-start gap-1">
                  <Badge variant={s.variant}>{s.label}</Badge>
                  <Badge variant="outline">{key.environment}</Badge>
                </div>
              );
            },
          },
          {
            header: "Scopes",
            className: "max-w-56",
            cell: (key) => (
              <>
                <div className="flex flex-wrap gap-1">
                  {key.scopes.map((scope) => <Badge key={scope} variant="secondary" className="font-mono text-[11px]">{scope}</Badge>)}
                </div>
                {key.applicationId ? (
                  <div className="mt-1 text-xs text-muted-foreground" data-testid="key-application">
                    Only application{" "}
                    <Link href={`/${slug}/applications/${key.applicationId}`} className="underline">{apps.get(key.applicationId)?.name ?? key.applicationId}</Link>
                  </div>
                ) : null}
                {key.ipAllowlist.length > 0 ? <div className="mt-1 text-xs text-muted-foreground">IPs: {key.ipAllowlist.join(", ")}</div> : null}
              </>
            ),
          },
          { header: "Usage (14 days)", label: "Usage (14 days)", cell: (key) => <UsageSparkline days={usage.days} counts={usage.byKey.get(key.id) ?? usage.days.map(() => 0)} /> },
          { header: "Last used", label: "Last used", className: "whitespace-nowrap text-muted-foreground", cell: (key) => <Time value={key.lastUsedAt} /> },
          {
            header: "Expires",
            label: "Expires",
            testId: "key-expires",
            className: "whitespace-nowrap text-muted-foreground",
            cell: (key) => {
              const replacedBy = historyOf(key.id).find((r) => r.oldKeyId === key.id);
              return (
                <>
                  {key.revokedAt ? <>revoked <Time value={key.revokedAt} /></> : <Time value={key.expiresAt} />}
                  {replacedBy && !key.revokedAt ? (
                    <div className="text-xs">replaced by {names.get(replacedBy.newKeyId) ?? "a deleted key"}…</div>
                  ) : key.rotationPolicyDays && isLive(key) && key.nextRotationAt ? (
                    <div className="text-xs">rotates every {key.rotationPolicyDays} d, next <Time value={key.nextRotationAt} /></div>
                  ) : null}
                </>
              );
            },
          },
          {
            header: "",
            headClassName: "w-10",
            cell: (key) =>
              canWrite && isLive(key) ? (
                <KeyActions workspace={slug} keyId={key.id} name={key.name} awaitingReveal={key.awaitingReveal} rotationPolicyDays={key.rotationPolicyDays} rotationOverlapHours={key.rotationOverlapHours} />
              ) : null,
          },
        ]}
      />
    </div>
  );
}

/** A key's rotations: the one that made it and the one that replaced it, with how, who, when and the overlap's end. */
function KeyHistory({ keyId, rotations, names }: { keyId: string; rotations: Awaited<ReturnType<typeof rotationHistory>>; names: Map<string, string> }) {
  return (
    <details className="mt-1 text-xs" data-testid="key-history">
      <summary className="cursor-pointer text-muted-foreground hover:text-foreground">Rotation history ({rotations.length})</summary>
      <ol className="mt-1 space-y-1.5 border-l pl-3">
        {rotations.map((r) => {
          const produced = r.newKeyId === keyId;
          const other = names.get(produced ? r.oldKeyId : r.newKeyId) ?? "a deleted key";
          return (
            <li key={r.id} data-testid="key-history-entry" className="max-w-72 whitespace-normal">
              <Badge variant="outline" className="mr-1 px-1.5 py-0 text-[10px]">{r.reason === "scheduled" ? "Scheduled" : "Manual"}</Badge>
              {produced ? <>Made from {other}…</> : <>Replaced by {other}…</>} on <Time value={r.createdAt} />
              {r.actorLabel ? <> by {r.actorLabel}</> : null} · overlap ends <Time value={r.oldKeyExpiresAt} />
            </li>
          );
        })}
      </ol>
    </details>
  );
}
