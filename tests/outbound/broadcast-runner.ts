// The broadcasting process that tests/outbound/broadcast.test.ts kills: runs one broadcast's batches (argv[2]) against
// the test file's database (DATABASE_URL from the parent), under a short lease so the parent can take over soon after
// the kill, with a pause between batches so the kill lands between the first batch and the last.
import { runBroadcastBatch } from "@/lib/outbound/broadcast";

const [broadcastId, batchSize, pauseMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
for (let turn = 0; turn < 1_000; turn++) {
  const { state } = await runBroadcastBatch(broadcastId, { batchSize, leaseSeconds: 2 });
  if (state !== "ran") break;
  await new Promise((r) => setTimeout(r, pauseMs));
}
process.exit(0);
