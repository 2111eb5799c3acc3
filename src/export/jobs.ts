import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordIndex } from '../ports/record-index.ts'
import type { RecordSpine } from '../spine/record-spine.ts'
import type { ImportState, JobStatus } from '../ports/import-state.ts'
import { exportHospitalNdjson } from './hospital-ndjson.ts'
import type { NdjsonOutput } from './hospital-ndjson.ts'

/** A hospital export job (FHIR Bulk Data async pattern). Kept in memory: a restart forgets jobs, not files. */
export interface ExportJobRow {
  id: string
  organizationId: string
  status: JobStatus
  types: string[]
  /** Folder of the NDJSON files. */
  dir: string
  output: NdjsonOutput[]
  error: string | null
  startedAt: number
  finishedAt: number | null
}

const jobs = new Map<string, ExportJobRow>()

export interface ExportJobDeps {
  spine: RecordSpine
  index: RecordIndex
  state: ImportState
  dataDir: string
  now(): number
}

/** Starts an export job in the background and returns it at once (RUNNING). */
export function startExportJob (deps: ExportJobDeps, input: { id: string, organizationId: string, types: string[] }): ExportJobRow {
  const job: ExportJobRow = {
    id: input.id, organizationId: input.organizationId, status: 'RUNNING', types: input.types,
    dir: join(deps.dataDir, 'exports', input.id), output: [], error: null, startedAt: deps.now(), finishedAt: null
  }
  jobs.set(job.id, job)
  void exportHospitalNdjson(deps, input.organizationId, job.dir, { types: input.types }).then((output) => {
    Object.assign(job, { output, status: 'DONE', finishedAt: deps.now() })
  }, (err: unknown) => {
    Object.assign(job, { status: 'FAILED', error: err instanceof Error ? err.message.slice(0, 300) : 'export failed', finishedAt: deps.now() })
  })
  return job
}

export function exportJob (id: string): ExportJobRow | undefined {
  return jobs.get(id)
}

/** Forgets a job and deletes its files (the Bulk Data DELETE on the status URL); returns whether it existed. */
export function deleteExportJob (id: string): boolean {
  const job = jobs.get(id)
  if (job === undefined) return false
  jobs.delete(id)
  rmSync(job.dir, { recursive: true, force: true })
  return true
}
