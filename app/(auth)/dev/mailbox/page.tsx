import { Inbox } from "lucide-react";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { devMailboxVisibleTo, listDevMail } from "@/lib/platform/dev-mailbox";

export const dynamic = "force-dynamic";

export default async function DevMailboxPage() {
  // The mailbox holds working sign-in links: the embedded default without SMTP shows it on loopback, nobody else sees it.
  if (!devMailboxVisibleTo(await headers())) notFound();
  const mails = await listDevMail();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Dev mailbox</CardTitle>
        <CardDescription>Mail this server would have sent. Set EMAIL_SERVER to send real mail instead.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {mails.length === 0 ? (
          <EmptyState icon={Inbox} title="No mail yet" description="Sign-in links and invitations will appear here." />
        ) : (
          mails.map((mail) => (
            <div key={mail.id} className="rounded-md border p-3 text-sm" data-testid="dev-mail">
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium">{mail.subject}</span>
                <Time value={mail.createdAt} className="shrink-0 text-xs text-muted-foreground" />
              </div>
              <div className="text-muted-foreground">to {mail.to}</div>
              {mail.link ? (
                <Button asChild size="sm" className="mt-2">
                  <a href={mail.link}>Open link</a>
                </Button>
              ) : null}
            </div>
          ))
        )}
      </CardContent>
    </Card>
  );
}
