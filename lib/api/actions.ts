import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db, type Tx } from "@/db";
import { AppError, toPublicError, zodIssues } from "@/lib/api/errors";
import type { Permission } from "@/lib/auth";
import { currentUser, type SessionUser, userActor } from "@/lib/auth/session";
import { env, rateLimit, RULES, withDatabaseDeadline } from "@/lib/platform";
import { memberContextForSlug, requestMetaFromHeaders, type RequestContext, type RequestMeta } from "@/lib/api/request-context";

/** What a dashboard form gets back: success, or errors to show beside its fields. */
export type ActionState<T = unknown> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string[]> }
  | null;

export function formToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key);
    out[key] = values.length > 1 || key.endsWith("[]") ? values : values[0];
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k.replace(/\[\]$/, ""), v]));
}

export function actionFailure(error: unknown): ActionState<never> {
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of zodIssues(error)) (fieldErrors[issue.path] ??= []).push(issue.message);
    return { ok: false, fieldErrors, formError: "Check the highlighted fields." };
  }
  const publicError = toPublicError(error);
  if (publicError.code === "internal_error") console.error("[action] unexpected error", error);
  return { ok: false, formError: publicError.message };
}

// `run` comes before `message` and `redirectTo` in callers' object literals, so TypeScript infers R from it first.
export interface ActionOptions<S extends z.ZodType, R> {
  schema: S;
  /** Where to go after success, computed from the result (redirects happen after the transaction commits). */
  redirectTo?: (result: R, input: z.output<S>) => string;
  message?: string | ((result: R) => string);
}

async function guard(user: SessionUser | null): Promise<{ user: SessionUser; request: RequestMeta }> {
  if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  const limited = await rateLimit("action", user.id, RULES.dashboardActionPerUser);
  if (!limited.success) throw new AppError("rate_limited", "Too many changes in a short time. Wait a minute and retry.");
  return { user, request: requestMetaFromHeaders(await headers()) };
}

export function finishAction<S extends z.ZodType, R>(options: ActionOptions<S, R>, result: R, input: z.output<S>): ActionState<R> {
  if (options.redirectTo) redirect(options.redirectTo(result, input));
  const message = typeof options.message === "function" ? options.message(result) : options.message;
  return { ok: true, data: result, message };
}

/**
 * The one wrapper for workspace mutations from the dashboard: session, membership (another workspace is "not found"),
 * permission (the checks the page guard shares, lib/api/request-context.ts), rate limit, input parsing, then the handler in a transaction so its audit row commits with it.
 * Its waits on the database share one deadline, so during an outage the form shows the error within it.
 * The form must carry a `workspace` field with the slug.
 */
export function workspaceAction<S extends z.ZodType, R>(
  options: ActionOptions<S, R> & {
    permission: Permission;
    run: (input: z.output<S>, ctx: RequestContext, tx: Tx) => Promise<R>;
    /**
     * False for an action that waits on the network (a sample sent to a receiver, a request posted to a source): its
     * writes commit one by one, rather than a transaction holding a connection idle for as long as the request takes.
     */
    transaction?: boolean;
  },
) {
  return (_previous: ActionState<R>, formData: FormData): Promise<ActionState<R>> => withDatabaseDeadline(env().DATABASE_TIMEOUT_MS, async () => {
    let result: R;
    let input: z.output<S>;
    let slug: string;
    try {
      const { user, request } = await guard(await currentUser());
      const raw = formToObject(formData);
      slug = String(raw.workspace ?? "");
      const { ctx } = await memberContextForSlug(userActor(user), slug, options.permission, request);
      input = options.schema.parse(raw);
      result = options.transaction === false ? await options.run(input, ctx, db()) : await db().transaction((tx) => options.run(input, ctx, tx));
    } catch (error) {
      return actionFailure(error);
    }
    revalidatePath(`/${slug}`, "layout");
    return finishAction(options, result, input);
  });
}

/** For mutations that belong to the user rather than a workspace, such as creating one. */
export function userAction<S extends z.ZodType, R>(
  options: ActionOptions<S, R> & { run: (input: z.output<S>, user: SessionUser, request: RequestMeta) => Promise<R> },
) {
  return (_previous: ActionState<R>, formData: FormData): Promise<ActionState<R>> => withDatabaseDeadline(env().DATABASE_TIMEOUT_MS, async () => {
    let result: R;
    let input: z.output<S>;
    try {
      const { user, request } = await guard(await currentUser());
      input = options.schema.parse(formToObject(formData));
      result = await options.run(input, user, request);
    } catch (error) {
      return actionFailure(error);
    }
    return finishAction(options, result, input);
  });
}
