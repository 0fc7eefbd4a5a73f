import { redirect } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { findInvitation } from "@/lib/workspaces/service";
import { acceptInvitationAction } from "./actions";
import { CornerThemeToggle } from "@/components/theme/theme-toggle";

export default async function InvitePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ error?: string }> }) {
  const { token } = await params;
  const { error } = await searchParams;
  const user = await requireUser();
  const found = await findInvitation(token);
  const problem = !found || found.invitation.revokedAt
    ? "This invitation does not exist or was revoked."
    : found.invitation.acceptedAt
      ? "This invitation was already used."
      : found.invitation.expiresAt < new Date()
        ? "This invitation has expired. Ask for a new one."
        : found.invitation.email !== user.email.toLowerCase()
          ? `This invitation is for ${found.invitation.email}, but you are signed in as ${user.email}.`
          : null;
  if (found?.invitation.acceptedAt && problem) {
    // Already a member through this link: go there rather than show an error.
    redirect(`/${found.workspaceSlug}`);
  }
  return (
    <div className="flex min-h-screen items-center justify-center bg-muted/40 px-4">
      <CornerThemeToggle />
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle className="text-xl">{found ? `Join ${found.workspaceName}` : "Invitation"}</CardTitle>
          {found && !problem ? <CardDescription>You were invited as {found.invitation.role}.</CardDescription> : null}
        </CardHeader>
        <CardContent className="space-y-4">
          {problem || error ? (
            <Alert variant="destructive"><AlertDescription>{error ?? problem}</AlertDescription></Alert>
          ) : (
            <form action={acceptInvitationAction}>
              <input type="hidden" name="token" value={token} />
              <Button type="submit" className="w-full">Accept invitation</Button>
            </form>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
