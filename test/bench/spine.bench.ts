import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LevelBlockstore } from 'blockstore-level'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 as mfSha256 } from 'multiformats/hashes/sha2'
import { canonicalBytes } from '../../src/core/canonical-json.ts'
import { sealRecord, wrapDekForService } from '../../src/core/envelope/index.ts'
import { nodeEcdh } from '../../src/adapters/node-crypto/index.ts'
import { openSodiumAead } from '../../src/adapters/sodium/index.ts'
import { systemClock, systemRng } from '../../src/ports/clock.ts'
import { BatchSealers } from '../../src/spine/batch-sealers.ts'
import { discoverSources, importDeps, openImportStores, runImport } from '../../src/import/index.ts'
import { openCustodialPatients } from '../../src/subgraphs/identity/custodial.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'
import { size } from './harness.ts'
import type { BenchResult } from './harness.ts'

const BATCH = 500
/** The importer's batch (its default, passed explicitly so the envelope loop below batches the same way). */
const IMPORT_BATCH = 256

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
function patientsPerBatch (owners: readonly number[], batch: number): string {
  const counts: number[] = []
  for (let lo = 0; lo < owners.length; lo += batch) counts.push(new Set(owners.slice(lo, lo + batch)).size)
  return `${Math.min(...counts)}–${Math.max(...counts)}`
}

/** Milliseconds of the whole spine write and of the envelope work in it, for one patient order. */
interface OrderTimes { spineMs: number, envelopeMs: number, plaintextMs: number }

/**
 * The spine write of `input` in batches of 500 into a fresh data folder, then the envelope work on the same
 * resources (see envelopeMs).
 */
async function timeOrder (input: readonly string[], owners: readonly number[], patients: readonly PatientKeys[], dir: string): Promise<OrderTimes> {
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
  const { envelopeMs, plaintextMs } = await envelopeTime(input.map((line) => JSON.parse(line) as unknown), owners, patients, BATCH)
  return { spineMs, envelopeMs, plaintextMs }
}

type PatientKeys = ReturnType<typeof patientKeys>

/**
 * The time the envelope takes in a write, as the spine does it (same Ecdh and Aead as openDataDir wires,
 * the spine's BatchSealers, batches of `batch`): per batch, the sealers start on the thread pool (a patient
 * whose run continues from the previous batch keeps its sealer), the batch is canonicalized meanwhile, then
 * each record is sealed and its DEK wrapped for the service. envelopeMs is the wait for the sealers after
 * canonicalization (an ECDH that finished meanwhile costs nothing, one still running costs its wait) plus the
 * seal and wrap loop; canonical JSON is not encryption, so it is timed apart (plaintextMs).
 */
async function envelopeTime (resources: readonly unknown[], owners: readonly number[], patients: readonly PatientKeys[], batch: number): Promise<{ envelopeMs: number, plaintextMs: number }> {
  const kek = { version: 1, key: systemRng.bytes(32) }
  const aead = await openSodiumAead()
  const batches = new BatchSealers(systemClock, systemRng, nodeEcdh)
  let envelopeMs = 0
  let plaintextMs = 0
  for (let lo = 0; lo < resources.length; lo += batch) {
    const t0 = performance.now()
    const sealing = batches.start(owners.slice(lo, lo + batch).map((p) => patients[p]!))
    const t1 = performance.now()
    const plaintexts = resources.slice(lo, lo + batch).map((r) => canonicalBytes(r))
    const t2 = performance.now()
    const sealers = await sealing.ready()
    plaintexts.forEach((plaintext, i) => {
      const patient = patients[owners[lo + i]!]!
      const binding = { recordId: `r${lo + i}`, version: 1, patientId: patient.id }
      const { dek } = sealRecord({ plaintext, binding, sealer: sealers.get(patient.id)!, rng: systemRng, aead })
      wrapDekForService(dek, binding, kek, systemRng, aead)
      dek.fill(0)
    })
    await sealing.done()
    envelopeMs += (t1 - t0) + (performance.now() - t2)
    plaintextMs += t2 - t1
  }
  batches.release()
  return { envelopeMs, plaintextMs }
}

/**
 * NDJSON of the patient-grouped workload as a bulk export has it, for the importer: patient p is a copy of
 * the sample's Patient followed by SYNTHEA_PATIENT_RUNS[p mod 12] - 1 of the sample's other resources
 * (cycled; pass j of the cycle is copy j), every id and reference renamed so each copy belongs to patient p
 * and points at its own pass's copies. Returns the lines and the patient of each.
 */
