import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { canonicalJson } from '../core/canonical-json.ts'
import { makeError } from '../core/errors.ts'
import type { Clock } from '../core/types.ts'
import type { CustodialKeys } from '../ports/custodial-keys.ts'
import type { RecordInput, RecordSpine } from '../spine/record-spine.ts'
import type { RecordIndex } from '../ports/record-index.ts'
import { contentHash, importedRecordId } from './ids.ts'
import type { ImportIssue } from './outcome.ts'
import { DIRECTORY_TYPES, identifiersOf, rewriteReferences } from './references.ts'
import { readItems } from './sources.ts'
import type { SourceFile, SourceItem } from './sources.ts'
import type { BatchCommit, ImportState, JobRow, ResourceState } from '../ports/import-state.ts'
import { FHIR_ID, RESOURCE_TYPE } from '../core/fhir/grammar.ts'

/** Who holds patients' keys: a registered (claimed) patient's wallet key, else a custodial one. */
export interface PatientDirectory {
  /** The wallet public key of a registered patient, or undefined when `patientId` is not one. */
  walletKey(patientId: string): Uint8Array | undefined
  /** Records that `patientId` is a custodial patient created by `hospital`'s import (idempotent). */
  registerCustodial(patientId: string, hospital: string, now: number): void
}

export interface ImportDeps {
  spine: RecordSpine
  index: RecordIndex
  state: ImportState
  custodial: CustodialKeys
  patients: PatientDirectory
  clock: Clock
}

export interface ImportOptions {
  /** The hospital (organization id) whose records these are: part of every imported record id. */
  hospital: string
  /** Who writes, as recorded in the ledger (e.g. `hospital:<id>`, `account:<id>`). */
  actor: string
  /** A job id; by default derived from hospital and input files (path, size, mtime), so a rerun resumes. */
  jobId?: string
  /** Resources per spine write (default 256). */
  batchSize?: number
  signal?: AbortSignal
  onProgress?: (job: JobRow) => void
  /** Called once the job's row is stored (started afresh, or resuming): a caller running the import in the background returns the job then. */
  onStarted?: () => void
}

export interface ImportSummary extends JobRow {
  /** This run continued a job a crash or kill had interrupted. */
  resumed: boolean
  /** Milliseconds this run took. */
  ms: number
}


/** The job id of importing `sources` for `hospital`: the same files (path, size, mtime) give the same job. */
export function jobIdOf (hospital: string, sources: SourceFile[]): string {
  const h = createHash('sha256').update(hospital)
  for (const s of sources) {
    const st = statSync(s.path)
    h.update(`\0${s.path}\0${st.size}\0${Math.trunc(st.mtimeMs)}`)
  }
  return h.digest('hex').slice(0, 24)
}

/**
 * Imports FHIR resources from classified sources through the record spine, batch by batch. A job that is
 * RUNNING or FAILED (killed, crashed) resumes from its per-file checkpoints; a DONE job starts over, and
 * then every resource whose content hash is unchanged is counted unchanged and not written.
 * @throws MedledgerError BAD_INPUT for a bad hospital id; whatever the spine or stores throw (the job is then
 *   FAILED and resumable); the signal's AbortError
 */
export async function runImport (deps: ImportDeps, sources: SourceFile[], options: ImportOptions): Promise<ImportSummary> {
  if (!FHIR_ID.test(options.hospital)) throw makeError('hospital must be an id of 1 to 64 letters, digits, - or .', 'BAD_INPUT')
  const started = deps.clock.now()
  const jobId = options.jobId ?? jobIdOf(options.hospital, sources)
  const prior = await deps.state.job(jobId)
  const resumed = prior !== undefined && prior.status !== 'DONE'
  const total = sources.reduce((n, s) => n + s.count, 0)
  if (!resumed) await deps.state.startJob({ id: jobId, hospital: options.hospital, actor: options.actor, inputs: sources.map((s) => s.path), startedAt: started, total })
  else await deps.state.setTotal(jobId, total)
  options.onStarted?.()
  const run = new ImportRun(deps, options, jobId)
  try {
    for (const source of sources) await run.file(source)
    await deps.state.settlePendingRefs(jobId, options.hospital)
    await deps.spine.flush()
    await deps.state.finishJob(jobId, 'DONE', deps.clock.now())
  } catch (err) {
    await deps.state.finishJob(jobId, 'FAILED', deps.clock.now(), err instanceof Error ? err.message.slice(0, 500) : String(err))
    throw err
  }
  return { ...(await deps.state.job(jobId))!, resumed, ms: deps.clock.now() - started }
}

interface Pending {
  key: string
  type: string
  sourceId: string
  state: ResourceState
}

