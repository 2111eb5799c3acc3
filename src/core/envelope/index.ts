/**
 * Envelope encryption of record bodies (docs/architecture.md, "Data path of one record version", step 2).
 *
 * - sealRecord: fresh DEK per record version, body under XChaCha20-Poly1305, patient's DEK copy wrapped
 *   by a per-batch PatientSealer (one ECDH per patient per batch, HKDF-SHA256 per record).
 * - openEnvelope (service, with the DEK) / openWithPatientKey (patient, with their key and id alone).
 * - wrapDekForService / unwrapDekForService / rewrapDek: the service's DEK copy for the keystore.
 * - parseEnvelope / encodeEnvelope: the "MLE1" wire format documented in format.ts.
 * - Ecdh: the secp256k1 port (noble by default; src/adapters/node-crypto has the native one).
 * - Aead: the XChaCha20-Poly1305 port (noble by default; src/adapters/sodium has libsodium's WASM one).
 */
export { encodeBinding, MAX_ID_BYTES } from './binding.ts'
export { encodeEnvelope, ENVELOPE_FORMAT_VERSION, ENVELOPE_MAGIC, parseEnvelope } from './format.ts'
export type { SealedEnvelope } from './format.ts'
export { nobleAead } from './aead-port.ts'
export type { Aead } from './aead-port.ts'
export { nobleEcdh } from './ecdh-port.ts'
export type { Ecdh } from './ecdh-port.ts'
export { createPatientSealer, createPatientSealerAsync } from './sealer.ts'
export type { PatientSealer } from './sealer.ts'
export { sealRecord } from './seal.ts'
export type { SealedRecord, SealRecordInput } from './seal.ts'
export { openEnvelope, openWithPatientKey } from './open.ts'
export type { PatientOpened } from './open.ts'
export { rewrapDek, SERVICE_WRAPPED_BYTES, unwrapDekForService, wrapDekForService } from './service-wrap.ts'
export type { Kek, WrappedDek } from './service-wrap.ts'
