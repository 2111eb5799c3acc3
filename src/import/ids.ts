import { createHash } from 'node:crypto'

/**
 * Deterministic medledger ids of imported resources: an RFC 9562 version 8 UUID from SHA-256 of
 * (hospital, resourceType, source id). The same source resource always lands on the same record, so a
 * re-import finds it, a resumed import writes what a clean one would, and references rewrite without state.
 */
export function importedRecordId (hospital: string, resourceType: string, sourceId: string): string {
  const h = createHash('sha256').update(`medledger-import\0${hospital}\0${resourceType}\0${sourceId}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x80
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

/** SHA-256 (hex) of canonical JSON text: the per-resource content hash of the import state. */
export function contentHash (canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex')
}
