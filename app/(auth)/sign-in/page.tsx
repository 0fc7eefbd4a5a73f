import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import { currentUser } from "@/lib/auth/session";
import { devMailboxVisibleTo } from "@/lib/platform/dev-mailbox";
import { configuredIntegrations } from "@/lib/platform/env";
import { signInWithGitHub } from "./actions";
import { SignInForm } from "./_components/sign-in-form";

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  OAuthAccountNotLinked: "This email already signs in another way. Use the method you used first.",
  AccessDenied: "Access was denied.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl = "/", error } = await searchParams;
  if (await currentUser()) redirect(callbackUrl.startsWith("/") ? callbackUrl : "/");
  const github = configuredIntegrations().githubSignIn;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Webhooks, API keys and integrations for your team.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {error ? (
          <Alert variant="destructive">
            <AlertDescription>{ERRORS[error] ?? "Sign-in failed. Try again."}</AlertDescription>
          </Alert>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} />
        {github ? (
          <>
            <Separator />
            <form action={signInWithGitHub}>
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <Button variant="outline" className="w-full" type="submit">
                <GitHubMark /> Continue with GitHub
              </Button>
            </form>
          </>
        ) : null}
        {devMailboxVisibleTo(await headers()) ? (
          <p className="text-center text-sm text-muted-foreground">
            No mail server is configured: links arrive in the <Link className="underline" href="/dev/mailbox">dev mailbox</Link>.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

// lucide-react dropped brand marks, so GitHub's is drawn here.
function GitHubMark() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden className="size-4" fill="currentColor">
      <path d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z" />
    </svg>
  );
}
