import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { Rng } from '../types.ts'

/**
 * Test support for the envelope suites (not re-exported from index.ts; never use in production).
 */

/** Deterministic Rng: the stream sha256(seed || u64be 0) || sha256(seed || u64be 1) || … */
export function seededRng (seed: string): Rng {
  const prefix = new TextEncoder().encode(seed)
  let counter = 0
  let pool = new Uint8Array(0)
  return {
    bytes (n: number): Uint8Array {
      while (pool.length < n) {
        const input = new Uint8Array(prefix.length + 8)
        input.set(prefix)
        new DataView(input.buffer).setBigUint64(prefix.length, BigInt(counter++))
        const next = new Uint8Array(pool.length + 32)
        next.set(pool)
        next.set(sha256(input), pool.length)
        pool = next
      }
      const out = pool.slice(0, n)
      pool = pool.slice(n)
      return out
    }
  }
}

/** A secp256k1 key pair drawn from `rng`. */
export function patientKeys (rng: Rng): { secretKey: Uint8Array, publicKey: Uint8Array } {
  const secretKey = secp256k1.utils.randomSecretKey(rng.bytes(48))
  return { secretKey, publicKey: secp256k1.getPublicKey(secretKey, true) }
}

/** Runs `fn` and returns the MedledgerError code it throws, or 'NO_THROW' when it returns. */
export function codeOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code ?? `UNCODED ${String(err)}`
  }
  return 'NO_THROW'
}
