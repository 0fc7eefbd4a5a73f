import { MailCheck } from "lucide-react";
import { headers } from "next/headers";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { devMailboxVisibleTo } from "@/lib/platform/dev-mailbox";

export default async function VerifyRequestPage() {
  return (
    <Card>
      <CardHeader>
        <MailCheck className="mb-2 size-8 text-primary" aria-hidden />
        <CardTitle className="text-xl">Check your email</CardTitle>
        <CardDescription>We sent you a sign-in link. It works once and expires in 15 minutes.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        {devMailboxVisibleTo(await headers()) ? (
          <p>
            This server has no mail server configured. Open the <Link className="font-medium text-foreground underline" href="/dev/mailbox">dev mailbox</Link> to find the link.
          </p>
        ) : (
          <p>Nothing arrived? Check spam, or <Link className="underline" href="/sign-in">try again</Link>.</p>
        )}
      </CardContent>
    </Card>
  );
}
