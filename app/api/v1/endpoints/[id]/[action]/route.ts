// POST /api/v1/endpoints/<id>/pause|resume|enable|disable - change an endpoint's state
import { AppError } from "@/lib/api/errors";
import { apiRoute, ok } from "@/lib/api/handler";
import { endpoint } from "@/lib/outbound/schemas";
import { disableEndpoint, enableEndpoint, pauseEndpoint, resumeEndpoint } from "@/lib/outbound/endpoints";

const ACTIONS = { pause: pauseEndpoint, resume: resumeEndpoint, enable: enableEndpoint, disable: disableEndpoint };

export const POST = apiRoute({ params: { id: "ep", action: "text" }, scope: "endpoints:write" }, async ({ ctx, json }, { id, action }) => {
  const change = ACTIONS[action as keyof typeof ACTIONS];
  if (!change) throw new AppError("not_found", `Unknown endpoint action "${action}". Use pause, resume, enable or disable.`);
  const { reason } = json() as { reason?: string };
  return ok(endpoint.parse(await change({ id, reason }, ctx)));
});
