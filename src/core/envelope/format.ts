import { makeError } from '../errors.ts'
import { encodeId, MAX_ID_BYTES } from './binding.ts'
import { assertBytes, assertU32, concat, copyInto, lengthPrefixed, readU32, U32_MAX, utf8Decode, writeU32 } from './bytes.ts'

/*
 * Envelope wire format, version 1 ("MLE1"). All integers are big-endian; every field after the
 * format byte is `u32be length || bytes`, and the parser insists on the exact length of fixed fields.
 *
 *   offset  size     field
 *   0       4        magic               "MLE1" = 4d 4c 45 31
 *   4       1        formatVersion       0x01
 *   5       4 + n    recordId            UTF-8, 1 ≤ n ≤ 1024 (MAX_ID_BYTES)
 *   .       4 + 4    version             u32be record version
 *   .       4 + 33   ephemeralPublicKey  SEC 1 compressed secp256k1 point (02|03 || x) of the batch's sealer
 *   .       4 + 24   wrapNonce           XChaCha20-Poly1305 nonce of the patient's DEK wrap
 *   .       4 + 48   wrappedDek          XChaCha20-Poly1305(wrapKey, wrapNonce, AAD = binding).encrypt(DEK):
 *                                        32-byte DEK || 16-byte tag
 *   .       4 + 24   bodyNonce           XChaCha20-Poly1305 nonce of the body
 *   .       4 + m    ciphertext          XChaCha20-Poly1305(DEK, bodyNonce, AAD = body AAD).encrypt(body),
 *                                        m ≥ 16; the field ends exactly at the end of the bytes
 *
 * "header" = every byte before the ciphertext's length prefix; the body AAD authenticates it whole
 * (see aead.ts), so a change to any byte of the envelope fails one tag check or the parse.
 * "binding" = encodeBinding({ recordId, version, patientId }) (binding.ts). The patientId is NOT stored:
 * the service keeps it in the keystore and the patient knows their own; it enters only the AADs and KDF.
 * The patient's wrap key is HKDF-SHA256(ikm = x(ECDH(ephemeral, patient)),
 *   salt = ephemeralPublicKey || patient public key (compressed), info = PATIENT_WRAP_LABEL || binding, L = 32).
 * The service's copy of the DEK is never here: it lives in the keystore (service-wrap.ts).
 */

/** "MLE1": the first four bytes of every envelope. */
export const ENVELOPE_MAGIC: Uint8Array = Uint8Array.of(0x4d, 0x4c, 0x45, 0x31)
/** The only format version this code writes and reads. */
export const ENVELOPE_FORMAT_VERSION = 1
/** Sizes of the fixed-length fields. */
export const COMPRESSED_POINT_BYTES = 33
export const NONCE_BYTES = 24
export const DEK_BYTES = 32
export const TAG_BYTES = 16
export const WRAPPED_DEK_BYTES = DEK_BYTES + TAG_BYTES

/** One parsed envelope. Binary fields are copies the caller owns. */
export interface SealedEnvelope {
  formatVersion: 1
  recordId: string
  version: number
  /** Compressed (33-byte) ephemeral secp256k1 public key of the sealer that wrapped the patient's DEK. */
  ephemeralPublicKey: Uint8Array
  wrapNonce: Uint8Array
  /** The patient's copy of the DEK: 32 bytes of ciphertext and a 16-byte tag. */
  wrappedDek: Uint8Array
  bodyNonce: Uint8Array
  /** The body ciphertext with its 16-byte tag. */
  ciphertext: Uint8Array
}

/** The envelope fields that precede the ciphertext. */
export type EnvelopeHeader = Omit<SealedEnvelope, 'ciphertext'>

/**
 * Bytes of the envelope header (everything before the ciphertext field's length prefix).
 * @throws MedledgerError BAD_INPUT when a field has the wrong type or length
 */
export function encodeEnvelopeHeader (h: EnvelopeHeader): Uint8Array {
  if (h === null || typeof h !== 'object') throw makeError('envelope must be an object', 'BAD_INPUT', { field: 'envelope' })
  if (h.formatVersion !== ENVELOPE_FORMAT_VERSION) throw makeError('unsupported envelope format version', 'BAD_INPUT', { field: 'formatVersion' })
  const recordId = encodeId(h.recordId, 'recordId')
  assertU32(h.version, 'version')
  assertBytes(h.ephemeralPublicKey, 'ephemeralPublicKey', COMPRESSED_POINT_BYTES)
  if (h.ephemeralPublicKey[0] !== 0x02 && h.ephemeralPublicKey[0] !== 0x03) {
    throw makeError('ephemeralPublicKey must be a compressed point', 'BAD_INPUT', { field: 'ephemeralPublicKey' })
  }
  assertBytes(h.wrapNonce, 'wrapNonce', NONCE_BYTES)
  assertBytes(h.wrappedDek, 'wrappedDek', WRAPPED_DEK_BYTES)
  assertBytes(h.bodyNonce, 'bodyNonce', NONCE_BYTES)
  const out = new Uint8Array(headerLength(recordId.length))
  writeEnvelopeHeader(out, 0, recordId, h)
  return out
}

/** Length of a header whose recordId takes `recordIdBytes` UTF-8 bytes. */
export function headerLength (recordIdBytes: number): number {
  return ENVELOPE_MAGIC.length + 1 + 4 + recordIdBytes + 4 + 4 + 4 + COMPRESSED_POINT_BYTES + 4 + NONCE_BYTES + 4 + WRAPPED_DEK_BYTES + 4 + NONCE_BYTES
}

