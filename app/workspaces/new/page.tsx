import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { CreateWorkspaceForm } from "./_components/create-workspace-form";
import { CornerThemeToggle } from "@/components/theme/theme-toggle";

export default async function NewWorkspacePage() {
  await requireUser();
  return (
    <div className="flex min-h-screen items-center justify-center bg-muted/40 px-4">
      <CornerThemeToggle />
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle className="text-xl">New workspace</CardTitle>
          <CardDescription>A workspace holds endpoints, sources, keys and members. You will be its owner.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <CreateWorkspaceForm />
          <Link href="/" className="text-sm text-muted-foreground underline">Cancel</Link>
        </CardContent>
      </Card>
    </div>
  );
}
