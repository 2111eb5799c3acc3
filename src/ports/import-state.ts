/**
 * The import state behind one port: per source resource its record id and content hash (idempotency),
 * identifiers for conditional references, and per job its counts, per-file checkpoints, issues (rejects and
 * warnings) and references still waiting for their target (resumability). Adapters: SQLite (`import.db`, the
 * embedded default, import/state-store.ts) and PostgreSQL (adapters/postgres/import-state.ts); both pass
 * import-state.contract.ts. Everything a batch changes is one transaction.
 */

/** Where a rejected or warned-about input sits: the file, its 1-based line (NDJSON) or entry (Bundle). */
export interface InputLocation {
  file: string
  line: number
  /** `Bundle.entry[i]` for a Bundle entry. */
  expression?: string
}

export type IssueSeverity = 'error' | 'warning'
/** FHIR issue-type codes used here (http://hl7.org/fhir/issue-type). */
export type IssueCode = 'structure' | 'invalid' | 'required' | 'not-found' | 'not-supported' | 'too-long' | 'exception'

/** One reject (severity error: the resource was not imported) or warning (imported, with a problem). */
export interface ImportIssue extends InputLocation {
  severity: IssueSeverity
  code: IssueCode
  /** Why: never health data, only structure, ids and references. */
  reason: string
}

/** What the import state remembers of one source resource (hospital, resourceType, source id). */
export interface ResourceState {
  recordId: string
  ownerId: string
  version: number
  hash: string
}

export type JobStatus = 'RUNNING' | 'DONE' | 'FAILED'

export interface ImportCounts {
  total: number
  done: number
  imported: number
  unchanged: number
  rejected: number
  warnings: number
}

export interface JobRow extends ImportCounts {
  id: string
  hospital: string
  actor: string
  /** The input files, in processing order. */
  inputs: string[]
  status: JobStatus
  error: string | null
  startedAt: number
  finishedAt: number | null
}

/** One batch's effect on the state, committed in one transaction after the spine acknowledged its writes. */
export interface BatchCommit {
  jobId: string
  file: string
  position: number
  resources: Array<{ hospital: string, type: string, sourceId: string, state: ResourceState }>
  identifiers: Array<{ hospital: string, type: string, system: string, value: string, sourceId: string }>
  issues: ImportIssue[]
  pendingRefs: Array<{ file: string, line: number, type: string, sourceId: string, reference: string }>
  counts: Omit<ImportCounts, 'total'>
}

export interface ImportState {
  resource(hospital: string, type: string, sourceId: string): Promise<ResourceState | undefined>
  /** Source ids of the resources whose identifier is (system, value); more than one is ambiguous. */
  identifierTargets(hospital: string, type: string, system: string, value: string): Promise<string[]>
  /**
   * The resources of `type` a hospital imported whose identifier has `value` (in `system`, or in any system
   * when it is undefined, by system): what a staff look-up by MRN finds, never another hospital's.
   */
  identifierMatches(hospital: string, type: string, value: string, system?: string): Promise<Array<{ system: string, state: ResourceState }>>
  /** The record ids of every resource of `type` a hospital imported, in record id order. */
  hospitalRecordsOfType(hospital: string, type: string): Promise<string[]>
  /** The hospital that imported each of `recordIds` (absent for records no import wrote). */
  importingHospitals(recordIds: readonly string[]): Promise<Map<string, string>>
  /** Every (type, record id) a hospital imported, by type then record id: what its export may contain. */
  hospitalRecords(hospital: string): AsyncIterable<{ type: string, recordId: string }>
  job(id: string): Promise<JobRow | undefined>
  /** A hospital's jobs, newest first. */
  jobsOf(hospital: string): Promise<JobRow[]>
  /** Starts a job afresh: its checkpoints, issues and pending references are dropped, its counts zeroed. */
  startJob(row: Pick<JobRow, 'id' | 'hospital' | 'actor' | 'inputs' | 'startedAt' | 'total'>): Promise<void>
  setTotal(id: string, total: number): Promise<void>
  finishJob(id: string, status: JobStatus, now: number, error?: string | null): Promise<void>
  /** The position in `file` the job committed up to (0 before any batch). */
  checkpoint(jobId: string, file: string): Promise<number>
  /** Applies one batch (see {@link BatchCommit}) in one transaction. */
  commit(c: BatchCommit): Promise<void>
  /** Turns references whose target never arrived into warnings, in one transaction; returns how many. */
  settlePendingRefs(jobId: string, hospital: string): Promise<number>
  /** The job's issues in file, line, reason order; `offset` and `limit` (-1: all) for paging. */
  issues(jobId: string, offset?: number, limit?: number): Promise<ImportIssue[]>
  /** Releases what the adapter holds (never a pool shared with other stores). */
  close(): Promise<void>
}
