import sodium from 'libsodium-wrappers'
import type { Aead } from '../../core/envelope/index.ts'

/**
 * The envelope's XChaCha20-Poly1305 on libsodium compiled to WASM (the Aead port of
 * src/core/envelope/aead-port.ts). Bit-identical to core's noble default (aead.int.test.ts), and faster
 * than noble's per-call setup allows: ~4× for a 1.6 KB body (~10 vs ~40 µs) and ~11× for a 32-byte DEK
 * wrap (~2 vs ~20 µs) on a quiet machine here; the spine makes three calls per record.
 *
 * It calls the WASM functions directly rather than through libsodium-wrappers' helpers, which malloc five
 * regions per call and free them without clearing: here key, nonce, AAD, input and output share ONE region
 * that is zeroed before it is freed, so no key or body is left in the WASM heap. The raw module is the
 * wrappers' `libsodium` export (set by its loader, not in its typings), so its shape is checked and a
 * known answer is run before it is used; without it the wrappers' own functions are used instead.
 * libsodium checks the tag in constant time before it decrypts and releases nothing when it fails.
 */

/** The part of the emscripten module used here (64-bit lengths are passed as low, high 32-bit halves). */
interface RawSodium {
  HEAPU8: Uint8Array
  _malloc(size: number): number
  _free(address: number): void
  _crypto_aead_xchacha20poly1305_ietf_encrypt(c: number, clenP: number, m: number, mlenLo: number, mlenHi: number,
    ad: number, adlenLo: number, adlenHi: number, nsec: number, npub: number, k: number): number
  _crypto_aead_xchacha20poly1305_ietf_decrypt(m: number, mlenP: number, nsec: number, c: number, clenLo: number, clenHi: number,
    ad: number, adlenLo: number, adlenHi: number, npub: number, k: number): number
}

const KEY = 32
const NONCE = 24
const TAG = 16

function rawOf (module: unknown): RawSodium | undefined {
  const raw = (module as { libsodium?: Partial<RawSodium> }).libsodium
  const ok = raw !== undefined && raw.HEAPU8 instanceof Uint8Array && typeof raw._malloc === 'function' && typeof raw._free === 'function' &&
    typeof raw._crypto_aead_xchacha20poly1305_ietf_encrypt === 'function' && typeof raw._crypto_aead_xchacha20poly1305_ietf_decrypt === 'function'
  return ok ? raw as RawSodium : undefined
}

/**
 * One call in one zeroed-after-use region laid out as key | nonce | aad | input | output.
 * @throws Error when libsodium refuses (a failed tag on open) or cannot allocate
 */
function call (raw: RawSodium, seal: boolean, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, input: Uint8Array): Uint8Array
function call (raw: RawSodium, seal: boolean, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, input: Uint8Array, into: { out: Uint8Array, at: number }): undefined
function call (raw: RawSodium, seal: boolean, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, input: Uint8Array, into?: { out: Uint8Array, at: number }): Uint8Array | undefined {
  if (key.length !== KEY || nonce.length !== NONCE) throw new Error('bad key or nonce length')
  if (!seal && input.length < TAG) throw new Error('ciphertext shorter than its tag')
  const outLength = seal ? input.length + TAG : input.length - TAG
  const size = KEY + NONCE + aad.length + input.length + outLength
  const base = raw._malloc(size)
  if (base === 0) throw new Error('libsodium could not allocate')
  const k = base
  const npub = k + KEY
  const ad = npub + NONCE
  const inp = ad + aad.length
  const out = inp + input.length
  try {
    const heap = raw.HEAPU8 // read after malloc: growing the memory replaces the view
    heap.set(key, k)
    heap.set(nonce, npub)
    heap.set(aad, ad)
    heap.set(input, inp)
    const rc = seal
      ? raw._crypto_aead_xchacha20poly1305_ietf_encrypt(out, 0, inp, input.length, 0, ad, aad.length, 0, 0, npub, k)
      : raw._crypto_aead_xchacha20poly1305_ietf_decrypt(out, 0, 0, inp, input.length, 0, ad, aad.length, 0, npub, k)
    if (rc !== 0) throw new Error(seal ? 'libsodium refused to encrypt' : 'decryption failed')
    if (into === undefined) return raw.HEAPU8.slice(out, out + outLength)
    into.out.set(raw.HEAPU8.subarray(out, out + outLength), into.at)
    return undefined
  } finally {
    raw.HEAPU8.fill(0, base, base + size)
    raw._free(base)
  }
}

function sodiumAead (): Aead {
  const raw = rawOf(sodium)
  if (raw !== undefined) {
    // libsodium's ChaCha20 XORs a last partial block through a 64-byte buffer on its (WASM) stack, so an
    // open leaves up to 63 bytes of plaintext there (a whole 32-byte DEK). Opening a fixed non-secret
    // ciphertext of 63 bytes right after runs the same frames and overwrites that buffer with zeros.
    const zeroKey = new Uint8Array(KEY)
    const zeroNonce = new Uint8Array(NONCE)
    const empty = new Uint8Array(0)
    const scrub = call(raw, true, zeroKey, zeroNonce, empty, new Uint8Array(63))
    return Object.freeze({
      seal: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) => call(raw, true, key, nonce, aad, plaintext),
      sealInto (out: Uint8Array, at: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): void {
        if (out.length - at < plaintext.length + TAG) throw new Error('no room for the sealed bytes')
        call(raw, true, key, nonce, aad, plaintext, { out, at })
      },
      open (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
        try {
          return call(raw, false, key, nonce, aad, sealed)
        } finally {
          if ((sealed.length - TAG) % 64 !== 0) call(raw, false, zeroKey, zeroNonce, empty, scrub)
        }
      }
    })
  }
  return Object.freeze({
    seal: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) =>
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key),
    open: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array) =>
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, aad, nonce, key)
  })
}

/** The WASM heap the raw calls use, for the test that checks nothing secret is left in it (undefined: wrappers path). */
export function sodiumHeapForTests (): Uint8Array | undefined {
  return rawOf(sodium)?.HEAPU8
}

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))

/** draft-irtf-cfrg-xchacha-03 A.3.1 (AEAD_XChaCha20_Poly1305): ciphertext || tag. */
const KAT = {
  key: hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'),
  nonce: hex('404142434445464748494a4b4c4d4e4f5051525354555657'),
  aad: hex('50515253c0c1c2c3c4c5c6c7'),
  plaintext: new TextEncoder().encode("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
  sealed: 'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
    '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
    '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52ec0875924c1c7987947deafd8780acf49'
}

let opened: Promise<Aead> | undefined

/**
 * libsodium's XChaCha20-Poly1305, once its WASM module has loaded (the async part, kept out of core).
 * A known-answer check (seal and open) runs once before it is handed out, so a broken build or a changed
 * raw module cannot write envelopes.
 * @throws Error when the module fails to load or the known answer does not match
 */
export async function openSodiumAead (): Promise<Aead> {
  opened ??= (async () => {
    await sodium.ready
    const aead = sodiumAead()
    const sealed = aead.seal(KAT.key, KAT.nonce, KAT.aad, KAT.plaintext)
    const back = aead.open(KAT.key, KAT.nonce, KAT.aad, sealed)
    if (Buffer.from(sealed).toString('hex') !== KAT.sealed || Buffer.compare(back, KAT.plaintext) !== 0) {
      throw new Error('libsodium XChaCha20-Poly1305 failed its known-answer check')
    }
    return aead
  })()
  // a failed load is not cached: the next open tries again
  opened.catch(() => { opened = undefined })
  return opened
}
