import { secp256k1 } from '@noble/curves/secp256k1.js'
import { makeError } from '../errors.ts'
import type { RecordBinding } from '../types.ts'
import { aeadOpen, bodyAad, decryptFailed } from './aead.ts'
import type { Aead } from './aead-port.ts'
import { encodeBinding, encodeId } from './binding.ts'
import { assertBytes, wipe } from './bytes.ts'
import { agreeChecked, nobleEcdh } from './ecdh-port.ts'
import type { Ecdh } from './ecdh-port.ts'
import type { EnvelopeView } from './format.ts'
import { DEK_BYTES, readEnvelope } from './format.ts'
import { patientWrapKeyFromShared } from './patient-kdf.ts'

/**
 * Service path: decrypts an envelope with the record's DEK (unwrapped from the keystore).
 * The binding must be the one the record was sealed for; the envelope's own recordId and version are
 * authenticated, not trusted.
 * @throws MedledgerError ENVELOPE_MALFORMED when the bytes do not parse (info.field names the field);
 *   DECRYPT_FAILED for a wrong DEK, a wrong binding or any altered byte (one opaque error);
 *   BAD_INPUT when the DEK is not 32 bytes or the binding is invalid
 * @param aead XChaCha20-Poly1305 implementation (default: noble, pure JS)
 */
export function openEnvelope (envelope: Uint8Array, binding: RecordBinding, dek: Uint8Array, aead?: Aead): Uint8Array {
  const view = readEnvelope(envelope)
  const bindingBytes = encodeBinding(binding)
  assertBytes(dek, 'dek', DEK_BYTES)
  return openBody(view, bindingBytes, dek, aead)
}

/** What the patient path returns: the body and the binding it was authenticated under. */
export interface PatientOpened {
  plaintext: Uint8Array
  binding: RecordBinding
}

/**
 * Patient path: decrypts an envelope from its bytes, the patient's private key and the patient's own id
 * alone (one ECDH per call). The returned binding's recordId and version come from the envelope and are
 * authenticated by the successful decryption.
 * @param patientPrivateKey 32-byte secp256k1 secret key
 * @param ecdh who does the curve arithmetic (default: noble, pure JS)
 * @param aead XChaCha20-Poly1305 implementation (default: noble, pure JS)
 * @throws MedledgerError ENVELOPE_MALFORMED when the bytes do not parse; DECRYPT_FAILED for a wrong key,
 *   a wrong patientId or any altered byte (one opaque error); BAD_INPUT when the key is not a valid
 *   32-byte secret key or patientId is not a valid id
 */
export function openWithPatientKey (envelope: Uint8Array, patientPrivateKey: Uint8Array, patientId: string, ecdh: Ecdh = nobleEcdh, aead?: Aead): PatientOpened {
  const view = readEnvelope(envelope)
  encodeId(patientId, 'patientId')
  assertBytes(patientPrivateKey, 'patientPrivateKey', 32)
  if (!secp256k1.utils.isValidSecretKey(patientPrivateKey)) throw makeError('patientPrivateKey is not a valid secp256k1 secret key', 'BAD_INPUT', { field: 'patientPrivateKey' })

  const { recordId, version, ephemeralPublicKey, wrapNonce, wrappedDek } = view.envelope
  const binding: RecordBinding = { recordId, version, patientId }
  const bindingBytes = encodeBinding(binding)

  let sharedX: Uint8Array
  let patientPublicKey: Uint8Array
  try {
    ({ publicKey: patientPublicKey, sharedX } = agreeChecked(ecdh, patientPrivateKey, ephemeralPublicKey))
  } catch {
    // An x with no point on the curve: the header was altered. Report it like any other failure.
    throw decryptFailed()
  }
  let wrapKey: Uint8Array | undefined
  let dek: Uint8Array | undefined
  try {
    wrapKey = patientWrapKeyFromShared(sharedX, ephemeralPublicKey, patientPublicKey, bindingBytes)
    dek = aeadOpen(wrapKey, wrapNonce, bindingBytes, wrappedDek, aead)
    return { plaintext: openBody(view, bindingBytes, dek, aead), binding }
  } finally {
    wipe(sharedX, wrapKey, dek)
  }
}

function openBody (view: EnvelopeView, bindingBytes: Uint8Array, dek: Uint8Array, aead: Aead | undefined): Uint8Array {
  const { bodyNonce, ciphertext } = view.envelope
  return aeadOpen(dek, bodyNonce, bodyAad(bindingBytes, view.header), ciphertext, aead)
}
