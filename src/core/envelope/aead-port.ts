import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'

/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03) as a port, so the per-record AEAD calls (body, the
 * patient's and the service's DEK copies: three per record written) can run on a faster implementation
 * chosen by an adapter while core stays pure. Core's default is {@link nobleAead}; src/adapters/sodium is
 * libsodium's (WASM). Every implementation must be bit-identical to this one (its test checks them on
 * random inputs and on the draft's A.3.1 vector).
 */
export interface Aead {
  /**
   * ciphertext || 16-byte tag of `plaintext` under a 32-byte key and a 24-byte nonce (lengths checked by
   * the callers).
   */
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array
  /**
   * Optional: the same bytes written to out[at .. at + plaintext.length + 16) instead of a new array (the
   * caller sized `out`), which saves an allocation and a copy per body.
   */
  sealInto?(out: Uint8Array, at: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): void
  /**
   * The plaintext of ciphertext || tag. Must verify the tag in constant time and release no plaintext
   * when it does not hold.
   * @throws any Error on any failure (callers turn it into one opaque DECRYPT_FAILED)
   */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array
}

/** The pure-JS default (@noble/ciphers). */
export const nobleAead: Aead = Object.freeze({
  seal: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) => xchacha20poly1305(key, nonce, aad).encrypt(plaintext),
  open: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array) => xchacha20poly1305(key, nonce, aad).decrypt(sealed)
})
