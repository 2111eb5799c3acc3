import { expand, extract } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { PATIENT_WRAP_LABEL, patientWrapInfo } from './aead.ts'
import { concat, wipe } from './bytes.ts'
import { DEK_BYTES } from './format.ts'

/**
 * Key schedule of the patient's DEK copy (internal), HKDF-SHA256 per RFC 5869:
 *
 *   PRK     = HKDF-Extract(salt = ephemeralPublicKey || patientPublicKey (both compressed), IKM = x(ECDH))
 *   wrapKey = HKDF-Expand(PRK, info = PATIENT_WRAP_LABEL || binding, L = 32)
 *
 * which equals HKDF(IKM, salt, info, 32). The salt is fixed for a sealer, so the sealer runs Extract
 * once per batch and only Expand per record: with L = 32 = HashLen that is T(1) = HMAC(PRK, info || 0x01),
 * and the sealer keys that HMAC once (see patientWrapKeyer).
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

const COUNTER_1 = Uint8Array.of(1)

/** A sealer's source of per-record wrap keys; destroy() wipes the keyed HMAC state. */
export interface PatientWrapKeyer {
  /** patientWrapKey(prk, binding), the same 32 bytes; the caller wipes them after use. */
  wrapKey(binding: Uint8Array): Uint8Array
  destroy(): void
}

/**
 * HKDF-Expand(PRK, info, 32) for many infos under one PRK: the HMAC is keyed once (its two padded-key
 * blocks hashed once), and each record resets a reused HMAC from it instead of re-keying (~2× faster
 * than `expand` per record here). The caller may wipe `prk` afterwards; the keyer keeps only HMAC state.
 */
export function patientWrapKeyer (prk: Uint8Array): PatientWrapKeyer {
  const keyed = hmac.create(sha256, prk)
  const work = keyed.clone()
  return {
    wrapKey (binding: Uint8Array): Uint8Array {
      keyed._cloneInto(work)
      const out = new Uint8Array(DEK_BYTES)
      work.update(PATIENT_WRAP_LABEL).update(binding).update(COUNTER_1).digestInto(out) // info = label || binding
      return out
    },
    destroy (): void {
      keyed.destroy()
      work.destroy()
    }
  }
}
