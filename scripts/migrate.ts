// `npm run migrate`: applies the committed migrations to DATABASE_URL, once per deploy (compose.yaml runs it before the
// app and the workers start). Safe to run from several processes at once: they take turns under an advisory lock.
import { runMigrations } from "../db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required: the PostgreSQL database to migrate, e.g. postgres://user:pass@host:5432/switchboard");
  process.exit(1);
}
runMigrations(url).then(
  (applied) => {
    console.log(applied ? "[switchboard] migrations applied" : "[switchboard] the database is up to date");
    process.exit(0);
  },
  (error) => {
    console.error("[switchboard] migrating failed:", error);
    process.exit(1);
  },
);
