import { join } from 'node:path'
import { LevelBlockstore } from 'blockstore-level'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 as mfSha256 } from 'multiformats/hashes/sha2'
import { canonicalBytes } from '../../src/core/canonical-json.ts'
import { createPatientSealer, sealRecord, wrapDekForService } from '../../src/core/envelope/index.ts'
import { nodeEcdh } from '../../src/adapters/node-crypto/index.ts'
import { openSodiumAead } from '../../src/adapters/sodium/index.ts'
import { systemRng } from '../../src/ports/clock.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'
import type { BenchResult } from './harness.ts'

const BATCH = 500

/** NDJSON lines of `n` Synthea resources (the sample, repeated with fresh ids). */
function lines (n: number): string[] {
  const sample = syntheaSample()
  return Array.from({ length: n }, (_, i) => JSON.stringify({ ...sample[i % sample.length]!, id: `bench-${i}` }))
}

/**
 * Resources per patient of the 12 Synthea transaction bundles in /work/shared/fixtures/fhir/bundles (one
 * patient per bundle, as Synthea writes them).
 */
const SYNTHEA_PATIENT_RUNS = [254, 238, 259, 284, 254, 264, 238, 245, 257, 257, 42, 42]

/**
 * The patient (an index) of each of `n` records.
 * - 'grouped': contiguous runs per patient with the bundle sizes above, as a Synthea import delivers them
 *   (a bundle is one patient; bulk NDJSON is grouped by patient within each type): a 500-record batch
 *   holds 2–5 patients, so it makes 2–5 sealers (ECDHs).
 * - 'round-robin': record i belongs to patient i mod 20, so every batch holds all 20 patients (20 ECDHs
 *   per batch): the worst case, reported on stderr only.
 */
function patientOrder (n: number, order: 'grouped' | 'round-robin'): number[] {
  if (order === 'round-robin') return Array.from({ length: n }, (_, i) => i % 20)
  const out: number[] = []
  for (let p = 0; out.length < n; p++) {
    const run = SYNTHEA_PATIENT_RUNS[p % SYNTHEA_PATIENT_RUNS.length]!
    for (let j = 0; j < run && out.length < n; j++) out.push(p)
  }
  return out
}

/** Per-batch patient counts of an order, for the stderr line ("min–max patients per batch"). */
function patientsPerBatch (owners: readonly number[]): string {
  const counts: number[] = []
  for (let lo = 0; lo < owners.length; lo += BATCH) counts.push(new Set(owners.slice(lo, lo + BATCH)).size)
  return `${Math.min(...counts)}–${Math.max(...counts)}`
}

/** Milliseconds of the whole spine write and of the envelope work alone, for one patient order. */
interface OrderTimes { spineMs: number, envelopeMs: number, plaintextMs: number }

/**
 * The spine write of `input` in batches of 500 into a fresh data folder, then the envelope work alone on the
 * same resources as the spine does it (same Ecdh and Aead as openDataDir wires): one sealer per patient per batch,
 * seal, service wrap. Parsing and canonical JSON are not encryption, so the plaintexts are made before the
 * envelope clock starts (they are in the spine's time, not in the envelope share).
 */