function groupedImportLines (n: number): { lines: string[], owners: number[] } {
  const sample = syntheaSample()
  const patient = sample.find((r) => r.resourceType === 'Patient')!
  const others = sample.filter((r) => r !== patient).map((r) => JSON.stringify(r))
  const types = new Map(sample.map((r) => [r.id as string, r.resourceType]))
  const re = new RegExp(`(urn:uuid:)?(${[...types.keys()].join('|')})`, 'g')
  const rename = (line: string, p: number, j: number): string => line.replace(re, (_m, urn: string | undefined, id: string) => {
    const copy = id === patient.id ? `${id}-${p}` : `${id}-${p}-${j}`
    return urn === undefined ? copy : `${types.get(id)!}/${copy}`
  })
  const lines: string[] = []
  const owners: number[] = []
  for (let p = 0; lines.length < n; p++) {
    const run = SYNTHEA_PATIENT_RUNS[p % SYNTHEA_PATIENT_RUNS.length]!
    lines.push(rename(JSON.stringify(patient), p, 0))
    owners.push(p)
    for (let i = 0; i < run - 1 && lines.length < n; i++) {
      lines.push(rename(others[i % others.length]!, p, Math.floor(i / others.length)))
      owners.push(p)
    }
  }
  return { lines, owners }
}

/** The whole import (importer over an NDJSON file, default settings) of `lines`, in milliseconds, and its summary. */
async function importMs (lines: readonly string[], dir: string): Promise<{ ms: number, imported: number, rejected: number }> {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'bench.ndjson')
  writeFileSync(file, lines.join('\n') + '\n')
  const data = await openDataDir(join(dir, 'data'))
  const stores = openImportStores(join(dir, 'data'), { openPatients: openCustodialPatients })
  try {
    const t = performance.now()
    const job = await runImport(importDeps(data, stores), await discoverSources([file]), { hospital: 'bench', actor: 'hospital:bench', batchSize: IMPORT_BATCH })
    await data.spine.flush()
    return { ms: performance.now() - t, imported: job.imported, rejected: job.rejected }
  } finally {
    stores.close()
    await data.close()
  }
}

/**
 * import.throughput and envelope.share: Synthea resources written through the whole spine (parse, encrypt,
 * IPFS put, keystore, ledger append with fsync, index) vs plain parse + raw level put of the same JSON, in
 * the order a Synthea import delivers them (patient-grouped). envelope.share: the envelope work of a real
 * import (the importer over a bulk NDJSON file of the same workload: parse, validation, reference
 * resolution, custodial patient keys, job state, spine) as a share of that import's time; the share of the
 * spine write alone and the round-robin worst case (20 patients in every batch) are printed on stderr, not
 * scored.
 */
export async function spineWrite (): Promise<BenchResult[]> {
  const n = size(10_000, 1_000)
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

    // envelope.share: the envelope work of an import as a share of the whole import (the importer over
    // a bulk NDJSON file of the same patient-grouped workload, with its own batches)
    const imp = groupedImportLines(n)
    const job = await importMs(imp.lines, join(tmp.dir, 'import'))
    if (job.imported !== n) throw new Error(`the benchmark import imported ${job.imported} of ${n} resources (${job.rejected} rejected)`)
    // the envelope loop is short (~0.3 s) next to a GC of the heap the import left, so it runs three times
    // and the median counts
    const impResources = imp.lines.map((line) => JSON.parse(line) as unknown)
    const impRuns: number[] = []
    for (let run = 0; run < 3; run++) impRuns.push((await envelopeTime(impResources, imp.owners, patients, IMPORT_BATCH)).envelopeMs)
    const impEnvelopeMs = impRuns.sort((a, b) => a - b)[1]!

    const baseline = n / (baselineMs / 1000)
    const value = n / (g.spineMs / 1000)
    const ratio = value / baseline
    const share = impEnvelopeMs / job.ms
    const rrValue = n / (rr.spineMs / 1000)
    const pct = (x: number): string => (100 * x).toFixed(1)
    process.stderr.write(
      `import.throughput: patient-grouped order (${patientsPerBatch(grouped, BATCH)} patients per ${BATCH}-record batch)\n` +
      `envelope.share: the import ran at ${Math.round(n / (job.ms / 1000))} resources/s (${patientsPerBatch(imp.owners, IMPORT_BATCH)} patients per ${IMPORT_BATCH}-record batch), ` +
      `its envelope work took ${impEnvelopeMs.toFixed(0)} of ${job.ms.toFixed(0)} ms (median of ${impRuns.map((ms) => ms.toFixed(0)).join(', ')})\n` +
      `informational, not a target: the envelope as a share of the spine write alone (import.throughput's run, parse and ` +
      `canonical JSON included, ${pct(g.plaintextMs / g.spineMs)} % of it): ${pct(g.envelopeMs / g.spineMs)} %\n` +
      `informational, not a target: round-robin worst case (${patientsPerBatch(roundRobin, BATCH)} patients per batch): ` +
      `${Math.round(rrValue)} resources/s, ratio ${(rrValue / baseline).toFixed(3)}, envelope share of the spine write ${pct(rr.envelopeMs / rr.spineMs)} %\n`)
    return [
      { name: 'import.throughput', value, unit: 'resources/s', baseline, ratio, target: 'ratio >= 0.3 and >= 2000/s', met: ratio >= 0.3 && value >= 2000 },
      { name: 'envelope.share', value: share * 100, unit: '% of import time', baseline: job.ms, ratio: share, target: '<= 10 %', met: share <= 0.1 }
    ]
  } finally {
    tmp.cleanup()
  }
}