/** One run of one job: the current batch and what it will commit. */
class ImportRun {
  private readonly deps: ImportDeps
  private readonly options: ImportOptions
  private readonly jobId: string
  private readonly batchSize: number
  private readonly keys = new Map<string, Uint8Array>()
  private inputs: RecordInput[] = []
  private batch = new Map<string, Pending>()
  private commitBuf: Omit<BatchCommit, 'file' | 'position'>
  private batchIdentifiers = new Map<string, Set<string>>()
  private processed = 0

  constructor (deps: ImportDeps, options: ImportOptions, jobId: string) {
    this.deps = deps
    this.options = options
    this.jobId = jobId
    this.batchSize = options.batchSize ?? 256
    this.commitBuf = this.emptyCommit()
  }

  async file (source: SourceFile): Promise<void> {
    const after = await this.deps.state.checkpoint(this.jobId, source.path)
    let position = after
    for await (const item of readItems(source, after)) {
      this.options.signal?.throwIfAborted()
      await this.item(item)
      position = item.position
      if (this.inputs.length >= this.batchSize || this.processed >= this.batchSize) await this.flush(source.path, position)
    }
    await this.flush(source.path, position)
  }

  private emptyCommit (): Omit<BatchCommit, 'file' | 'position'> {
    return { jobId: this.jobId, resources: [], identifiers: [], issues: [], pendingRefs: [], counts: { done: 0, imported: 0, unchanged: 0, rejected: 0, warnings: 0 } }
  }

  private async flush (file: string, position: number): Promise<void> {
    if (this.inputs.length > 0) await this.deps.spine.write(this.inputs, { actor: this.options.actor, signal: this.options.signal })
    const hospital = this.options.hospital
    for (const p of this.batch.values()) this.commitBuf.resources.push({ hospital, type: p.type, sourceId: p.sourceId, state: p.state })
    await this.deps.state.commit({ ...this.commitBuf, file, position })
    this.inputs = []
    this.batch = new Map()
    this.batchIdentifiers = new Map()
    this.commitBuf = this.emptyCommit()
    this.processed = 0
    if (this.options.onProgress !== undefined) this.options.onProgress((await this.deps.state.job(this.jobId))!)
  }

  private issue (item: SourceItem, severity: ImportIssue['severity'], code: ImportIssue['code'], reason: string): void {
    this.commitBuf.issues.push({ file: item.file, line: item.line, severity, code, reason, ...(item.expression === undefined ? {} : { expression: item.expression }) })
    if (severity === 'error') this.commitBuf.counts.rejected++
    else this.commitBuf.counts.warnings++
  }

  private async item (item: SourceItem): Promise<void> {
    this.processed++
    this.commitBuf.counts.done++
    const reason = await this.tryItem(item)
    if (reason !== undefined) this.issue(item, 'error', reason[0], reason[1])
  }

