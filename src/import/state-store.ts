import type { DatabaseSync } from 'node:sqlite'
import { openMigratedDatabase, transaction } from '../adapters/sqlite/sqlite-db.ts'
import type { Migration } from '../adapters/sqlite/sqlite-db.ts'
import type { BatchCommit, ImportCounts, ImportIssue, ImportState, JobRow, JobStatus, ResourceState } from '../ports/import-state.ts'
import { rowMapper } from '../adapters/sqlite/row-mapper.ts'
import { lift } from '../adapters/sqlite/lift.ts'

export type { BatchCommit, ImportCounts, JobRow, JobStatus, ResourceState }

const migrations: readonly Migration[] = [{
  version: 1,
  name: 'import state: resources, identifiers, jobs, checkpoints, issues, pending references',
  sql: `
    CREATE TABLE resources (hospital TEXT NOT NULL, type TEXT NOT NULL, source_id TEXT NOT NULL, record_id TEXT NOT NULL,
      owner_id TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (hospital, type, source_id)) STRICT;
    CREATE INDEX resources_by_record ON resources (record_id);
    CREATE TABLE identifiers (hospital TEXT NOT NULL, type TEXT NOT NULL, system TEXT NOT NULL, value TEXT NOT NULL,
      source_id TEXT NOT NULL, PRIMARY KEY (hospital, type, system, value)) STRICT;
    CREATE TABLE jobs (id TEXT PRIMARY KEY, hospital TEXT NOT NULL, actor TEXT NOT NULL, inputs TEXT NOT NULL, status TEXT NOT NULL,
      error TEXT, total INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0, imported INTEGER NOT NULL DEFAULT 0,
      unchanged INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0,
      started_at INTEGER NOT NULL, finished_at INTEGER) STRICT;
    CREATE TABLE checkpoints (job_id TEXT NOT NULL, file TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (job_id, file)) STRICT;
    CREATE TABLE issues (job_id TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, severity TEXT NOT NULL, code TEXT NOT NULL,
      reason TEXT NOT NULL, expression TEXT, PRIMARY KEY (job_id, file, line, reason)) STRICT;
    CREATE TABLE pending_refs (job_id TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, type TEXT NOT NULL,
      source_id TEXT NOT NULL, reference TEXT NOT NULL, PRIMARY KEY (job_id, file, line, reference)) STRICT;
  `
}]

/**
 * The import state store (`<data>/import.db`, durable, synchronous FULL): per source resource its record id
 * and content hash (idempotency), identifiers for conditional references, and per job its counts, per-file
 * checkpoints, issues (rejects and warnings) and references still waiting for their target (resumability).
 * Everything a batch changes is one transaction, committed after the spine acknowledged the batch.
 */
export class ImportStateStore {
  private readonly db: DatabaseSync
  private readonly q: ReturnType<typeof statements>

  /** @throws Error from node:sqlite when the file cannot be opened; MedledgerError CONFLICT for a newer schema */
  constructor (file: string) {
    this.db = openMigratedDatabase(file, migrations, { synchronous: 'FULL' })
    this.q = statements(this.db)
  }

  resource (hospital: string, type: string, sourceId: string): ResourceState | undefined {
    const r = this.q.resource.get(hospital, type, sourceId)
    return r === undefined ? undefined : { recordId: r.record_id as string, ownerId: r.owner_id as string, version: Number(r.version), hash: r.hash as string }
  }

  /** Source ids of the resources whose identifier is (system, value); more than one is ambiguous. */
  identifierTargets (hospital: string, type: string, system: string, value: string): string[] {
    return this.q.identifier.all(hospital, type, system, value).map((r) => r.source_id as string)
  }

  /**
   * The resources of `type` a hospital imported whose identifier has `value` (in `system`, or in any system
   * when it is undefined): what a staff look-up by MRN finds, never another hospital's.
   */
  identifierMatches (hospital: string, type: string, value: string, system?: string): Array<{ system: string, state: ResourceState }> {
    const rows = system === undefined
      ? this.q.identifierAnySystem.all(hospital, type, value).map((r) => ({ system: r.system as string, sourceId: r.source_id as string }))
      : this.q.identifier.all(hospital, type, system, value).map((r) => ({ system, sourceId: r.source_id as string }))
    const out: Array<{ system: string, state: ResourceState }> = []
    for (const r of rows) {
      const state = this.resource(hospital, type, r.sourceId)
      if (state !== undefined) out.push({ system: r.system, state })
    }
    return out
  }

  /** The record ids of every resource of `type` a hospital imported, in record id order. */
  hospitalRecordsOfType (hospital: string, type: string): string[] {
    return this.q.hospitalRecordsOfType.all(hospital, type).map((r) => r.record_id as string)
  }

