import { describe, expect, it } from "vitest";
import { encodeCursor, pageCursor } from "@/lib/api/pagination";

describe("pageCursor", () => {
  it("keeps a cursor a page handed out", () => {
    const cursor = encodeCursor({ createdAt: new Date("2026-11-30T10:00:00Z"), id: "msg_1" });
    expect(pageCursor(cursor)).toEqual({ cursor, ignored: false });
  });

  it("treats no cursor as the first page, without a notice", () => {
    expect(pageCursor(undefined)).toEqual({ cursor: undefined, ignored: false });
    expect(pageCursor("")).toEqual({ cursor: undefined, ignored: false });
  });

  it("drops a malformed, repeated or oversized cursor and says so", () => {
    const valid = encodeCursor({ createdAt: new Date(), id: "msg_1" });
    for (const raw of ["not-a-cursor", "%%%", Buffer.from("yesterday|msg_1").toString("base64url"), [valid, valid], `${valid}${"A".repeat(500)}`]) {
      expect(pageCursor(raw), String(raw)).toEqual({ cursor: undefined, ignored: true });
    }
  });
});
