/** Lowercase hex, the wire form of hashes in medledger (no `0x` prefix). */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { makeError } from './errors.ts'

/**
 * Lowercase hex of `bytes`, no `0x`.
 * Throws MedledgerError 'BAD_INPUT' when `bytes` is not a Uint8Array.
 */
export function toHex (bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw makeError('toHex expects a Uint8Array', 'BAD_INPUT')
  return bytesToHex(bytes)
}

/**
 * Bytes of an even-length hex string (either case, no `0x`; '' gives empty bytes).
 * Throws MedledgerError 'BAD_INPUT' for a non-string, odd length or a non-hex character.
 */
export function fromHex (hex: string): Uint8Array {
  if (typeof hex !== 'string') throw makeError('fromHex expects a string', 'BAD_INPUT')
  try {
    return hexToBytes(hex)
  } catch (err) {
    throw makeError('not a hex string', 'BAD_INPUT', { length: hex.length }, err)
  }
}
