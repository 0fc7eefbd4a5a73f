import { sql } from "@/db";

/**
 * Baselines for `npm run bench`: the cheapest possible route handlers, measured in the same run as the real ones.
 * They exist only when SWITCHBOARD_BENCH=1; otherwise they answer 404 like any unknown path.
 */
export function benchRoutesEnabled() {
  return process.env.SWITCHBOARD_BENCH === "1";
}

export async function runBenchBaseline(name: string, body: string): Promise<Response | null> {
  switch (name) {
    case "bare":
      return Response.json({ ok: true });
    case "insert":
      await sql()`insert into bench_rows (body) values (${body})`;
      return Response.json({ ok: true }, { status: 202 });
    default:
      return null;
  }
}
