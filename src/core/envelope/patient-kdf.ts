import { expand, extract } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { patientWrapInfo } from './aead.ts'
import { concat, wipe } from './bytes.ts'
import { DEK_BYTES } from './format.ts'

/**
 * Key schedule of the patient's DEK copy (internal), HKDF-SHA256 per RFC 5869:
 *
 *   PRK     = HKDF-Extract(salt = ephemeralPublicKey || patientPublicKey (both compressed), IKM = x(ECDH))
 *   wrapKey = HKDF-Expand(PRK, info = PATIENT_WRAP_LABEL || binding, L = 32)
 *
 * which equals HKDF(IKM, salt, info, 32). The salt is fixed for a sealer, so the sealer runs Extract
 * once per batch and only Expand (two HMACs) per record.
 */

/** HKDF-Extract of the ECDH x-coordinate; wipes nothing (caller owns `sharedX`). */
export function patientPrk (sharedX: Uint8Array, ephemeralPublicKey: Uint8Array, patientPublicKey: Uint8Array): Uint8Array {
  const salt = concat(ephemeralPublicKey, patientPublicKey)
  return extract(sha256, sharedX, salt)
}

/** The 32-byte wrap key of one record version; the caller wipes it after use. */
export function patientWrapKey (prk: Uint8Array, binding: Uint8Array): Uint8Array {
  return expand(sha256, prk, patientWrapInfo(binding), DEK_BYTES)
}

/** Both steps from the ECDH x-coordinate (the patient's open path); wipes the PRK. */
export function patientWrapKeyFromShared (sharedX: Uint8Array, ephemeralPublicKey: Uint8Array, patientPublicKey: Uint8Array, binding: Uint8Array): Uint8Array {
  const prk = patientPrk(sharedX, ephemeralPublicKey, patientPublicKey)
  try {
    return patientWrapKey(prk, binding)
  } finally {
    wipe(prk)
  }
}
