import { makeError } from '../errors.ts'
import type { RecordBinding, Rng } from '../types.ts'
import { aeadSealInto, bodyAadFrame } from './aead.ts'
import type { Aead } from './aead-port.ts'
import { bindingParts } from './binding.ts'
import { assertBytes, randomBytes, U32_MAX, wipe, writeU32 } from './bytes.ts'
import type { Scratch } from './bytes.ts'
import { DEK_BYTES, headerLength, NONCE_BYTES, TAG_BYTES, writeEnvelopeHeader } from './format.ts'
import type { PatientSealer } from './sealer.ts'
import { wrapDekForPatient } from './sealer.ts'

/** The body AAD of the record being sealed (not secret; see scratch). */
const bodyAadScratch: Scratch = { buffer: new Uint8Array(1024) }

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
  const parts = bindingParts(binding)
  // The DEK, then both nonces in one draw (a stream rng gives the bytes of one 80-byte draw; two draws of
  // at most 64 bytes stay on V8's heap, an 80-byte array would not)
  const dek = randomBytes(rng, DEK_BYTES)
  try {
    const fresh = randomBytes(rng, 2 * NONCE_BYTES)
    const wrapNonce = fresh.subarray(0, NONCE_BYTES)
    const bodyNonce = fresh.subarray(NONCE_BYTES)
    // The body AAD is label || binding || header: built in a reused buffer, the binding first (the patient
    // wrap's AAD and KDF info), then the header once the wrapped DEK is known.
    const header = headerLength(parts.recordId.length)
    const { aad, binding: bindingBytes, headerAt } = bodyAadFrame(parts, header, bodyAadScratch)
    const { ephemeralPublicKey, wrappedDek } = wrapDekForPatient(sealer, dek, bindingBytes, wrapNonce, aead)
    writeEnvelopeHeader(aad, headerAt, parts.recordId, { version: binding.version, ephemeralPublicKey, wrapNonce, wrappedDek, bodyNonce })
    // header || u32 len(ciphertext) || ciphertext, in one allocation, the ciphertext sealed in place
    const envelope = new Uint8Array(header + 4 + plaintext.length + TAG_BYTES)
    envelope.set(aad.subarray(headerAt))
    writeU32(envelope, header, plaintext.length + TAG_BYTES)
    aeadSealInto(envelope, header + 4, dek, bodyNonce, aad, plaintext, aead)
    return { envelope, dek }
  } catch (err) {
    wipe(dek)
    throw err
  }
}
