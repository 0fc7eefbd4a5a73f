export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Reads server-sent events from a stream, and waits for the ones a test expects. */
export function sseReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  let lastId: string | undefined;
  let done = false;

  const pump = (async () => {
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event: SseEvent = { event: "message", data: "" };
          let isComment = true;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            isComment = false;
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") lastId = event.id = value;
            else if (field === "event") event.event = value;
            else if (field === "data") event.data += event.data ? `\n${value}` : value;
          }
          if (!isComment) events.push(event);
        }
      }
    } catch {
      // aborted
    } finally {
      done = true;
    }
  })();

  return {
    events,
    lastId: () => lastId,
    requests: () => events.filter((e) => e.event === "request").map((e) => JSON.parse(e.data) as { id: string; seq: number; body: string | null; verdict: string }),
    async waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (done) throw new Error(`stream ended while waiting for ${what}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}
