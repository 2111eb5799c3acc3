/**
 * Hospital bulk import of FHIR R4 (Bundles and bulk NDJSON, plain or gzipped) through the record spine:
 * deterministic record ids, idempotent by content hash, resumable from per-file checkpoints, rejects as
 * OperationOutcome NDJSON, custodial keys for patients without a wallet.
 */
export { discoverSources, readItems, MAX_LINE_CHARS } from './sources.ts'
export type { SourceFile, SourceItem } from './sources.ts'
export { runImport, jobIdOf } from './importer.ts'
export type { ImportDeps, ImportOptions, ImportSummary, PatientDirectory } from './importer.ts'
export { ImportStateStore, sqliteImportState } from './state-store.ts'
export type { ImportCounts, JobRow, JobStatus } from './state-store.ts'
export { importedRecordId, contentHash } from './ids.ts'
export { toOperationOutcome } from './outcome.ts'
export type { ImportIssue } from './outcome.ts'
export { writeRejectsFile } from './rejects.ts'
export { openImportStores, importDeps, patientDirectory } from './open.ts'
export type { ImportStores } from './open.ts'
export { resealClaimedPatient } from './claim.ts'
