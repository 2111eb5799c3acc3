import { makeError } from '../errors.ts'
import type { RecordBinding, Rng } from '../types.ts'
import { aeadOpen, aeadSealInto, decryptFailed, serviceWrapAad } from './aead.ts'
import type { Aead } from './aead-port.ts'
import { bindingParts } from './binding.ts'
import { assertBytes, assertU32, copyInto, randomBytes, wipe } from './bytes.ts'
import type { Scratch } from './bytes.ts'
import { DEK_BYTES, NONCE_BYTES, WRAPPED_DEK_BYTES } from './format.ts'

/**
 * The service's copy of a DEK. It lives in the keystore, never in an envelope: deleting it shreds the
 * record for everyone but the patient, and rotating the KEK rewraps it without touching body bytes or CIDs.
 */

/** The AAD of the wrap being made (not secret; see scratch). */
const serviceAadScratch: Scratch = { buffer: new Uint8Array(512) }

/** A versioned key-encryption key of the service. */
export interface Kek {
  /** KEK version, an integer from 0 to 2^32 - 1; bound into each wrap's AAD. */
  version: number
  /** 32-byte XChaCha20-Poly1305 key. */
  key: Uint8Array
}

/** A DEK wrapped under one KEK version. */
export interface WrappedDek {
  kekVersion: number
  /** wrapNonce (24 bytes) || XChaCha20-Poly1305 ciphertext of the DEK (32) || tag (16): 72 bytes. */
  wrapped: Uint8Array
}

/** Length of {@link WrappedDek.wrapped}. */
export const SERVICE_WRAPPED_BYTES = NONCE_BYTES + WRAPPED_DEK_BYTES

/**
 * Wraps a DEK under the service KEK: XChaCha20-Poly1305 with a random nonce and
 * AAD = SERVICE_WRAP_LABEL || binding encoding || u32be kekVersion.
 * @throws MedledgerError BAD_INPUT when the DEK or KEK key is not 32 bytes, the KEK version is not a
 *   u32, the binding is invalid or `rng` misbehaves
 * @param aead XChaCha20-Poly1305 implementation (default: noble, pure JS; the file keystore may pass libsodium's)
 */
export function wrapDekForService (dek: Uint8Array, binding: RecordBinding, kek: Kek, rng: Rng, aead?: Aead): WrappedDek {
  assertBytes(dek, 'dek', DEK_BYTES)
  const parts = bindingParts(binding)
  assertKek(kek, 'kek')
  const aad = serviceWrapAad(parts, kek.version, serviceAadScratch)
  const wrapped = new Uint8Array(SERVICE_WRAPPED_BYTES)
  const nonce = randomBytes(rng, NONCE_BYTES)
  copyInto(wrapped, nonce, 0)
  aeadSealInto(wrapped, NONCE_BYTES, kek.key, nonce, aad, dek, aead)
  return { kekVersion: kek.version, wrapped }
}

/**
 * Opens the service's copy of a DEK. The caller wipes the result after use.
 * @throws MedledgerError DECRYPT_FAILED for a wrong KEK (key or version), a wrong binding or an altered
 *   wrap (one opaque error); BAD_INPUT when `wrapped` is not a WrappedDek of 72 bytes, the KEK or the
 *   binding is invalid
 * @param aead XChaCha20-Poly1305 implementation (default: noble, pure JS)
 */
export function unwrapDekForService (wrapped: WrappedDek, binding: RecordBinding, kek: Kek, aead?: Aead): Uint8Array {
  assertWrapped(wrapped)
  const parts = bindingParts(binding)
  assertKek(kek, 'kek')
  if (wrapped.kekVersion !== kek.version) throw decryptFailed()
  const nonce = wrapped.wrapped.subarray(0, NONCE_BYTES)
  const sealed = wrapped.wrapped.subarray(NONCE_BYTES)
  return aeadOpen(kek.key, nonce, serviceWrapAad(parts, kek.version), sealed, aead)
}

/**
 * KEK rotation of one DEK: unwraps under `oldKek`, wraps under `newKek` with a fresh nonce, wipes the
 * DEK. The envelope is not involved, so its bytes and CID stay the same.
 * @throws MedledgerError as unwrapDekForService (DECRYPT_FAILED when `oldKek` does not open it) and
 *   wrapDekForService (BAD_INPUT)
 */
export function rewrapDek (wrapped: WrappedDek, binding: RecordBinding, oldKek: Kek, newKek: Kek, rng: Rng, aead?: Aead): WrappedDek {
  assertKek(newKek, 'newKek')
  const dek = unwrapDekForService(wrapped, binding, oldKek, aead)
  try {
    return wrapDekForService(dek, binding, newKek, rng, aead)
  } finally {
    wipe(dek)
  }
}

function assertKek (kek: Kek, name: string): void {
  if (kek === null || typeof kek !== 'object') throw makeError(`${name} must be a Kek`, 'BAD_INPUT', { field: name })
  assertU32(kek.version, `${name}.version`)
  assertBytes(kek.key, `${name}.key`, 32)
}

function assertWrapped (wrapped: WrappedDek): void {
  if (wrapped === null || typeof wrapped !== 'object') throw makeError('wrapped must be a WrappedDek', 'BAD_INPUT', { field: 'wrapped' })
  assertU32(wrapped.kekVersion, 'wrapped.kekVersion')
  assertBytes(wrapped.wrapped, 'wrapped.wrapped', SERVICE_WRAPPED_BYTES)
}
