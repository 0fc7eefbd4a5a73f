// The delivery benchmarks, in a process started by `npm run bench` with the worker's runtime options (see index.ts).
import { closeDb } from "../../db";
import { benchDelivery } from "./outbound";

benchDelivery()
  .finally(() => closeDb())
  .then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
