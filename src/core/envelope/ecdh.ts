import { secp256k1 } from '@noble/curves/secp256k1.js'

/**
 * The one variable-base scalar multiplication of this module (~2 ms in JS), kept in its own file
 * so tests can count calls (internal; not re-exported from index.ts).
 */

/**
 * x-coordinate (32 bytes) of `secretKey · publicKey` (SEC 1 §3.3.1 ECDH primitive).
 * @throws Error from noble when the secret key or the point is invalid (callers translate it)
 */
export function ecdhSharedX (secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const point = secp256k1.getSharedSecret(secretKey, publicKey, true)
  const x = point.slice(1)
  point.fill(0)
  return x
}

/** The compressed (33-byte) form of a 33- or 65-byte SEC 1 public key, or undefined when it is not a valid point. */
export function compressPublicKey (publicKey: Uint8Array): Uint8Array | undefined {
  if (publicKey.length !== 33 && publicKey.length !== 65) return undefined
  try {
    const point = secp256k1.Point.fromBytes(publicKey)
    if (point.is0()) return undefined
    return point.toBytes(true)
  } catch {
    return undefined
  }
}
