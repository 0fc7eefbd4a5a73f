// GET /api/v1/messages/broadcast/<id> - a broadcast with its progress
import { apiRoute, ok } from "@/lib/api/handler";
import { broadcast } from "@/lib/outbound/schemas";
import { getBroadcast } from "@/lib/outbound/broadcast";

export const GET = apiRoute({ params: { id: "text" }, scope: "messages:read" }, async ({ ctx }, { id }) => ok(broadcast.parse(await getBroadcast({ id }, ctx))));