  /** The hospital that imported each of `recordIds` (absent for records no import wrote). */
  importingHospitals (recordIds: readonly string[]): Map<string, string> {
    return new Map(this.q.importingHospitals.all(JSON.stringify(recordIds)).map((r) => [r.record_id as string, r.hospital as string]))
  }

  /** Every (type, record id) a hospital imported, by type then record id: what its export may contain. */
  * hospitalRecords (hospital: string): Iterable<{ type: string, recordId: string }> {
    for (const r of this.q.hospitalRecords.iterate(hospital)) yield { type: r.type as string, recordId: r.record_id as string }
  }

  job (id: string): JobRow | undefined {
    const r = this.q.job.get(id)
    return r === undefined ? undefined : toJob(r)
  }

  jobsOf (hospital: string): JobRow[] {
    return this.q.jobsOf.all(hospital).map(toJob)
  }

  /** Starts a job afresh: its checkpoints, issues and pending references are dropped, its counts zeroed. */
  startJob (row: Pick<JobRow, 'id' | 'hospital' | 'actor' | 'inputs' | 'startedAt' | 'total'>): void {
    transaction(this.db, () => {
      for (const table of ['checkpoints', 'issues', 'pending_refs']) this.db.prepare(`DELETE FROM ${table} WHERE job_id = ?`).run(row.id)
      this.q.deleteJob.run(row.id)
      this.q.insertJob.run(row.id, row.hospital, row.actor, JSON.stringify(row.inputs), 'RUNNING', row.total, row.startedAt)
    })
  }

  setTotal (id: string, total: number): void { this.q.setTotal.run(total, id) }

  finishJob (id: string, status: JobStatus, now: number, error: string | null = null): void {
    this.q.finishJob.run(status, error, now, id)
  }

  checkpoint (jobId: string, file: string): number {
    return Number(this.q.checkpoint.get(jobId, file)?.position ?? 0)
  }

  /** Applies one batch (see {@link BatchCommit}) in one transaction. */
  commit (c: BatchCommit): void {
    const q = this.q
    transaction(this.db, () => {
      for (const r of c.resources) q.upsertResource.run(r.hospital, r.type, r.sourceId, r.state.recordId, r.state.ownerId, r.state.version, r.state.hash)
      for (const i of c.identifiers) q.upsertIdentifier.run(i.hospital, i.type, i.system, i.value, i.sourceId)
      for (const i of c.issues) q.insertIssue.run(c.jobId, i.file, i.line, i.severity, i.code, i.reason, i.expression ?? null)
      for (const p of c.pendingRefs) q.insertPending.run(c.jobId, p.file, p.line, p.type, p.sourceId, p.reference)
      q.addCounts.run(c.counts.done, c.counts.imported, c.counts.unchanged, c.counts.rejected, c.counts.warnings, c.jobId)
      q.setCheckpoint.run(c.jobId, c.file, c.position)
    })
  }

  /** Turns references whose target never arrived into warnings; returns how many. */
  settlePendingRefs (jobId: string, hospital: string): number {
    return transaction(this.db, () => {
      const missing = this.q.unresolved.all(jobId, hospital)
      for (const m of missing) {
        this.q.insertIssue.run(jobId, m.file as string, Number(m.line), 'warning', 'not-found', `reference ${m.reference as string} does not resolve to an imported resource`, null)
      }
      this.db.prepare('DELETE FROM pending_refs WHERE job_id = ?').run(jobId)
      this.q.addCounts.run(0, 0, 0, 0, missing.length, jobId)
      return missing.length
    })
  }

  /** The job's issues in file, line order, `offset` and `limit` for paging. */
  issues (jobId: string, offset = 0, limit = -1): ImportIssue[] {
    return this.q.issues.all(jobId, limit, offset).map((r) => ({
      file: r.file as string, line: Number(r.line), severity: r.severity as ImportIssue['severity'], code: r.code as ImportIssue['code'],
      reason: r.reason as string, ...(r.expression === null ? {} : { expression: r.expression as string })
    }))
  }

  close (): void { if (this.db.isOpen) this.db.close() }
}

