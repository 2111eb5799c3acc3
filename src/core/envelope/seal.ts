import { makeError } from '../errors.ts'
import type { RecordBinding, Rng } from '../types.ts'
import { aeadSeal, BODY_AAD_LABEL } from './aead.ts'
import type { Aead } from './aead-port.ts'
import { encodeBinding } from './binding.ts'
import { assertBytes, copyInto, randomBytes, readU32, U32_MAX, wipe, writeU32 } from './bytes.ts'
import { DEK_BYTES, headerLength, NONCE_BYTES, TAG_BYTES, writeEnvelopeHeader } from './format.ts'
import type { PatientSealer } from './sealer.ts'
import { wrapDekForPatient } from './sealer.ts'

/** What {@link sealRecord} needs. */
export interface SealRecordInput {
  /** The record body (canonical JSON bytes, a document…). */
  plaintext: Uint8Array
  /** The record version the envelope is bound to. Its patientId MUST be the sealer's patient. */
  binding: RecordBinding
  /** The batch's sealer for this binding's patient (see createPatientSealer). */
  sealer: PatientSealer
  /** Source of the DEK and the two nonces. */
  rng: Rng
  /** XChaCha20-Poly1305 implementation (default: noble, pure JS; the spine passes libsodium's). */
  aead?: Aead
}

/** The envelope bytes (for the BodyStore) and the record's DEK (for the keystore). */
export interface SealedRecord {
  envelope: Uint8Array
  /**
   * The fresh 256-bit DEK. The caller wraps it for the service (wrapDekForService) and then wipes
   * it with `dek.fill(0)`.
   */
  dek: Uint8Array
}

/**
 * Encrypts one record version: a fresh DEK and nonces from `rng`, the body under XChaCha20-Poly1305
 * (AAD binds recordId, version, patientId and the whole envelope header), and the patient's copy of
 * the DEK wrapped by `sealer`. Layout: see format.ts.
 *
 * The caller must pass the sealer made for `binding.patientId`'s public key: the sealer knows the key,
 * not the id, so a mismatch is not detected here and yields an envelope that patient cannot open.
 * @throws MedledgerError BAD_INPUT when plaintext is not a Uint8Array (or exceeds 2^32 - 17 bytes),
 *   the binding is invalid (see encodeBinding), the sealer is foreign or destroyed, or `rng` misbehaves
 */
export function sealRecord ({ plaintext, binding, sealer, rng, aead }: SealRecordInput): SealedRecord {
  assertBytes(plaintext, 'plaintext')
  if (plaintext.length > U32_MAX - TAG_BYTES) throw makeError('plaintext is too large for one envelope', 'BAD_INPUT', { field: 'plaintext' })
  const bindingBytes = encodeBinding(binding)
  // One draw for the DEK and both nonces (each rng call costs a few µs; a stream rng gives the same bytes).
  const fresh = randomBytes(rng, DEK_BYTES + 2 * NONCE_BYTES)
  const dek = fresh.slice(0, DEK_BYTES)
  fresh.fill(0, 0, DEK_BYTES)
  try {
    const wrapNonce = fresh.subarray(DEK_BYTES, DEK_BYTES + NONCE_BYTES)
    const bodyNonce = fresh.subarray(DEK_BYTES + NONCE_BYTES)
    const { ephemeralPublicKey, wrappedDek } = wrapDekForPatient(sealer, dek, bindingBytes, wrapNonce, aead)
    // The body AAD (label || binding || header) with the header written in place: the encoded binding
    // starts with u32 len(recordId) || recordId, the header's own recordId field.
    const recordId = bindingBytes.subarray(4, 4 + readU32(bindingBytes, 0))
    const headerAt = BODY_AAD_LABEL.length + bindingBytes.length
    const header = headerLength(recordId.length)
    const aad = new Uint8Array(headerAt + header)
    copyInto(aad, BODY_AAD_LABEL, 0)
    copyInto(aad, bindingBytes, BODY_AAD_LABEL.length)
    writeEnvelopeHeader(aad, headerAt, recordId, { version: binding.version, ephemeralPublicKey, wrapNonce, wrappedDek, bodyNonce })
    const ciphertext = aeadSeal(dek, bodyNonce, aad, plaintext, aead)
    // header || lengthPrefixed(ciphertext), in one allocation
    const envelope = new Uint8Array(header + 4 + ciphertext.length)
    envelope.set(aad.subarray(headerAt))
    writeU32(envelope, header, ciphertext.length)
    envelope.set(ciphertext, header + 4)
    return { envelope, dek }
  } catch (err) {
    wipe(dek)
    throw err
  }
}
