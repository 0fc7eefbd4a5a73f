// /api/chaos[/anything]?status=&latency=&retryAfter=&bodySize= - the chaos receiver (lib/testing/chaos.ts), any method.
// Not apiRoute: it is a webhook *receiver* for endpoints to point at, so it takes no credentials and reads no
// workspace's data; it makes no outbound requests, and its latency, body size and held requests are capped.
import { chaosResponse } from "@/lib/testing";

export const dynamic = "force-dynamic";

const handle = (request: Request) => chaosResponse(request);

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST, handle as PUT };