  /** Processes one item; returns the reject (code, reason) when it is not imported. */
  private async tryItem (item: SourceItem): Promise<[ImportIssue['code'], string] | undefined> {
    if (item.error !== undefined) return [item.error.code, item.error.reason]
    const r = item.resource as Record<string, unknown> | null
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return ['structure', 'a FHIR resource must be a JSON object']
    const type = r.resourceType
    if (typeof type !== 'string' || !RESOURCE_TYPE.test(type)) return ['required', 'resourceType missing or malformed']
    if (type === 'Bundle' || type === 'OperationOutcome') return ['not-supported', `${type} is not imported as a record`]
    if (item.method !== undefined && !['POST', 'PUT'].includes(item.method.toUpperCase())) return ['not-supported', `request method ${item.method} is not imported`]
    const sourceId = typeof r.id === 'string' ? r.id : item.fullUrl === undefined ? undefined : item.bundle?.fullUrls.get(item.fullUrl)?.sourceId
    if (sourceId === undefined) return ['required', `${type} has no id`]
    if (!FHIR_ID.test(sourceId)) return ['invalid', `${type} id is not a FHIR id`]

    const { hospital } = this.options
    const rw = await this.rewrite(r, item)
    let ownerId: string
    if (type === 'Patient') ownerId = importedRecordId(hospital, 'Patient', sourceId)
    else if (rw.patientUnresolved !== undefined) return ['not-found', `patient reference ${rw.patientUnresolved} does not resolve`]
    else if (rw.patient !== undefined) {
      if (!await this.known('Patient', rw.patient.sourceId)) return ['not-found', `patient ${rw.patient.original} is not imported (import Patient resources first)`]
      ownerId = importedRecordId(hospital, 'Patient', rw.patient.sourceId)
    } else if (DIRECTORY_TYPES.has(type)) ownerId = hospital
    else return ['required', `${type} names no patient (subject, patient or beneficiary)`]

    const recordId = importedRecordId(hospital, type, sourceId)
    const resource = { ...rw.resource, id: recordId }
    const hash = contentHash(canonicalJson(resource))
    const key = `${type}\0${sourceId}`
    const prior = this.batch.get(key)?.state ?? await this.deps.state.resource(hospital, type, sourceId)
    if (prior !== undefined && prior.ownerId !== ownerId) return ['invalid', `${type}/${sourceId} was imported for another owner`]

    for (const u of rw.unresolved) this.issue(item, 'warning', 'not-found', `reference ${u.reference} kept as written: ${u.reason}`)
    for (const t of rw.targets) {
      if (t.type !== type || t.sourceId !== sourceId) {
        if (!await this.known(t.type, t.sourceId)) this.commitBuf.pendingRefs.push({ file: item.file, line: item.line, type: t.type, sourceId: t.sourceId, reference: t.original })
      }
    }
    for (const { system, value } of identifiersOf(r)) {
      this.commitBuf.identifiers.push({ hospital, type, system, value, sourceId })
      const k = `${type}\0${system}\0${value}`
      this.batchIdentifiers.set(k, (this.batchIdentifiers.get(k) ?? new Set()).add(sourceId))
    }

    if (prior?.hash === hash) {
      this.commitBuf.counts.unchanged++
      return undefined
    }
    const inBatch = this.batch.get(key)
    const landed = inBatch === undefined ? await this.landed(recordId, prior?.version ?? 0, hash) : undefined
    const version = landed ?? (inBatch?.state.version ?? this.deps.index.record(recordId)?.version ?? 0) + 1
    this.batch.set(key, { key, type, sourceId, state: { recordId, ownerId, version, hash } })
    this.commitBuf.counts.imported++
    if (landed === undefined) this.inputs.push({ patient: { id: ownerId, publicKey: this.keyOf(ownerId) }, resource, recordId })
    return undefined
  }

  /**
   * A version the spine wrote after the import state last committed (the run was killed between the two):
   * when its content is what we would write, it is adopted instead of written again.
   */
  private async landed (recordId: string, knownVersion: number, hash: string): Promise<number | undefined> {
    const row = this.deps.index.record(recordId)
    if (row === undefined || row.version <= knownVersion) return undefined
    const { resource } = await this.deps.spine.read(recordId)
    return contentHash(canonicalJson(resource)) === hash ? row.version : undefined
  }

  private async known (type: string, sourceId: string): Promise<boolean> {
    return this.batch.has(`${type}\0${sourceId}`) || await this.deps.state.resource(this.options.hospital, type, sourceId) !== undefined
  }

  /**
   * Rewrites references (pure, synchronous): conditional references need identifier look-ups in the state,
   * so a first pass collects them, they are fetched, and a second pass rewrites with the answers. A resource
   * without conditional references is rewritten once.
   */
  private async rewrite (r: Record<string, unknown>, item: SourceItem): Promise<ReturnType<typeof rewriteReferences>> {
    const { hospital } = this.options
    const wanted = new Map<string, [string, string, string]>()
    const first = rewriteReferences(r, { hospital, bundle: item.bundle, lookupIdentifier: (t, s, v) => { wanted.set(`${t}\0${s}\0${v}`, [t, s, v]); return [] } })
    if (wanted.size === 0) return first
    const stored = new Map<string, string[]>()
    for (const [k, [t, s, v]] of wanted) stored.set(k, await this.deps.state.identifierTargets(hospital, t, s, v))
    return rewriteReferences(r, { hospital, bundle: item.bundle, lookupIdentifier: (t, s, v) => this.lookupIdentifier(t, s, v, stored.get(`${t}\0${s}\0${v}`) ?? []) })
  }

  private lookupIdentifier (type: string, system: string, value: string, stored: readonly string[]): string[] {
    const found = new Set(stored)
    for (const id of this.batchIdentifiers.get(`${type}\0${system}\0${value}`) ?? []) found.add(id)
    return [...found]
  }

  private keyOf (ownerId: string): Uint8Array {
    let key = this.keys.get(ownerId)
    if (key !== undefined) return key
    key = this.deps.patients.walletKey(ownerId)
    if (key === undefined) {
      key = this.deps.custodial.ensure(ownerId)
      if (ownerId !== this.options.hospital) this.deps.patients.registerCustodial(ownerId, this.options.hospital, this.deps.clock.now())
    }
    this.keys.set(ownerId, key)
    return key
  }
}
