import type { Rng } from '../../core/types.ts'

/**
 * A random (version 4) UUID from `rng`: 122 random bits, RFC 9562 §5.4 layout. Used for account, patient
 * (the unique person ID), organization, practitioner and API key ids.
 */
export function randomUuid (rng: Rng): string {
  const b = rng.bytes(16)
  if (b.length !== 16) throw new RangeError('rng must return 16 bytes')
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = Buffer.from(b).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** `ms` since the Unix epoch as ISO 8601 in UTC (the DateTime scalar). */
export function isoTime (ms: number): string {
  return new Date(ms).toISOString()
}
