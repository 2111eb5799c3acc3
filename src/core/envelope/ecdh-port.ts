import { secp256k1 } from '@noble/curves/secp256k1.js'
import { compressPublicKey, ecdhSharedX } from './ecdh.ts'

/**
 * The secp256k1 work of the envelope as a port, so the slow part (two scalar multiplications per sealer
 * and per patient open, ~5 ms in JS here) can be done natively by an adapter while core stays pure.
 * Core's default is {@link nobleEcdh}; src/adapters/node-crypto/ecdh.ts is the OpenSSL one. Both must be
 * bit-identical (the adapter's test checks them against each other).
 */
export interface Ecdh {
  /**
   * The SEC 1 compressed (33-byte) form of a 33- or 65-byte public key, or undefined when it does not
   * encode a point of the curve (other than infinity).
   */
  compress(publicKey: Uint8Array): Uint8Array | undefined
  /**
   * For a valid 32-byte secret key and a valid 33-byte compressed point: the secret key's compressed
   * public key (33 bytes) and the x-coordinate of secretKey · point (32 bytes, SEC 1 §3.3.1), which the
   * caller wipes after use.
   * @throws any Error when the key or the point is invalid (callers translate it)
   */
  agree(secretKey: Uint8Array, point: Uint8Array): { publicKey: Uint8Array, sharedX: Uint8Array }
  /**
   * Optional: the same for a fresh ephemeral key pair the adapter draws from its own CSPRNG, off the
   * calling thread (so a batch's sealers run in parallel with other work). The secret key never
   * leaves the adapter. For a valid 33-byte compressed point: the ephemeral compressed public key (33
   * bytes) and the x of ephemeral · point (32 bytes), which the caller wipes after use.
   * @throws (rejects with) any Error when the point is invalid (callers translate it)
   */
  agreeFresh?(point: Uint8Array): Promise<{ publicKey: Uint8Array, sharedX: Uint8Array }>
}

/** The pure-JS default (@noble/curves). */
export const nobleEcdh: Ecdh = Object.freeze({
  compress: (publicKey: Uint8Array) => compressPublicKey(publicKey),
  agree: (secretKey: Uint8Array, point: Uint8Array) => ({
    publicKey: secp256k1.getPublicKey(secretKey, true),
    sharedX: ecdhSharedX(secretKey, point)
  })
})

/**
 * `ecdh.agree` with its output checked (an adapter returning the wrong shape must not produce envelopes).
 * @throws Error when `agree` throws or returns anything but a 33-byte public key and a 32-byte x
 */
export function agreeChecked (ecdh: Ecdh, secretKey: Uint8Array, point: Uint8Array): { publicKey: Uint8Array, sharedX: Uint8Array } {
  return checkedAgreement(ecdh.agree(secretKey, point))
}

/**
 * An adapter's agreement, checked: a 33-byte compressed public key (0x02 / 0x03 prefix) and a 32-byte x.
 * @throws Error (after wiping x) for any other shape
 */
export function checkedAgreement ({ publicKey, sharedX }: { publicKey: Uint8Array, sharedX: Uint8Array }): { publicKey: Uint8Array, sharedX: Uint8Array } {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3) || !(sharedX instanceof Uint8Array) || sharedX.length !== 32) {
    if (sharedX instanceof Uint8Array) sharedX.fill(0)
    throw new Error('ecdh.agree returned a malformed result')
  }
  return { publicKey, sharedX }
}
