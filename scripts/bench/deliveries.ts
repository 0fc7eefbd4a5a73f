// The delivery and broadcast benchmarks, in a process started by `npm run bench` with the worker's runtime options (see index.ts).
import { closeDb } from "../../db";
import { logToDevNull } from "./harness";
import { benchBroadcast } from "./broadcast";
import { benchDelivery, startReceiver } from "./outbound";
import { benchPayloads } from "./payloads";
import { benchRetention } from "./retention";

async function main() {
  logToDevNull();
  await benchDelivery();
  const receiver = await startReceiver();
  try {
    await benchBroadcast(receiver.url);
    await benchPayloads(receiver.url);
    await benchRetention(receiver.url);
  } finally {
    await receiver.close();
  }
}

main()
  .finally(() => closeDb())
  .then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
