import { secp256k1 } from '@noble/curves/secp256k1.js'
import { makeError } from '../errors.ts'
import type { Rng } from '../types.ts'
import { aeadSeal } from './aead.ts'
import type { Aead } from './aead-port.ts'
import { assertBytes, randomBytes, wipe } from './bytes.ts'
import { agreeChecked, checkedAgreement, nobleEcdh } from './ecdh-port.ts'
import type { Ecdh } from './ecdh-port.ts'
import { DEK_BYTES, NONCE_BYTES } from './format.ts'
import { patientPrk, patientWrapKeyer } from './patient-kdf.ts'
import type { PatientWrapKeyer } from './patient-kdf.ts'

/** Seed bytes for an ephemeral secret key: secp256k1 `lengths.seed` (48, so the mod-n bias is negligible). */
const EPHEMERAL_SEED_BYTES = 48

/**
 * Wraps the patient's copy of many DEKs with ONE ECDH: made once per patient per batch, it holds
 * the ephemeral public key written into each envelope and the HKDF-Extract of the ECDH secret
 * (the ephemeral secret key itself is wiped as soon as the ECDH is done). Per record it costs one
 * HKDF-Expand and one XChaCha20-Poly1305 of 32 bytes.
 * Call destroy() when the batch is done.
 */
export interface PatientSealer {
  /** The patient's public key, compressed (33 bytes). A copy. */
  readonly patientPublicKey: Uint8Array
  /** The batch's ephemeral public key, compressed (33 bytes), as written into each envelope. A copy. */
  readonly ephemeralPublicKey: Uint8Array
  /** True after destroy(). */
  readonly destroyed: boolean
  /** Wipes the sealer's secret; sealing with it afterwards throws BAD_INPUT. Idempotent. */
  destroy(): void
}

interface SealerState {
  /** HKDF-Expand keyed by the batch's PRK (the PRK itself is wiped once this is made). */
  keyer: PatientWrapKeyer | undefined
  patientPublicKey: Uint8Array
  ephemeralPublicKey: Uint8Array
}

// Secrets stay out of reach of callers: only this module can read a sealer's state.
const states = new WeakMap<PatientSealer, SealerState>()

/**
 * Makes a sealer for one patient and one batch: draws an ephemeral key pair from `rng` and does the
 * batch's one ECDH with the patient's public key.
 * @param patientPublicKey SEC 1 secp256k1 public key, compressed (33 bytes) or uncompressed (65 bytes)
 * @param ecdh who does the curve arithmetic (default: noble, pure JS)
 * @throws MedledgerError BAD_INPUT when the key is not a Uint8Array of 33 or 65 bytes encoding a valid
 *   curve point, or when `rng` is not an Rng
 */
export function createPatientSealer (patientPublicKey: Uint8Array, rng: Rng, ecdh: Ecdh = nobleEcdh): PatientSealer {
  const patient = patientPoint(patientPublicKey, ecdh)
  const seed = randomBytes(rng, EPHEMERAL_SEED_BYTES)
  const ephemeralSecret = secp256k1.utils.randomSecretKey(seed)
  try {
    return sealerOf(agreeChecked(ecdh, ephemeralSecret, patient), patient)
  } finally {
    wipe(seed, ephemeralSecret)
  }
}

/**
 * createPatientSealer for an adapter that can agree off the calling thread (`ecdh.agreeFresh`): the
 * ephemeral key pair then comes from the adapter's own CSPRNG and its secret never reaches JS, and a
 * batch's sealers run in parallel with the caller's other work. Without `agreeFresh` it is
 * createPatientSealer (ephemeral from `rng`, same thread).
 * @throws (rejects with) MedledgerError BAD_INPUT as createPatientSealer
 */
export async function createPatientSealerAsync (patientPublicKey: Uint8Array, rng: Rng, ecdh: Ecdh = nobleEcdh): Promise<PatientSealer> {
  if (typeof ecdh.agreeFresh !== 'function') return createPatientSealer(patientPublicKey, rng, ecdh)
  const patient = patientPoint(patientPublicKey, ecdh)
  return sealerOf(checkedAgreement(await ecdh.agreeFresh(patient)), patient)
}

/** The patient's key, compressed and checked. */
function patientPoint (patientPublicKey: Uint8Array, ecdh: Ecdh): Uint8Array {
  assertBytes(patientPublicKey, 'patientPublicKey')
  const patient = patientPublicKey.length === 33 || patientPublicKey.length === 65 ? ecdh.compress(patientPublicKey) : undefined
  if (!(patient instanceof Uint8Array) || patient.length !== 33) throw makeError('patientPublicKey must be a valid secp256k1 point (33 or 65 bytes)', 'BAD_INPUT', { field: 'patientPublicKey' })
  return patient
}

/** The sealer of one agreement; wipes the shared x and the PRK derived from it. */
function sealerOf ({ publicKey: ephemeral, sharedX }: { publicKey: Uint8Array, sharedX: Uint8Array }, patient: Uint8Array): PatientSealer {
  let prk: Uint8Array | undefined
  let state: SealerState
  try {
    prk = patientPrk(sharedX, ephemeral, patient)
    state = { keyer: patientWrapKeyer(prk), patientPublicKey: patient, ephemeralPublicKey: ephemeral }
  } finally {
    wipe(sharedX, prk)
  }

  const sealer: PatientSealer = Object.freeze({
    get patientPublicKey () { return state.patientPublicKey.slice() },
    get ephemeralPublicKey () { return state.ephemeralPublicKey.slice() },
    get destroyed () { return state.keyer === undefined },
    destroy () {
      state.keyer?.destroy()
      state.keyer = undefined
    }
  })
  states.set(sealer, state)
  return sealer
}

/**
 * The patient's copy of `dek` for one record version (internal: used by sealRecord), and the
 * ephemeral public key to store beside it.
 * @throws MedledgerError BAD_INPUT when `sealer` was not made by createPatientSealer or is destroyed,
 *   or when dek / wrapNonce have the wrong length
 */
export function wrapDekForPatient (sealer: PatientSealer, dek: Uint8Array, binding: Uint8Array, wrapNonce: Uint8Array, aead?: Aead): { ephemeralPublicKey: Uint8Array, wrappedDek: Uint8Array } {
  const state = typeof sealer === 'object' && sealer !== null ? states.get(sealer) : undefined
  if (state === undefined) throw makeError('sealer must come from createPatientSealer', 'BAD_INPUT', { field: 'sealer' })
  if (state.keyer === undefined) throw makeError('sealer was destroyed; create a new one for this batch', 'BAD_INPUT', { field: 'sealer' })
  assertBytes(dek, 'dek', DEK_BYTES)
  assertBytes(wrapNonce, 'wrapNonce', NONCE_BYTES)
  const wrapKey = state.keyer.wrapKey(binding)
  try {
    return { ephemeralPublicKey: state.ephemeralPublicKey, wrappedDek: aeadSeal(wrapKey, wrapNonce, binding, dek, aead) }
  } finally {
    wipe(wrapKey)
  }
}
