import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { AppError, authorize, type RequestContext } from "@/lib/api";
import { actionFailure, finishAction, formToObject, type ActionOptions, type ActionState } from "@/lib/api/actions";
import type { Permission } from "@/lib/auth";
import { env, rateLimit, RULES, withDatabaseDeadline } from "@/lib/platform";
import { currentPortal } from "./session";

/**
 * The one wrapper for consumer portal mutations, the portal's workspaceAction: the session cookie (an ended session
 * is refused), rate limit per session, the permission (a read-only session holds none that change anything, so a
 * forged action is refused here), input parsing with field errors, then the handler in a transaction so its audit row,
 * which names the portal session and its application, commits with it.
 */
export function portalAction<S extends z.ZodType, R>(
  options: ActionOptions<S, R> & { permission: Permission; run: (input: z.output<S>, ctx: RequestContext, tx: Tx) => Promise<R> },
) {
  return (_previous: ActionState<R>, formData: FormData): Promise<ActionState<R>> => withDatabaseDeadline(env().DATABASE_TIMEOUT_MS, async () => {
    let result: R;
    let input: z.output<S>;
    try {
      const portal = await currentPortal();
      if (!portal) throw new AppError("unauthorized", "This portal session has ended. Open a new portal link.");
      const limited = await rateLimit("portal-action", portal.session.id, RULES.dashboardActionPerUser);
      if (!limited.success) throw new AppError("rate_limited", "Too many changes in a short time. Wait a minute and retry.");
      authorize(portal.ctx, options.permission);
      input = options.schema.parse(formToObject(formData));
      result = await db().transaction((tx) => options.run(input, portal.ctx, tx));
    } catch (error) {
      return actionFailure(error);
    }
    revalidatePath("/portal", "layout");
    return finishAction(options, result, input);
  });
}
