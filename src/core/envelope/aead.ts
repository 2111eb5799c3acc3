import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { makeError } from '../errors.ts'
import type { MedledgerError } from '../errors.ts'
import { concat, u32Bytes } from './bytes.ts'

/**
 * XChaCha20-Poly1305 with one opaque failure, and the AAD / KDF-info layouts of this module (internal).
 * Each layout starts with a fixed ASCII label naming its purpose (domain separation), followed by
 * self-delimiting encodings, so no two purposes or inputs share bytes.
 */

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

/** HKDF info prefix of the patient's wrap key. */
export const PATIENT_WRAP_LABEL = ascii('medledger/envelope/v1/patient-wrap')
/** AAD prefix of the body ciphertext. */
export const BODY_AAD_LABEL = ascii('medledger/envelope/v1/body')
/** AAD prefix of the service's DEK wrap. */
export const SERVICE_WRAP_LABEL = ascii('medledger/envelope/v1/service-wrap')

/** Body AAD = BODY_AAD_LABEL || binding || header (every envelope byte before the ciphertext field). */
export function bodyAad (binding: Uint8Array, header: Uint8Array): Uint8Array {
  return concat(BODY_AAD_LABEL, binding, header)
}

/** Service wrap AAD = SERVICE_WRAP_LABEL || binding || u32be kekVersion. */
export function serviceWrapAad (binding: Uint8Array, kekVersion: number): Uint8Array {
  return concat(SERVICE_WRAP_LABEL, binding, u32Bytes(kekVersion))
}

/** HKDF info of the patient's wrap key = PATIENT_WRAP_LABEL || binding. */
export function patientWrapInfo (binding: Uint8Array): Uint8Array {
  return concat(PATIENT_WRAP_LABEL, binding)
}

/** Encrypts; key 32 bytes, nonce 24 bytes (checked by the callers). */
export function aeadSeal (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
}

/**
 * Decrypts, or throws one opaque error. Noble checks the tag in constant time and releases no
 * plaintext when it fails.
 * @throws MedledgerError DECRYPT_FAILED on any failure, with no detail of which part failed
 */
export function aeadOpen (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext)
  } catch {
    throw decryptFailed()
  }
}

/** The one error every failed decryption reports. */
export function decryptFailed (): MedledgerError {
  return makeError('decryption failed', 'DECRYPT_FAILED')
}
