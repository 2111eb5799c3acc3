import { makeError } from '../errors.ts'
import type { RecordBinding } from '../types.ts'
import { assertU32, utf8Encode, writeU32 } from './bytes.ts'

/** Longest recordId / patientId accepted, in UTF-8 bytes. */
export const MAX_ID_BYTES = 1024

/**
 * Canonical bytes of a record binding, used in every AAD and KDF info of this module:
 *
 *     u32be len(recordId) || UTF-8 recordId || u32be version || u32be len(patientId) || UTF-8 patientId
 *
 * Length prefixes make the encoding injective: ('ab', 'c') and ('a', 'bc') never share bytes.
 * Strings are taken as given (no Unicode normalisation): the same id must always be spelled the same.
 * @throws MedledgerError BAD_INPUT unless recordId and patientId are non-empty well-formed strings of at
 *   most {@link MAX_ID_BYTES} UTF-8 bytes and version is an integer from 0 to 2^32 - 1
 */
export function encodeBinding (binding: RecordBinding): Uint8Array {
  if (binding === null || typeof binding !== 'object') throw makeError('binding must be a RecordBinding', 'BAD_INPUT', { field: 'binding' })
  const recordId = encodeId(binding.recordId, 'recordId')
  assertU32(binding.version, 'version')
  const patientId = encodeId(binding.patientId, 'patientId')
  // one allocation: this runs twice per record written (body AAD and service wrap)
  const out = new Uint8Array(12 + recordId.length + patientId.length)
  writeU32(out, 0, recordId.length)
  out.set(recordId, 4)
  writeU32(out, 4 + recordId.length, binding.version)
  writeU32(out, 8 + recordId.length, patientId.length)
  out.set(patientId, 12 + recordId.length)
  return out
}

/** UTF-8 bytes of an id, checked: non-empty, well-formed, at most MAX_ID_BYTES. */
export function encodeId (value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw makeError(`${name} must be a non-empty string`, 'BAD_INPUT', { field: name })
  const bytes = utf8Encode(value, name)
  if (bytes.length > MAX_ID_BYTES) throw makeError(`${name} must be at most ${MAX_ID_BYTES} UTF-8 bytes`, 'BAD_INPUT', { field: name })
  return bytes
}
