import { CID } from 'multiformats/cid'
import { canonicalBytes } from '../core/canonical-json.ts'
import { openEnvelope, sealRecord } from '../core/envelope/index.ts'
import type { Aead, Ecdh } from '../core/envelope/index.ts'
import { makeError } from '../core/errors.ts'
import { assertResource, resourceMetadata } from '../core/fhir/metadata.ts'
import { uuid } from '../core/ids.ts'
import type { FhirResource } from '../core/fhir/metadata.ts'
import type { Clock, RecordBinding, Rng } from '../core/types.ts'
import type { BodyStore } from '../ports/body-store.ts'
import type { Keys, KeyedDek } from '../ports/keys.ts'
import type { Ledger, RecordAnchored } from '../ports/ledger.ts'
import type { RecordIndex, RecordRow } from '../ports/record-index.ts'
import { BatchSealers } from './batch-sealers.ts'

/** @deprecated uuid lives in core/ids.ts; this re-export keeps older imports working. */
export { uuid } from '../core/ids.ts'

export interface PatientKeyRef {
  id: string
  /** secp256k1 public key (33 or 65 bytes) the patient's copy of each DEK is wrapped to. */
  publicKey: Uint8Array
}

export interface RecordInput {
  patient: PatientKeyRef
  resource: unknown
  /** Omitted: a new record with a fresh id. Given: the next version of that record (or its first). */
  recordId?: string
}

export interface WriteOptions {
  /** Who writes: an account id, recorded in the ledger entry. */
  actor: string
  signal?: AbortSignal
}

export interface RecordSpineDeps {
  bodies: BodyStore
  ledger: Ledger
  index: RecordIndex
  keys: Keys
  clock: Clock
  rng: Rng
  /** secp256k1 arithmetic of the sealers (default: core's pure-JS noble; data-dir passes the native one). */
  ecdh?: Ecdh
  /** XChaCha20-Poly1305 of bodies and DEK copies (default: core's pure-JS noble; data-dir passes libsodium's). */
  aead?: Aead
}

const decoder = new TextDecoder()

/**
 * The record spine: FHIR resource → envelope → BodyStore → keystore → ledger → index, in that order, so a
 * crash at any point leaves no ledger entry without its body and key. A write resolves (is acknowledged)
 * only once every step is durable. Writes are serialized: one writer at a time.
 */
export class RecordSpine {
  private readonly deps: RecordSpineDeps
  private queue: Promise<unknown> = Promise.resolve()
  private readonly sealers: BatchSealers

  constructor (deps: RecordSpineDeps) {
    this.deps = deps
    this.sealers = new BatchSealers(deps.clock, deps.rng, deps.ecdh)
  }

  /**
   * Writes a batch of records: one body put, one keystore transaction, one ledger append, one index transaction.
   * @throws MedledgerError BAD_INPUT (nothing written) for an invalid resource or patient; CONFLICT when a
   *   recordId belongs to another patient
   */
  async write (inputs: RecordInput[], options: WriteOptions): Promise<RecordRow[]> {
    return this.exclusive(async () => this.writeNow(inputs, options))
  }

  /**
   * The decrypted resource of a record (latest version unless one is given), with its index row.
   * @throws MedledgerError NOT_FOUND, KEY_NOT_FOUND (shredded), CID_MISMATCH / BODY_NOT_FOUND, DECRYPT_FAILED
   */
  async read (recordId: string, version?: number): Promise<{ row: RecordRow, resource: FhirResource }> {
    const row = this.deps.index.record(recordId, version)
    if (row === undefined) throw makeError('no such record', 'NOT_FOUND', { recordId, version })
    return { row, resource: await this.decrypt(row) }
  }

  /**
   * The decrypted resources of index rows, in order, their bodies fetched concurrently (one batch of BodyStore
   * gets): what a per-request DataLoader calls. A row that fails yields its error in its place, the others
   * still resolve.
   * @throws nothing itself; each failed row's slot holds MedledgerError KEY_NOT_FOUND (shredded),
   *   CID_MISMATCH / BODY_NOT_FOUND or DECRYPT_FAILED
   */
  async readRows (rows: readonly RecordRow[]): Promise<Array<FhirResource | Error>> {
    return Promise.all(rows.map(async (row) => this.decrypt(row).catch((err: unknown) => err instanceof Error ? err : new Error(String(err)))))
  }

  /** Brings the index up to the ledger: applies every entry after its cursor. Returns rows added. */
  async catchUp (): Promise<number> {
    return this.exclusive(async () => this.catchUpNow())
  }

  /** Drops the index and rebuilds it from the ledger, the BodyStore and the keystore. */
  async reindex (): Promise<number> {
    return this.exclusive(async () => {
      this.deps.index.clear()
      return this.catchUpNow()
    })
  }

  /** Seals pending ledger entries into a signed block. */
  async flush (): Promise<void> {
    await this.exclusive(async () => this.deps.ledger.seal())
  }