function statements (db: DatabaseSync) {
  return {
    resource: db.prepare('SELECT record_id, owner_id, version, hash FROM resources WHERE hospital = ? AND type = ? AND source_id = ?'),
    upsertResource: db.prepare(`INSERT INTO resources (hospital, type, source_id, record_id, owner_id, version, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (hospital, type, source_id) DO UPDATE SET record_id = excluded.record_id, owner_id = excluded.owner_id, version = excluded.version, hash = excluded.hash`),
    identifier: db.prepare('SELECT source_id FROM identifiers WHERE hospital = ? AND type = ? AND system = ? AND value = ?'),
    identifierAnySystem: db.prepare('SELECT system, source_id FROM identifiers WHERE hospital = ? AND type = ? AND value = ? ORDER BY system'),
    upsertIdentifier: db.prepare('INSERT OR REPLACE INTO identifiers (hospital, type, system, value, source_id) VALUES (?, ?, ?, ?, ?)'),
    hospitalRecords: db.prepare('SELECT type, record_id FROM resources WHERE hospital = ? ORDER BY type, record_id'),
    hospitalRecordsOfType: db.prepare('SELECT record_id FROM resources WHERE hospital = ? AND type = ? ORDER BY record_id'),
    importingHospitals: db.prepare('SELECT record_id, hospital FROM resources WHERE record_id IN (SELECT value FROM json_each(?))'),
    job: db.prepare('SELECT * FROM jobs WHERE id = ?'),
    jobsOf: db.prepare('SELECT * FROM jobs WHERE hospital = ? ORDER BY started_at DESC, id'),
    deleteJob: db.prepare('DELETE FROM jobs WHERE id = ?'),
    insertJob: db.prepare("INSERT INTO jobs (id, hospital, actor, inputs, status, total, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
    setTotal: db.prepare('UPDATE jobs SET total = ? WHERE id = ?'),
    finishJob: db.prepare('UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?'),
    addCounts: db.prepare('UPDATE jobs SET done = done + ?, imported = imported + ?, unchanged = unchanged + ?, rejected = rejected + ?, warnings = warnings + ? WHERE id = ?'),
    checkpoint: db.prepare('SELECT position FROM checkpoints WHERE job_id = ? AND file = ?'),
    setCheckpoint: db.prepare('INSERT OR REPLACE INTO checkpoints (job_id, file, position) VALUES (?, ?, ?)'),
    insertIssue: db.prepare('INSERT OR IGNORE INTO issues (job_id, file, line, severity, code, reason, expression) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertPending: db.prepare('INSERT OR IGNORE INTO pending_refs (job_id, file, line, type, source_id, reference) VALUES (?, ?, ?, ?, ?, ?)'),
    unresolved: db.prepare(`SELECT file, line, reference FROM pending_refs p WHERE job_id = ? AND NOT EXISTS
      (SELECT 1 FROM resources r WHERE r.hospital = ? AND r.type = p.type AND r.source_id = p.source_id) ORDER BY file, line, reference`),
    issues: db.prepare('SELECT * FROM issues WHERE job_id = ? ORDER BY file, line, reason LIMIT ? OFFSET ?')
  }
}

const toJob = rowMapper<JobRow>({
  id: 'raw', hospital: 'raw', actor: 'raw', inputs: 'json', status: 'raw', error: 'raw', total: 'number', done: 'number', imported: 'number',
  unchanged: 'number', rejected: 'number', warnings: 'number', startedAt: 'number', finishedAt: 'number|null'
})

/**
 * The ImportState port over an open `import.db` (closing the port closes the file); behaviour unchanged. Each
 * call goes to the store's method as it is at call time, so a test may still replace one on the store.
 */
export function sqliteImportState (s: ImportStateStore): ImportState {
  return {
    resource: lift((...a: Parameters<ImportStateStore['resource']>) => s.resource(...a)),
    identifierTargets: lift((...a: Parameters<ImportStateStore['identifierTargets']>) => s.identifierTargets(...a)),
    identifierMatches: lift((...a: Parameters<ImportStateStore['identifierMatches']>) => s.identifierMatches(...a)),
    hospitalRecordsOfType: lift((...a: Parameters<ImportStateStore['hospitalRecordsOfType']>) => s.hospitalRecordsOfType(...a)),
    importingHospitals: lift((ids: readonly string[]) => s.importingHospitals(ids)),
    async * hospitalRecords (hospital) { yield * s.hospitalRecords(hospital) },
    job: lift((id: string) => s.job(id)),
    jobsOf: lift((hospital: string) => s.jobsOf(hospital)),
    startJob: lift((...a: Parameters<ImportStateStore['startJob']>) => { s.startJob(...a) }),
    setTotal: lift((id: string, total: number) => { s.setTotal(id, total) }),
    finishJob: lift((...a: Parameters<ImportStateStore['finishJob']>) => { s.finishJob(...a) }),
    checkpoint: lift((jobId: string, file: string) => s.checkpoint(jobId, file)),
    commit: lift((c: BatchCommit) => { s.commit(c) }),
    settlePendingRefs: lift((jobId: string, hospital: string) => s.settlePendingRefs(jobId, hospital)),
    issues: lift((...a: Parameters<ImportStateStore['issues']>) => s.issues(...a)),
    close: lift(() => { s.close() })
  }
}
