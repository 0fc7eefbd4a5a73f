// Run by log.test.ts in a child process: logs argv[2] lines through the process's own logger, then exits at once.
import { log } from "@/lib/monitoring/log";

const lines = Number(process.argv[2]);
for (let i = 0; i < lines; i++) log().info({ kind: "exit_test", i }, "line");
process.exit(0);
