// GET, POST, PUT /api/inngest - Inngest's endpoint for registering and invoking the delivery functions (Vercel mode).
// Not apiRoute: Inngest authenticates its calls with its signing key (checked by serve()); its functions act as the system.
import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { functions, inngest } from "@/inngest";
import { AppError, errorBody } from "@/lib/api/errors";
import { env } from "@/lib/platform/env";

const handlers = serve({ client: inngest, functions });

type Handler = (request: NextRequest, context: unknown) => Promise<Response>;

/** Outside Vercel nothing here is used (the worker delivers and runs the schedules), so the endpoint says so. */
function onVercelOnly(handler: Handler): Handler {
  return async (request, context) => {
    const { mode } = env();
    if (mode === "vercel") return handler(request, context);
    const error = new AppError("not_found", `Inngest is not used in the ${mode} mode: deliveries and scheduled jobs run in the ${mode === "embedded" ? "app's in-process worker" : "worker process (npm run worker)"}. /api/inngest serves only on Vercel.`);
    return Response.json(errorBody(error), { status: error.status, headers: { "cache-control": "no-store" } });
  };
}

export const GET = onVercelOnly(handlers.GET as Handler);
export const POST = onVercelOnly(handlers.POST as Handler);
export const PUT = onVercelOnly(handlers.PUT as Handler);
