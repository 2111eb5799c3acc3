import { makeError } from '../errors.ts'
import type { RecordBinding } from '../types.ts'
import { assertU32, copyInto, utf8Encode, writeU32 } from './bytes.ts'

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
  const parts = bindingParts(binding)
  const out = new Uint8Array(parts.length)
  writeBinding(out, 0, parts)
  return out
}

/** A binding's checked fields and encoded length (internal: the seal path writes it into a larger buffer). */
export interface BindingParts { recordId: Uint8Array, version: number, patientId: Uint8Array, length: number }

/** The checks of {@link encodeBinding}, without the encoding. */
export function bindingParts (binding: RecordBinding): BindingParts {
  if (binding === null || typeof binding !== 'object') throw makeError('binding must be a RecordBinding', 'BAD_INPUT', { field: 'binding' })
  const recordId = encodeId(binding.recordId, 'recordId')
  assertU32(binding.version, 'version')
  const patientId = encodeId(binding.patientId, 'patientId')
  return { recordId, version: binding.version, patientId, length: 12 + recordId.length + patientId.length }
}

/** Writes the encoding of `parts` at out[at] (parts.length bytes). */
export function writeBinding (out: Uint8Array, at: number, { recordId, version, patientId }: BindingParts): void {
  writeU32(out, at, recordId.length)
  copyInto(out, recordId, at + 4)
  writeU32(out, at + 4 + recordId.length, version)
  writeU32(out, at + 8 + recordId.length, patientId.length)
  copyInto(out, patientId, at + 12 + recordId.length)
}

/** UTF-8 bytes of an id, checked: non-empty, well-formed, at most MAX_ID_BYTES. */
export function encodeId (value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw makeError(`${name} must be a non-empty string`, 'BAD_INPUT', { field: name })
  const bytes = utf8Encode(value, name)
  if (bytes.length > MAX_ID_BYTES) throw makeError(`${name} must be at most ${MAX_ID_BYTES} UTF-8 bytes`, 'BAD_INPUT', { field: name })
  return bytes
}
