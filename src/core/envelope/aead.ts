import { makeError } from '../errors.ts'
import type { MedledgerError } from '../errors.ts'
import { nobleAead } from './aead-port.ts'
import type { Aead } from './aead-port.ts'
import { writeBinding } from './binding.ts'
import type { BindingParts } from './binding.ts'
import { concat, copyInto, scratch, writeU32 } from './bytes.ts'
import type { Scratch } from './bytes.ts'

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

/**
 * The body AAD of {@link bodyAad} for the seal path, in the reused `into` (see scratch): label and binding
 * written, the header's `headerLength` bytes left for the caller to write in place at `headerAt` once the
 * wrapped DEK is known. `binding` is the encoded binding inside it (the patient wrap's AAD and KDF info).
 */
export function bodyAadFrame (parts: BindingParts, headerLength: number, into: Scratch): { aad: Uint8Array, binding: Uint8Array, headerAt: number } {
  const headerAt = BODY_AAD_LABEL.length + parts.length
  const aad = scratch(into, headerAt + headerLength)
  copyInto(aad, BODY_AAD_LABEL, 0)
  writeBinding(aad, BODY_AAD_LABEL.length, parts)
  return { aad, binding: aad.subarray(BODY_AAD_LABEL.length, headerAt), headerAt }
}

/**
 * Service wrap AAD = SERVICE_WRAP_LABEL || binding || u32be kekVersion, in `into` when given (reused, see
 * scratch: the wrap path) or a new array (the unwrap path).
 */
export function serviceWrapAad (parts: BindingParts, kekVersion: number, into?: Scratch): Uint8Array {
  const size = SERVICE_WRAP_LABEL.length + parts.length + 4
  const out = into === undefined ? new Uint8Array(size) : scratch(into, size)
  copyInto(out, SERVICE_WRAP_LABEL, 0)
  writeBinding(out, SERVICE_WRAP_LABEL.length, parts)
  writeU32(out, size - 4, kekVersion)
  return out
}

/** HKDF info of the patient's wrap key = PATIENT_WRAP_LABEL || binding. */
export function patientWrapInfo (binding: Uint8Array): Uint8Array {
  return concat(PATIENT_WRAP_LABEL, binding)
}

/** Poly1305 tag length. */
const TAG = 16

/**
 * Encrypts with `aead` (default noble); key 32 bytes, nonce 24 bytes (checked by the callers).
 * @throws Error when the implementation throws or returns anything but plaintext length + 16 bytes
 *   (an adapter returning the wrong shape must not produce envelopes)
 */
export function aeadSeal (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, aead: Aead = nobleAead): Uint8Array {
  const sealed = aead.seal(key, nonce, aad, plaintext)
  if (!(sealed instanceof Uint8Array) || sealed.length !== plaintext.length + TAG) throw new Error('aead.seal returned a malformed result')
  return sealed
}

/**
 * aeadSeal into out[at ..] (through the adapter's sealInto when it has one).
 * @throws Error when `out` has no room for plaintext + 16 bytes at `at`, or as aeadSeal
 */
export function aeadSealInto (out: Uint8Array, at: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, aead: Aead = nobleAead): void {
  if (!Number.isInteger(at) || at < 0 || out.length - at < plaintext.length + TAG) throw new Error('no room for the sealed bytes')
  if (typeof aead.sealInto === 'function') aead.sealInto(out, at, key, nonce, aad, plaintext)
  else out.set(aeadSeal(key, nonce, aad, plaintext, aead), at)
}

/**
 * Decrypts with `aead` (default noble), or throws one opaque error. Implementations check the tag in
 * constant time and release no plaintext when it fails.
 * @throws MedledgerError DECRYPT_FAILED on any failure, with no detail of which part failed
 */
export function aeadOpen (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, aead: Aead = nobleAead): Uint8Array {
  let plaintext: Uint8Array
  try {
    plaintext = aead.open(key, nonce, aad, ciphertext)
  } catch {
    throw decryptFailed()
  }
  if (!(plaintext instanceof Uint8Array) || plaintext.length !== ciphertext.length - TAG) {
    if (plaintext instanceof Uint8Array) plaintext.fill(0)
    throw decryptFailed()
  }
  return plaintext
}

/** The one error every failed decryption reports. */
export function decryptFailed (): MedledgerError {
  return makeError('decryption failed', 'DECRYPT_FAILED')
}
