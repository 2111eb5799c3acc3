/**
 * The research pseudonym of a person: 128 random bits from the injected Rng, never derived from any
 * identifier (Safe Harbor's re-identification code, 45 CFR 164.514(c): not derived from information about
 * the individual, the mapping kept apart and never disclosed).
 */
import type { Rng } from '../types.ts'

const HEX = '0123456789abcdef'

/** A fresh pseudonym `r-` + 32 hex digits. @throws RangeError when the Rng returns fewer than 16 bytes */
export function newPseudonym (rng: Rng): string {
  const bytes = rng.bytes(16)
  if (bytes.length < 16) throw new RangeError('the Rng returned too few bytes')
  let out = 'r-'
  for (const b of bytes.subarray(0, 16)) out += HEX[b >> 4]! + HEX[b & 15]!
  return out
}
