// ALL /api/v1 and /api/v1/<anything else> - a path the API does not have answers the API's error shape, not the HTML 404 page.
// Not apiRoute: it only answers 404, the same with or without a key, so it reads none and counts nothing against one.
// Svix's part of the path space (/api/v1/app, /event-type, /auth, ...) answers as Svix would, 404 not_supported naming
// the SDK call, since its covered calls have routes of their own (app/api/v1/(svix)).
import type { NextRequest } from "next/server";
import { AppError, errorBody } from "@/lib/api/errors";
import { isSvixPath, notSupported } from "@/lib/compat/svix";

function notFound(request: NextRequest) {
  if (isSvixPath(request.nextUrl.pathname)) return notSupported(request.method, request.nextUrl.pathname);
  const error = new AppError("not_found", `There is no ${request.method} ${request.nextUrl.pathname} in the API. The operations are listed in /api/v1/openapi.json.`);
  return Response.json(errorBody(error), { status: error.status, headers: { "cache-control": "no-store" } });
}

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
