import { join } from 'node:path'
import { LevelBlockstore } from 'blockstore-level'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 as mfSha256 } from 'multiformats/hashes/sha2'
import { canonicalBytes } from '../../src/core/canonical-json.ts'
import { createPatientSealer, sealRecord, wrapDekForService } from '../../src/core/envelope/index.ts'
import { nodeEcdh } from '../../src/adapters/node-crypto/index.ts'
import { systemRng } from '../../src/ports/clock.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import { patientKeys, syntheaSample, tempDir } from '../support/data.ts'
import type { BenchResult } from './harness.ts'

const BATCH = 500

/** NDJSON lines of `n` Synthea resources for `patients` patients (the sample, repeated with fresh ids). */
function lines (n: number): string[] {
  const sample = syntheaSample()
  return Array.from({ length: n }, (_, i) => JSON.stringify({ ...sample[i % sample.length]!, id: `bench-${i}` }))
}

/**
 * import.throughput and envelope.share: Synthea resources written through the whole spine (parse, encrypt,
 * IPFS put, keystore, ledger append with fsync, index) vs plain parse + raw level put of the same JSON.
 */
export async function spineWrite (): Promise<BenchResult[]> {
  const n = 10_000
  const input = lines(n)
  const patients = Array.from({ length: 20 }, (_, i) => patientKeys(`bench-${i}`))
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

    const data = await openDataDir(join(tmp.dir, 'data'))
    const t1 = performance.now()
    for (let lo = 0; lo < n; lo += BATCH) {
      const inputs = input.slice(lo, lo + BATCH).map((line, i) => ({ patient: patients[(lo + i) % patients.length]!, resource: JSON.parse(line) as unknown }))
      await data.spine.write(inputs, { actor: 'bench' })
    }
    await data.spine.flush()
    const spineMs = performance.now() - t1
    await data.close()

    // the envelope work alone on the same resources, as the spine does it (same Ecdh as openDataDir wires):
    // one sealer per patient per batch, seal, service wrap. Parsing and canonical JSON are not encryption,
    // so the plaintexts are made before the clock starts (they are in the spine's time, not in this share).
    const tp = performance.now()
    const plaintexts = input.map((line) => canonicalBytes(JSON.parse(line)))
    const plaintextMs = performance.now() - tp
    const kek = { version: 1, key: systemRng.bytes(32) }
    const t2 = performance.now()
    for (let lo = 0; lo < n; lo += BATCH) {
      const sealers = new Map<number, ReturnType<typeof createPatientSealer>>()
      plaintexts.slice(lo, lo + BATCH).forEach((plaintext, i) => {
        const p = (lo + i) % patients.length
        let sealer = sealers.get(p)
        if (sealer === undefined) { sealer = createPatientSealer(patients[p]!.publicKey, systemRng, nodeEcdh); sealers.set(p, sealer) }
        const binding = { recordId: `r${lo + i}`, version: 1, patientId: patients[p]!.id }
        const { dek } = sealRecord({ plaintext, binding, sealer, rng: systemRng })
        wrapDekForService(dek, binding, kek, systemRng)
        dek.fill(0)
      })
      for (const s of sealers.values()) s.destroy()
    }
    const envelopeMs = performance.now() - t2

    const value = n / (spineMs / 1000)
    const baseline = n / (baselineMs / 1000)
    const ratio = value / baseline
    const share = envelopeMs / spineMs
    process.stderr.write(`envelope.share: parse + canonical JSON (not counted as envelope) took ${(100 * plaintextMs / spineMs).toFixed(1)} % of import time\n`)
    return [
      { name: 'import.throughput', value, unit: 'resources/s', baseline, ratio, target: 'ratio >= 0.3 and >= 2000/s', met: ratio >= 0.3 && value >= 2000 },
      { name: 'envelope.share', value: share * 100, unit: '% of import time', baseline: spineMs, ratio: share, target: '<= 10 %', met: share <= 0.1 }
    ]
  } finally {
    tmp.cleanup()
  }
}
