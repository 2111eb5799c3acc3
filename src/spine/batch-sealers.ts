import { createPatientSealerAsync } from '../core/envelope/index.ts'
import type { Ecdh, PatientSealer } from '../core/envelope/index.ts'
import { makeError } from '../core/errors.ts'
import type { Clock, Rng } from '../core/types.ts'

/** A patient as a batch names them: id and secp256k1 public key (33 or 65 bytes). */
export interface SealerPatient { id: string, publicKey: Uint8Array }

/** A sealer serves at most this many records, for at most this long (ms), and only consecutive batches. */
export const SEALER_MAX_RECORDS = 5000
export const SEALER_MAX_AGE_MS = 60_000

interface Carried { sealer: PatientSealer, key: string, since: number, records: number }

/**
 * The sealers of a writer's batches, one ECDH per patient per batch — except that a patient whose records
 * continue into the next batch (an import delivers a patient's records as a run that crosses batch
 * boundaries) keeps the previous batch's sealer instead of a new ECDH, if the public key is the same and the
 * sealer has served fewer than SEALER_MAX_RECORDS records within SEALER_MAX_AGE_MS. Envelopes sealed by one
 * sealer share its ephemeral public key, so they can be told to belong to one patient: the bound keeps that
 * to one run of consecutive records. Sealers not carried on are destroyed when the next batch starts, after
 * SEALER_MAX_AGE_MS without a batch, or on release().
 *
 * One batch at a time (the spine serializes its writes).
 */
export class BatchSealers {
  private readonly clock: Clock
  private readonly rng: Rng
  private readonly ecdh: Ecdh | undefined
  private carried = new Map<string, Carried>()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor (clock: Clock, rng: Rng, ecdh?: Ecdh) {
    this.clock = clock
    this.rng = rng
    this.ecdh = ecdh
  }

  /**
   * Starts the sealers of a batch (with a thread-pool Ecdh they run while the caller does other work) and
   * returns the batch's handle. Exactly one of `done` / `failed` must follow.
   * @throws MedledgerError BAD_INPUT (nothing started, nothing kept dropped) when one patient id comes with two
   *   different public keys
   */
  start (patients: readonly SealerPatient[]): SealerBatch {
    const now = this.clock.now()
    const counts = new Map<string, number>()
    const keys = new Map<string, { bytes: Uint8Array, hex: string }>()
    for (const p of patients) {
      const known = keys.get(p.id)
      if (known === undefined) keys.set(p.id, { bytes: p.publicKey, hex: hex(p.publicKey) })
      // one sealer per patient: records of one id under two keys would all be sealed to the first key (the same
      // array, as importers pass it, needs no comparison)
      else if (known.bytes !== p.publicKey && hex(p.publicKey) !== known.hex) throw makeError('a batch names one patient with two public keys', 'BAD_INPUT', { patientId: p.id })
      counts.set(p.id, (counts.get(p.id) ?? 0) + 1)
    }
    const carried = this.take()
    const batch = new Map<string, { sealer: Promise<PatientSealer>, carry: Omit<Carried, 'sealer'> }>()
    for (const p of patients) {
      if (batch.has(p.id)) continue
      const key = keys.get(p.id)!.hex
      const records = counts.get(p.id)!
      const prior = carried.get(p.id)
      if (prior !== undefined && prior.key === key && prior.records + records <= SEALER_MAX_RECORDS && now - prior.since <= SEALER_MAX_AGE_MS) {
        carried.delete(p.id)
        batch.set(p.id, { sealer: Promise.resolve(prior.sealer), carry: { key, since: prior.since, records: prior.records + records } })
        continue
      }
      const pending = createPatientSealerAsync(p.publicKey, this.rng, this.ecdh)
      pending.catch(() => {}) // observed by ready() / settle(); not an unhandled rejection meanwhile
      batch.set(p.id, { sealer: pending, carry: { key, since: now, records } })
    }
    for (const { sealer } of carried.values()) sealer.destroy() // patients absent from this batch

    const settle = async (keep: boolean): Promise<void> => {
      const next = new Map<string, Carried>()
      for (const [id, { sealer, carry }] of batch) {
        const settled = await sealer.then((value) => value, () => undefined)
        if (settled === undefined) continue
        if (keep) next.set(id, { ...carry, sealer: settled })
        else settled.destroy()
      }
      this.keep(next)
    }
    return {
      ready: async () => {
        const out = new Map<string, PatientSealer>()
        for (const [id, { sealer }] of batch) out.set(id, await sealer)
        return out
      },
      done: async () => settle(true),
      failed: async () => settle(false)
    }
  }

  /** Destroys every sealer kept for a next batch. */
  release (): void {
    for (const { sealer } of this.take().values()) sealer.destroy()
  }

  private take (): Map<string, Carried> {
    const carried = this.carried
    this.carried = new Map()
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    return carried
  }

  private keep (next: Map<string, Carried>): void {
    this.release()
    if (next.size === 0) return
    this.carried = next
    this.timer = setTimeout(() => this.release(), SEALER_MAX_AGE_MS)
    this.timer.unref()
  }
}

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** One batch's sealers. */
export interface SealerBatch {
  /** The sealers by patient id, once all are made. @throws (rejects with) the first failure (BAD_INPUT for a bad key) */
  ready(): Promise<Map<string, PatientSealer>>
  /** Every record was sealed: the sealers may serve the next batch. */
  done(): Promise<void>
  /** Something failed: every sealer is destroyed, also those still pending. */
  failed(): Promise<void>
}
