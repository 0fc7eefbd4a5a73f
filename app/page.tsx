import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listUserWorkspaces } from "@/lib/workspaces/service";

export const dynamic = "force-dynamic";

// GET / - send a signed-in user to their first workspace (their personal one sorts first).
export default async function Home() {
  const user = await requireUser();
  const [first] = await listUserWorkspaces(user.id);
  redirect(first ? `/${first.slug}` : "/workspaces/new");
}
