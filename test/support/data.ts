import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { FhirResource } from '../../src/core/fhir/metadata.ts'
import type { Rng } from '../../src/core/types.ts'

const here = import.meta.dirname

/** The Synthea sample (see test/fixtures/README.md), one resource per line. */
export function syntheaSample (): FhirResource[] {
  return readFileSync(join(here, '../fixtures/synthea/bob965-sample.ndjson'), 'utf8')
    .split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as FhirResource)
}

/** A fresh temp folder and its removal. */
export function tempDir (prefix = 'medledger-'): { dir: string, cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A deterministic patient key pair from a label, so child processes and tests agree on it. */
export function patientKeys (label: string): { id: string, privateKey: Uint8Array, publicKey: Uint8Array } {
  const privateKey = sha256(new TextEncoder().encode(`medledger test patient ${label}`))
  return { id: `patient-${label}`, privateKey, publicKey: secp256k1.getPublicKey(privateKey, true) }
}

/** A repeatable Rng (SHA-256 in counter mode) for tests that compare runs. */
export function seededRng (seed: string): Rng {
  let counter = 0
  const enc = new TextEncoder()
  return {
    bytes (n: number): Uint8Array {
      const out = new Uint8Array(n)
      for (let at = 0; at < n; at += 32) out.set(sha256(enc.encode(`${seed}:${counter++}`)).subarray(0, Math.min(32, n - at)), at)
      return out
    }
  }
}

/** Runs the CLI in a child process with the same Node, returning exit code and output. */
export { runCli, runCliAsync } from './cli.ts'
