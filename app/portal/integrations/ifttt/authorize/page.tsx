import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AppError, memberContextForSlug, requestMetaFromHeaders } from "@/lib/api";
import { applicationChoices } from "@/lib/applications";
import { currentUser, userActor } from "@/lib/auth/session";
import { type AuthorizeRequest, checkAuthorizeRequest, IFTTT_SCOPES } from "@/lib/integrations";
import { currentPortal } from "@/lib/portal";
import { listUserWorkspaces } from "@/lib/workspaces/service";
import { approveIftttAction, denyIftttAction } from "./actions";

// IFTTT's OAuth authorization page: under /portal so a portal session's cookie reaches it; a member's session (the
// site-wide Auth.js cookie) does too. Without either, the member signs in and comes back here.
export const metadata = { title: "Connect IFTTT" };

const WHAT_IT_MAY_DO: Record<(typeof IFTTT_SCOPES)[number], string> = {
  "event_types:read": "see the event types, to offer them in applets",
  "messages:read": "read the application's events, to start applets",
  "messages:write": "send events to the application, from applets",
};

function Shell({ children, description }: { children: React.ReactNode; description: string }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">Connect IFTTT</CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">{children}</CardContent>
      </Card>
    </main>
  );
}

function Consent({ request, children }: { request: AuthorizeRequest; children?: React.ReactNode }) {
  return (
    <form className="space-y-4">
      <input type="hidden" name="request" value={JSON.stringify(request)} />
      {children}
      <ul className="list-disc space-y-1 pl-5 text-sm text-muted-foreground">
        {IFTTT_SCOPES.map((scope) => <li key={scope}>IFTTT may {WHAT_IT_MAY_DO[scope]}.</li>)}
      </ul>
      <div className="flex gap-2">
        <Button formAction={approveIftttAction}>Allow</Button>
        <Button formAction={denyIftttAction} variant="outline">Deny</Button>
      </div>
    </form>
  );
}

export default async function IftttAuthorizePage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const query = await searchParams;
  let request: AuthorizeRequest;
  try {
    request = checkAuthorizeRequest(query);
  } catch (error) {
    return (
      <Shell description="This sign-in link cannot be used.">
        <Alert variant="destructive"><AlertDescription>{error instanceof AppError ? error.message : (error as Error).message}</AlertDescription></Alert>
      </Shell>
    );
  }

  const portal = await currentPortal();
  if (portal) {
    if (portal.session.readOnly) {
      return (
        <Shell description={`For ${portal.session.applicationName}`}>
          <Alert><AlertDescription>This portal link is read-only: ask for a new link to connect IFTTT.</AlertDescription></Alert>
        </Shell>
      );
    }
    return <Shell description={`IFTTT asks to use ${portal.session.applicationName}'s events.`}><Consent request={request} /></Shell>;
  }

  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/portal/integrations/ifttt/authorize?${new URLSearchParams(query)}`)}`);
  const meta = requestMetaFromHeaders(await headers());
  const targets: { value: string; label: string }[] = [];
  for (const workspace of await listUserWorkspaces(user.id)) {
    const { ctx } = await memberContextForSlug(userActor(user), workspace.slug, undefined, meta);
    if (!ctx.permissions.has("endpoints:write")) continue;
    for (const choice of await applicationChoices(ctx)) targets.push({ value: `${workspace.slug}|${choice.value}`, label: `${workspace.name} / ${choice.label}` });
  }
  if (targets.length === 0) {
    return (
      <Shell description={`Signed in as ${user.email}`}>
        <Alert><AlertDescription>None of your workspaces lets you connect integrations. Ask an admin for a developer role.</AlertDescription></Alert>
      </Shell>
    );
  }
  return (
    <Shell description={`Signed in as ${user.email}. Pick the application whose events IFTTT gets.`}>
      <Consent request={request}>
        <label className="block space-y-1 text-sm font-medium">
          <span>Application</span>
          <select name="target" required className="w-full rounded-md border bg-background px-3 py-2 text-sm">
            {targets.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
          </select>
        </label>
      </Consent>
    </Shell>
  );
}
