// A minimal server-sent events parser (the WHATWG event-stream format), fed with text chunks as they arrive.

/**
 * @typedef {{ event: string, data: string, id?: string }} SseEvent
 */

/** Returns a function that takes a chunk of text and returns the complete events it finished. */
export function createSseParser() {
  let buffer = "";
  /** @type {SseEvent} */
  let current = { event: "message", data: "" };
  let hasData = false;

  return (chunk) => {
    buffer += chunk;
    /** @type {SseEvent[]} */
    const events = [];
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      const breakLength = buffer.startsWith("\r\n", newline) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n still on its way.
      if (buffer[newline] === "\r" && newline + 1 === buffer.length) break;
      buffer = buffer.slice(newline + breakLength);
      if (line === "") {
        if (hasData) events.push(current);
        current = { event: "message", data: "" };
        hasData = false;
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") current.event = value;
      else if (field === "data") {
        current.data = hasData ? `${current.data}\n${value}` : value;
        hasData = true;
      } else if (field === "id" && !value.includes("\0")) current.id = value;
    }
    return events;
  };
}
