// ANY /in/<token> - the inbound receiver: verify, store and route a provider's webhook (lib/inbound/ingest.ts)
// Not apiRoute: the senders are third-party providers with no Switchboard key; the source's unguessable token and its
// signature check (lib/inbound/ingest.ts) authenticate them, and no actor's context is needed to store a request.
import { receiveInbound } from "@/lib/inbound/ingest";

async function handle(request: Request, { params }: { params: Promise<{ token: string }> }) {
  return receiveInbound(request, (await params).token);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
