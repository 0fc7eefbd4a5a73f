/**
 * Retention and compliance: each workspace's retention windows, the scheduled purge that applies them, and the
 * streamed compliance exports (audit log, attempt metadata). This index is the domain's public face.
 */

export { DEFAULT_METADATA_RETENTION_DAYS, DEFAULT_PAYLOAD_RETENTION_DAYS, getRetentionSettings, type RetentionSettings, retentionSettingsSchema, updateRetentionSettings } from "./settings";
export { type PurgeBatch, purgeExpiredData, type PurgeOptions, type PurgeResult, type PurgeStep } from "./purge";
export { downloadResponse, type Export, exportAttempts, exportAuditLog, type ExportQuery, exportQuerySchema } from "./exports";
export { registerExportOperations } from "./api-schemas";
