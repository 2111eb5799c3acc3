import { toHex } from './hex.ts'
import type { Rng } from './types.ts'

/**
 * An RFC 9562 version 4 UUID from the injected Rng: record ids, grant and request ids, handles.
 * @throws whatever `rng.bytes` throws
 */
export function uuid (rng: Rng): string {
  const b = rng.bytes(16)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = toHex(b)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
