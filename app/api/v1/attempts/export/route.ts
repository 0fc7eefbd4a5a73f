// GET /api/v1/attempts/export?format=csv|json&from&to - attempt metadata (no headers or bodies), streamed (messages:read)
import { apiRoute } from "@/lib/api/handler";
import { downloadResponse, exportAttempts } from "@/lib/retention";

export const GET = apiRoute({ scope: "messages:read" }, async ({ ctx, query }) => downloadResponse(exportAttempts(Object.fromEntries(query), ctx)));