/**
 * Writes the header at `out[at]` (internal: the seal path builds it in place). The caller has checked
 * every field (encodeEnvelopeHeader does; sealRecord makes them) and sized `out` with headerLength.
 */
export function writeEnvelopeHeader (out: Uint8Array, at: number, recordId: Uint8Array,
  h: Pick<EnvelopeHeader, 'version' | 'ephemeralPublicKey' | 'wrapNonce' | 'wrappedDek' | 'bodyNonce'>): void {
  copyInto(out, ENVELOPE_MAGIC, at)
  out[at + 4] = ENVELOPE_FORMAT_VERSION
  let i = at + 5
  const field = (bytes: Uint8Array): void => {
    writeU32(out, i, bytes.length)
    copyInto(out, bytes, i + 4)
    i += 4 + bytes.length
  }
  field(recordId)
  writeU32(out, i, 4)
  writeU32(out, i + 4, h.version)
  i += 8
  field(h.ephemeralPublicKey)
  field(h.wrapNonce)
  field(h.wrappedDek)
  field(h.bodyNonce)
}

/**
 * Bytes of an envelope in the layout documented at the top of this file.
 * @throws MedledgerError BAD_INPUT when a field has the wrong type or length
 */
export function encodeEnvelope (e: SealedEnvelope): Uint8Array {
  const header = encodeEnvelopeHeader(e)
  assertBytes(e.ciphertext, 'ciphertext')
  if (e.ciphertext.length < TAG_BYTES || e.ciphertext.length > U32_MAX) {
    throw makeError('ciphertext must hold at least the 16-byte tag', 'BAD_INPUT', { field: 'ciphertext' })
  }
  return concat(header, lengthPrefixed(e.ciphertext))
}

/**
 * Parses envelope bytes; checks structure only (no key is involved, nothing is authenticated yet).
 * @throws MedledgerError ENVELOPE_MALFORMED with `info.field` naming the bad field and `info.reason`
 *   ('truncated' | 'length' | 'value' | 'trailing'); BAD_INPUT when `bytes` is not a Uint8Array
 */
export function parseEnvelope (bytes: Uint8Array): SealedEnvelope {
  const { envelope } = readEnvelope(bytes)
  return {
    ...envelope,
    ephemeralPublicKey: envelope.ephemeralPublicKey.slice(),
    wrapNonce: envelope.wrapNonce.slice(),
    wrappedDek: envelope.wrappedDek.slice(),
    bodyNonce: envelope.bodyNonce.slice(),
    ciphertext: envelope.ciphertext.slice()
  }
}

/** A parsed envelope whose binary fields are views into the input, and the header's bytes. */
export interface EnvelopeView {
  envelope: SealedEnvelope
  header: Uint8Array
}

type Reason = 'truncated' | 'length' | 'value' | 'trailing'

function malformed (field: string, reason: Reason): never {
  const what = reason === 'truncated' ? 'is truncated' : reason === 'length' ? 'has the wrong length' : reason === 'trailing' ? 'is followed by trailing bytes' : 'has an invalid value'
  throw makeError(`envelope field ${field} ${what}`, 'ENVELOPE_MALFORMED', { field, reason })
}

/**
 * Parses without copying (internal: the open path). Same checks and errors as {@link parseEnvelope}.
 */
export function readEnvelope (bytes: Uint8Array): EnvelopeView {
  assertBytes(bytes, 'envelope')
  let at = 0
  const fixed = (field: string, size: number): Uint8Array => {
    if (bytes.length - at < size) malformed(field, 'truncated')
    const out = bytes.subarray(at, at + size)
    at += size
    return out
  }
  const field = (name: string, min: number, max: number): Uint8Array => {
    if (bytes.length - at < 4) malformed(name, 'truncated')
    const len = readU32(bytes, at)
    if (len < min || len > max) malformed(name, 'length')
    at += 4
    return fixed(name, len)
  }

  const magic = fixed('magic', ENVELOPE_MAGIC.length)
  if (!magic.every((b, i) => b === ENVELOPE_MAGIC[i])) malformed('magic', 'value')
  if (fixed('formatVersion', 1)[0] !== ENVELOPE_FORMAT_VERSION) malformed('formatVersion', 'value')
  const recordId = utf8Decode(field('recordId', 1, MAX_ID_BYTES))
  if (recordId === undefined) malformed('recordId', 'value')
  const version = readU32(field('version', 4, 4), 0)
  const ephemeralPublicKey = field('ephemeralPublicKey', COMPRESSED_POINT_BYTES, COMPRESSED_POINT_BYTES)
  if (ephemeralPublicKey[0] !== 0x02 && ephemeralPublicKey[0] !== 0x03) malformed('ephemeralPublicKey', 'value')
  const wrapNonce = field('wrapNonce', NONCE_BYTES, NONCE_BYTES)
  const wrappedDek = field('wrappedDek', WRAPPED_DEK_BYTES, WRAPPED_DEK_BYTES)
  const bodyNonce = field('bodyNonce', NONCE_BYTES, NONCE_BYTES)
  const headerEnd = at
  const ciphertext = field('ciphertext', TAG_BYTES, U32_MAX)
  if (at !== bytes.length) malformed('ciphertext', 'trailing')

  return {
    envelope: { formatVersion: ENVELOPE_FORMAT_VERSION, recordId, version, ephemeralPublicKey, wrapNonce, wrappedDek, bodyNonce, ciphertext },
    header: bytes.subarray(0, headerEnd)
  }
}
