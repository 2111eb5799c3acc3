import { randomFillSync } from 'node:crypto'
import type { Clock, Rng } from '../core/types.ts'

export type { Clock, Rng }

export const systemClock: Clock = { now: () => Date.now() }

/** Draws up to this size come from the pool; larger ones go straight to the CSPRNG. */
const POOLED_MAX = 1024
const pool = new Uint8Array(4096)
let at = pool.length

/**
 * Node's CSPRNG (OpenSSL RAND_bytes), drawn 4 KiB at a time: one `randomBytes` call costs ~5 µs whatever
 * its size, and the record spine draws three small values per record (id, DEK + nonces, service-wrap
 * nonce), ~16 µs per record unpooled, ~1.6 µs pooled. Each draw is a fresh copy, and its bytes are
 * zeroed in the pool as they are handed out, so no byte is given twice or left behind once used.
 */
export const systemRng: Rng = {
  bytes (n: number): Uint8Array {
    if (n > POOLED_MAX) return randomFillSync(new Uint8Array(n))
    if (at + n > pool.length) {
      randomFillSync(pool)
      at = 0
    }
    const out = pool.slice(at, at + n)
    pool.fill(0, at, at + n)
    at += n
    return out
  }
}
