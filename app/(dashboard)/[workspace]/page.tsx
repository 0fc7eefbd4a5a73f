import { ArrowRight, KeyRound, ScrollText, Send, Users } from "lucide-react";
import Link from "next/link";
import { AttemptsChart } from "@/components/outbound/attempts-chart";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { queryAuditLog } from "@/lib/audit/query";
import { can } from "@/lib/auth/permissions";
import { requireWorkspace } from "@/lib/auth/session";
import { attemptTimeline } from "@/lib/outbound/summaries";
import { listMembers } from "@/lib/workspaces/service";

export default async function OverviewPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role, ctx } = await requireWorkspace(slug);
  const [members, timeline, audit] = await Promise.all([
    listMembers(workspace.id),
    attemptTimeline({}, ctx),
    can(role, "audit:read") ? queryAuditLog(workspace.id, {}, 5) : Promise.resolve(null),
  ]);
  const steps = [
    { icon: KeyRound, title: "Create an API key", text: "Your programs authenticate to /api/v1 with it.", href: `/${slug}/keys` },
    { icon: Send, title: "Add an endpoint", text: "Where your customers receive signed webhooks.", href: `/${slug}/endpoints` },
    { icon: Users, title: "Invite your team", text: `${members.length} member${members.length === 1 ? "" : "s"} so far.`, href: `/${slug}/settings` },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={workspace.name} description={`You are ${role === "owner" || role === "admin" ? "an" : "a"} ${role} here.`} />
      <div className="grid gap-4 md:grid-cols-3">
        {steps.map((s) => (
          <Link key={s.title} href={s.href} className="group">
            <Card className="h-full transition-colors group-hover:border-primary/40">
              <CardHeader>
                <s.icon className="size-5 text-primary" aria-hidden />
                <CardTitle className="flex items-center justify-between text-base">
                  {s.title} <ArrowRight className="size-4 opacity-0 transition-opacity group-hover:opacity-100" aria-hidden />
                </CardTitle>
                <CardDescription>{s.text}</CardDescription>
              </CardHeader>
            </Card>
          </Link>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Delivery attempts, last 24 hours</CardTitle>
          <CardDescription>Every endpoint of this workspace, per hour, by outcome.</CardDescription>
        </CardHeader>
        <CardContent>
          <AttemptsChart buckets={timeline} />
        </CardContent>
      </Card>
      {audit ? (
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2 text-base"><ScrollText className="size-4" aria-hidden /> Recent activity</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="divide-y text-sm">
              {audit.rows.map((r) => (
                <li key={r.id} className="flex justify-between gap-4 py-2">
                  <span><span className="font-medium">{r.actorLabel}</span> <span className="font-mono text-xs">{r.action}</span></span>
                  <Time value={r.createdAt} className="text-muted-foreground" />
                </li>
              ))}
            </ul>
            <Link href={`/${slug}/audit`} className="mt-2 inline-block text-sm underline">Full audit log</Link>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
