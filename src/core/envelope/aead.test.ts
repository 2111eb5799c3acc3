import { describe, expect, it } from 'vitest'
import { aeadOpen, aeadSeal } from './aead.ts'
import { codeOf } from './test-kit.ts'

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))

// draft-irtf-cfrg-xchacha-03, appendix A.3.1 (AEAD_XChaCha20_Poly1305): ciphertext, then the 16-byte tag.
const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f')
const nonce = hex('404142434445464748494a4b4c4d4e4f5051525354555657')
const aad = hex('50515253c0c1c2c3c4c5c6c7')
const plaintext = new TextEncoder().encode("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")
const sealed = hex(
  'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
  '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
  '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
  '21f9664c97637da9768812f615c68b13b52e' +
  'c0875924c1c7987947deafd8780acf49')

describe('the envelope AEAD is XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 A.3.1)', () => {
  it('seals the draft vector to the published ciphertext || tag', () => {
    expect(aeadSeal(key, nonce, aad, plaintext)).toEqual(sealed)
  })

  it('opens it, and refuses it with one opaque error after any change to tag, AAD or nonce', () => {
    expect(aeadOpen(key, nonce, aad, sealed)).toEqual(plaintext)
    const badTag = sealed.slice()
    badTag[badTag.length - 1]! ^= 1
    const badAad = aad.slice()
    badAad[0]! ^= 1
    const badNonce = nonce.slice()
    badNonce[23]! ^= 1
    expect(codeOf(() => aeadOpen(key, nonce, aad, badTag))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => aeadOpen(key, nonce, badAad, sealed))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => aeadOpen(key, badNonce, aad, sealed))).toBe('DECRYPT_FAILED')
  })
})
