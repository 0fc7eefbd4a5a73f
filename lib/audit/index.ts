/**
 * The audit log: recordAudit writes a row in the caller's transaction; the query side reads it back. This index is the
 * domain's public face: other lib/ domains import only from here. Modules that import fewer other domains come first,
 * so a domain that imports this index back (a cycle) finds them initialised.
 */

export { type Actor, recordAudit } from "./log";
export { AUDIT_CSV_COLUMNS, auditCsvCells, auditFiltersSchema, auditRows, auditView, csvCell } from "./query";
