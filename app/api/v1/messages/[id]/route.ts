// GET /api/v1/messages/<id> - one message with its deliveries
import { apiRoute, ok } from "@/lib/api/handler";
import { messageWithDeliveries } from "@/lib/outbound/schemas";
import { getMessage } from "@/lib/outbound/message-lists";

export const GET = apiRoute({ params: { id: "msg" }, scope: "messages:read" }, async ({ ctx }, { id }) => ok(messageWithDeliveries.parse(await getMessage({ id }, ctx))));