async function timeOrder (input: readonly string[], owners: readonly number[], patients: ReadonlyArray<ReturnType<typeof patientKeys>>, dir: string): Promise<OrderTimes> {
  const n = input.length
  const data = await openDataDir(dir)
  const t1 = performance.now()
  for (let lo = 0; lo < n; lo += BATCH) {
    const inputs = input.slice(lo, lo + BATCH).map((line, i) => ({ patient: patients[owners[lo + i]!]!, resource: JSON.parse(line) as unknown }))
    await data.spine.write(inputs, { actor: 'bench' })
  }
  await data.spine.flush()
  const spineMs = performance.now() - t1
  await data.close()

  const tp = performance.now()
  const plaintexts = input.map((line) => canonicalBytes(JSON.parse(line)))
  const plaintextMs = performance.now() - tp
  const kek = { version: 1, key: systemRng.bytes(32) }
  const aead = await openSodiumAead()
  const t2 = performance.now()
  for (let lo = 0; lo < n; lo += BATCH) {
    const sealers = new Map<number, ReturnType<typeof createPatientSealer>>()
    plaintexts.slice(lo, lo + BATCH).forEach((plaintext, i) => {
      const p = owners[lo + i]!
      let sealer = sealers.get(p)
      if (sealer === undefined) { sealer = createPatientSealer(patients[p]!.publicKey, systemRng, nodeEcdh); sealers.set(p, sealer) }
      const binding = { recordId: `r${lo + i}`, version: 1, patientId: patients[p]!.id }
      const { dek } = sealRecord({ plaintext, binding, sealer, rng: systemRng, aead })
      wrapDekForService(dek, binding, kek, systemRng, aead)
      dek.fill(0)
    })
    for (const s of sealers.values()) s.destroy()
  }
  const envelopeMs = performance.now() - t2
  return { spineMs, envelopeMs, plaintextMs }
}

/**
 * import.throughput and envelope.share: Synthea resources written through the whole spine (parse, encrypt,
 * IPFS put, keystore, ledger append with fsync, index) vs plain parse + raw level put of the same JSON, in
 * the order a Synthea import delivers them (patient-grouped). The round-robin worst case (20 patients in
 * every batch) is measured too and printed on stderr, not scored.
 */
export async function spineWrite (): Promise<BenchResult[]> {
  const n = 10_000
  const input = lines(n)
  const grouped = patientOrder(n, 'grouped')
  const roundRobin = patientOrder(n, 'round-robin')
  const patients = Array.from({ length: Math.max(...grouped, ...roundRobin) + 1 }, (_, i) => patientKeys(`bench-${i}`))
  const tmp = tempDir('medledger-bench-')
  try {
    // baseline: parse + raw level put of the same JSON bytes
    const level = new LevelBlockstore(join(tmp.dir, 'level'))
    await level.open()
    const t0 = performance.now()
    for (let lo = 0; lo < n; lo += BATCH) {
      const pairs = await Promise.all(input.slice(lo, lo + BATCH).map(async (line) => {
        JSON.parse(line)
        const bytes = new TextEncoder().encode(line)
        return { cid: CID.createV1(raw.code, await mfSha256.digest(bytes)), bytes }
      }))
      for await (const _ of level.putMany(pairs)) { /* consume */ }
    }
    const baselineMs = performance.now() - t0
    await level.close()

    const g = await timeOrder(input, grouped, patients, join(tmp.dir, 'grouped'))
    const rr = await timeOrder(input, roundRobin, patients, join(tmp.dir, 'round-robin'))

    const baseline = n / (baselineMs / 1000)
    const value = n / (g.spineMs / 1000)
    const ratio = value / baseline
    const share = g.envelopeMs / g.spineMs
    const rrValue = n / (rr.spineMs / 1000)
    const pct = (x: number): string => (100 * x).toFixed(1)
    process.stderr.write(
      `import.throughput: patient-grouped order (${patientsPerBatch(grouped)} patients per ${BATCH}-record batch)\n` +
      `envelope.share: parse + canonical JSON (not counted as envelope) took ${pct(g.plaintextMs / g.spineMs)} % of import time\n` +
      `informational, not a target: round-robin worst case (${patientsPerBatch(roundRobin)} patients per batch): ` +
      `${Math.round(rrValue)} resources/s, ratio ${(rrValue / baseline).toFixed(3)}, envelope share ${pct(rr.envelopeMs / rr.spineMs)} %\n`)
    return [
      { name: 'import.throughput', value, unit: 'resources/s', baseline, ratio, target: 'ratio >= 0.3 and >= 2000/s', met: ratio >= 0.3 && value >= 2000 },
      { name: 'envelope.share', value: share * 100, unit: '% of import time', baseline: g.spineMs, ratio: share, target: '<= 10 %', met: share <= 0.1 }
    ]
  } finally {
    tmp.cleanup()
  }
}