  private async writeNow (inputs: RecordInput[], options: WriteOptions): Promise<RecordRow[]> {
    const { bodies, ledger, index, keys, clock, rng } = this.deps
    if (inputs.length === 0) return []
    const prepared = inputs.map((input) => {
      assertPatient(input.patient)
      assertResource(input.resource)
      return { input, resource: input.resource }
    })
    const nextVersion = new Map<string, { version: number, patientId: string }>()
    const bindings: RecordBinding[] = prepared.map(({ input }) => {
      const recordId = input.recordId ?? uuid(rng)
      const known = nextVersion.get(recordId) ?? latest(index, recordId)
      if (known !== undefined && known.patientId !== input.patient.id) {
        throw makeError('record belongs to another patient', 'CONFLICT', { recordId })
      }
      const version = (known?.version ?? 0) + 1
      nextVersion.set(recordId, { version, patientId: input.patient.id })
      return { recordId, version, patientId: input.patient.id }
    })
    options.signal?.throwIfAborted()

    // The batch's sealers start first: with a thread-pool Ecdh they run while this thread canonicalizes.
    const batch = this.sealers.start(prepared.map(({ input }) => input.patient))
    const envelopes: Uint8Array[] = []
    const deks: KeyedDek[] = []
    try {
      const plaintexts = prepared.map(({ resource }) => canonicalBytes(resource))
      const sealers = await batch.ready()
      prepared.forEach(({ input }, i) => {
        const binding = bindings[i]!
        const { envelope, dek } = sealRecord({ plaintext: plaintexts[i]!, binding, sealer: sealers.get(input.patient.id)!, rng, aead: this.deps.aead })
        envelopes.push(envelope)
        deks.push({ binding, dek })
      })
    } catch (err) {
      for (const { dek } of deks) dek.fill(0)
      await batch.failed()
      throw err
    }
    await batch.done()

    let cids: CID[]
    try {
      cids = await bodies.putMany(envelopes, options)
      keys.wrapDeks(deks)
    } finally {
      for (const { dek } of deks) dek.fill(0)
    }
    const time = clock.now()
    const entries: RecordAnchored[] = bindings.map((b, i) => ({
      type: 'RecordAnchored', recordId: b.recordId, version: b.version, cid: cids[i]!.toString(), actor: options.actor, time
    }))
    const positions = await ledger.append(entries)
    const rows = entries.map((entry, i) => toRow(entry, positions[i]!, bindings[i]!.patientId, prepared[i]!.resource))
    index.apply(rows, positions[positions.length - 1]!)
    return rows
  }

  private async catchUpNow (): Promise<number> {
    const { ledger, index, keys } = this.deps
    const size = ledger.size()
    let added = 0
    const chunk = 512
    for (let from = index.cursor() + 1; from < size; from += chunk) {
      const to = Math.min(from + chunk, size)
      const jobs: Array<Promise<RecordRow | undefined>> = []
      for (const { index: position, entry } of ledger.entries(from, to)) {
        if (entry.type !== 'RecordAnchored') continue
        const anchored = entry as RecordAnchored
        const stored = keys.binding(anchored.recordId, anchored.version)
        if (stored === undefined) continue // crypto-shredded: nothing left to index
        jobs.push(this.decryptEntry(anchored, stored).then((resource) => toRow(anchored, position, stored.patientId, resource)))
      }
      const rows = (await Promise.all(jobs)).filter((r): r is RecordRow => r !== undefined)
      index.apply(rows, to - 1)
      added += rows.length
    }
    return added
  }

  private async decryptEntry (entry: RecordAnchored, binding: RecordBinding): Promise<FhirResource> {
    const envelope = await this.deps.bodies.get(CID.parse(entry.cid))
    const dek = this.deps.keys.unwrapDek(binding)
    try {
      const resource: unknown = JSON.parse(decoder.decode(openEnvelope(envelope, binding, dek, this.deps.aead)))
      assertResource(resource)
      return resource
    } finally {
      dek.fill(0)
    }
  }

  private async decrypt (row: RecordRow): Promise<FhirResource> {
    return this.decryptEntry(
      { type: 'RecordAnchored', recordId: row.recordId, version: row.version, cid: row.cid, actor: row.actor, time: row.anchoredAt },
      { recordId: row.recordId, version: row.version, patientId: row.patientId }
    )
  }

  /**
   * Destroys the sealers kept for a next batch (see BatchSealers), after any write in progress; the data
   * folder's close calls it.
   */
  async releaseSealers (): Promise<void> {
    await this.exclusive(async () => this.sealers.release())
  }

  private async exclusive<T> (work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => undefined)
    return run
  }
}

function toRow (entry: RecordAnchored, entryIndex: number, patientId: string, resource: FhirResource): RecordRow {
  const meta = resourceMetadata(resource)
  const row: RecordRow = {
    recordId: entry.recordId,
    version: entry.version,
    patientId,
    resourceType: meta.resourceType,
    cid: entry.cid,
    entryIndex,
    actor: entry.actor,
    anchoredAt: entry.time,
    codes: meta.codes
  }
  if (meta.effective !== undefined) row.effective = meta.effective
  return row
}

function latest (index: RecordIndex, recordId: string): { version: number, patientId: string } | undefined {
  const row = index.record(recordId)
  return row === undefined ? undefined : { version: row.version, patientId: row.patientId }
}

function assertPatient (patient: PatientKeyRef | undefined): void {
  if (typeof patient?.id !== 'string' || patient.id.length === 0 || !(patient.publicKey instanceof Uint8Array)) {
    throw makeError('a record needs a patient id and public key', 'BAD_INPUT')
  }
}
