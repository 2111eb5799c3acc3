import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { patientWrapInfo } from './aead.ts'
import { patientPrk, patientWrapKey, patientWrapKeyer } from './patient-kdf.ts'

const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: min, maxLength: max })

describe('patientWrapKeyer (HMAC keyed once per sealer)', () => {
  it('gives HKDF-Expand(PRK, info, 32) = RFC 5869 HKDF for any inputs, call after call', () => {
    fc.assert(fc.property(bytes(32, 32), bytes(33, 33), bytes(33, 33), fc.array(bytes(0, 200), { minLength: 1, maxLength: 6 }), (x, eph, pat, bindings) => {
      const prk = patientPrk(x, eph, pat)
      const keyer = patientWrapKeyer(prk)
      for (const binding of bindings) {
        const key = keyer.wrapKey(binding)
        expect(key).toEqual(patientWrapKey(prk, binding))
        expect(key).toEqual(hkdf(sha256, x, new Uint8Array([...eph, ...pat]), patientWrapInfo(binding), 32))
      }
    }))
  })

  it('keeps no view of the PRK: wiping it afterwards changes nothing; destroy() makes it unusable', () => {
    const prk = patientPrk(new Uint8Array(32).fill(1), new Uint8Array(33).fill(2), new Uint8Array(33).fill(3))
    const expected = patientWrapKey(prk, Uint8Array.of(9))
    const keyer = patientWrapKeyer(prk)
    prk.fill(0)
    expect(keyer.wrapKey(Uint8Array.of(9))).toEqual(expected)
    keyer.destroy()
    expect(() => keyer.wrapKey(Uint8Array.of(9))).toThrow()
  })
})
