import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createPatientSealer, nobleAead, openEnvelope, openWithPatientKey, rewrapDek, sealRecord, unwrapDekForService, wrapDekForService
} from '../../core/envelope/index.ts'
import type { Aead } from '../../core/envelope/index.ts'
import { codeOf, patientKeys, seededRng } from '../../core/envelope/test-kit.ts'
import { openSodiumAead, sodiumHeapForTests } from './aead.ts'

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))

// draft-irtf-cfrg-xchacha-03, appendix A.3.1 (AEAD_XChaCha20_Poly1305): ciphertext, then the 16-byte tag.
const A31 = {
  key: hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'),
  nonce: hex('404142434445464748494a4b4c4d4e4f5051525354555657'),
  aad: hex('50515253c0c1c2c3c4c5c6c7'),
  plaintext: new TextEncoder().encode("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
  sealed: hex(
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb' +
    '731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452' +
    '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52e' +
    'c0875924c1c7987947deafd8780acf49')
}

let sodium: Aead
beforeAll(async () => { sodium = await openSodiumAead() })

const key = fc.uint8Array({ minLength: 32, maxLength: 32 })
const nonce = fc.uint8Array({ minLength: 24, maxLength: 24 })
// empty, one byte, a DEK, block edges, a typical body (~1.6 KB) and past it
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 130 }),
  fc.integer({ min: 0, max: 4096 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
)

describe('libsodium XChaCha20-Poly1305 is bit-identical to core\'s noble default', () => {
  it('both give the draft A.3.1 vector and open it', () => {
    expect(sodium.seal(A31.key, A31.nonce, A31.aad, A31.plaintext)).toEqual(A31.sealed)
    expect(nobleAead.seal(A31.key, A31.nonce, A31.aad, A31.plaintext)).toEqual(A31.sealed)
    expect(sodium.open(A31.key, A31.nonce, A31.aad, A31.sealed)).toEqual(A31.plaintext)
  })

  it('seal: same bytes as noble for random keys, nonces, AADs and plaintexts (empty included); each opens the other\'s', () => {
    fc.assert(fc.property(key, nonce, bytes, bytes, (k, n, aad, plaintext) => {
      const sealed = sodium.seal(k, n, aad, plaintext)
      expect(sealed).toEqual(nobleAead.seal(k, n, aad, plaintext))
      expect(sealed).toBeInstanceOf(Uint8Array)
      expect(sodium.open(k, n, aad, sealed)).toEqual(plaintext)
      expect(nobleAead.open(k, n, aad, sealed)).toEqual(plaintext)
    }), { numRuns: 300 })
  })

  it('open: refuses like noble after one flipped bit in ciphertext, tag, AAD, nonce or key, and a truncated input', () => {
    fc.assert(fc.property(key, nonce, bytes, bytes, fc.nat(), fc.integer({ min: 0, max: 4 }), (k, n, aad, plaintext, at, part) => {
      const sealed = nobleAead.seal(k, n, aad, plaintext)
      const args: [Uint8Array, Uint8Array, Uint8Array, Uint8Array] = [k.slice(), n.slice(), aad.slice(), sealed.slice()]
      const target = part === 0 ? 3 : part === 1 ? 3 : part === 2 ? 2 : part === 3 ? 1 : 0
      const arr = args[target]
      if (arr.length === 0) args[2] = Uint8Array.of(0) // an added AAD byte changes the tag too
      else if (part === 1) arr[arr.length - 1 - (at % 16)]! ^= 1 << (at % 8) // in the tag
      else arr[at % arr.length]! ^= 1 << (at % 8)
      expect(() => sodium.open(...args)).toThrow()
      expect(() => nobleAead.open(...args)).toThrow()
      expect(() => sodium.open(k, n, aad, sealed.subarray(0, sealed.length - 1))).toThrow()
      expect(() => sodium.open(k, n, aad, new Uint8Array(15))).toThrow()
    }), { numRuns: 200 })
  })

  it('does not keep views into WASM memory: results survive later calls unchanged', () => {
    const k = new Uint8Array(32).fill(7)
    const n = new Uint8Array(24).fill(9)
    const first = sodium.seal(k, n, new Uint8Array(0), new Uint8Array(64).fill(1))
    const copy = first.slice()
    for (let i = 0; i < 50; i++) sodium.seal(k, n, new Uint8Array(0), new Uint8Array(2048).fill(i))
    expect(first).toEqual(copy)
  })
})

describe('envelopes and service wraps through libsodium', () => {
  it('sealRecord gives byte-identical envelopes; both open them, by DEK and by the patient key', () => {
    const patient = patientKeys(seededRng('sodium-patient'))
    const seal = (aead: Aead): Array<{ envelope: Uint8Array, dek: Uint8Array }> => {
      const rng = seededRng('sodium-same-stream')
      const sealer = createPatientSealer(patient.publicKey, rng)
      const out = Array.from({ length: 5 }, (_, i) => sealRecord({
        plaintext: new TextEncoder().encode(`{"resourceType":"Observation","id":"${i}"}`), binding: { recordId: `r${i}`, version: 1, patientId: 'p' }, sealer, rng, aead
      }))
      sealer.destroy()
      return out
    }
    const viaSodium = seal(sodium)
    expect(viaSodium).toEqual(seal(nobleAead))
    for (const [i, { envelope, dek }] of viaSodium.entries()) {
      const body = `{"resourceType":"Observation","id":"${i}"}`
      const binding = { recordId: `r${i}`, version: 1, patientId: 'p' }
      expect(new TextDecoder().decode(openEnvelope(envelope, binding, dek, sodium))).toBe(body)
      expect(new TextDecoder().decode(openEnvelope(envelope, binding, dek))).toBe(body)
      expect(new TextDecoder().decode(openWithPatientKey(envelope, patient.secretKey, 'p', undefined, sodium).plaintext)).toBe(body)
      expect(codeOf(() => openEnvelope(envelope, { ...binding, version: 2 }, dek, sodium))).toBe('DECRYPT_FAILED')
      expect(codeOf(() => openWithPatientKey(envelope, patient.secretKey, 'q', undefined, sodium))).toBe('DECRYPT_FAILED')
    }
  })

  it('service wraps are byte-identical, unwrap and rewrap across implementations, and fail opaquely', () => {
    const rng = seededRng('sodium-kek')
    const kek = { version: 3, key: rng.bytes(32) }
    const next = { version: 4, key: rng.bytes(32) }
    const binding = { recordId: 'r1', version: 2, patientId: 'p' }
    const dek = rng.bytes(32)
    const viaSodium = wrapDekForService(dek, binding, kek, seededRng('nonce'), sodium)
    expect(viaSodium).toEqual(wrapDekForService(dek, binding, kek, seededRng('nonce')))
    expect(unwrapDekForService(viaSodium, binding, kek)).toEqual(dek)
    expect(unwrapDekForService(viaSodium, binding, kek, sodium)).toEqual(dek)
    const rewrapped = rewrapDek(viaSodium, binding, kek, next, seededRng('n2'), sodium)
    expect(rewrapped).toEqual(rewrapDek(viaSodium, binding, kek, next, seededRng('n2')))
    expect(unwrapDekForService(rewrapped, binding, next, sodium)).toEqual(dek)
    expect(codeOf(() => unwrapDekForService(viaSodium, { ...binding, patientId: 'q' }, kek, sodium))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => unwrapDekForService(viaSodium, binding, { version: 3, key: next.key }, sodium))).toBe('DECRYPT_FAILED')
  })

  it('an Aead that returns the wrong shape cannot produce envelopes or plaintexts', () => {
    const short: Aead = { seal: (k, n, a, p) => nobleAead.seal(k, n, a, p).subarray(1), open: (k, n, a, s) => nobleAead.open(k, n, a, s).subarray(1) }
    const rng = seededRng('bad-aead')
    const kek = { version: 1, key: rng.bytes(32) }
    const binding = { recordId: 'r', version: 1, patientId: 'p' }
    expect(() => wrapDekForService(rng.bytes(32), binding, kek, rng, short)).toThrow(/malformed/)
    const wrapped = wrapDekForService(rng.bytes(32), binding, kek, rng)
    expect(codeOf(() => unwrapDekForService(wrapped, binding, kek, short))).toBe('DECRYPT_FAILED')
  })
})

describe('secret hygiene of the WASM calls', () => {
  it('uses the raw module and leaves no key, plaintext or DEK in the WASM heap after seal, open and a failed open', () => {
    expect(sodiumHeapForTests()).toBeInstanceOf(Uint8Array) // the raw path is in use, not the wrappers' unzeroed helpers
    const rng = seededRng('hygiene')
    const k = rng.bytes(32)
    const plaintext = rng.bytes(1600)
    const dek = rng.bytes(32)
    const [n1, n2, aad] = [rng.bytes(24), rng.bytes(24), rng.bytes(40)]
    const sealed = sodium.seal(k, n1, aad, plaintext)
    const odd = rng.bytes(1601) // a last partial block of 1 byte
    expect(sodium.open(k, n1, aad, sodium.seal(k, n1, aad, odd))).toEqual(odd)
    const wrapped = sodium.seal(k, n2, aad, dek)
    expect(sodium.open(k, n1, aad, sealed)).toEqual(plaintext)
    expect(sodium.open(k, n2, aad, wrapped)).toEqual(dek)
    expect(() => sodium.open(k, n2, aad, sealed)).toThrow()
    // read the heap after the calls: a memory growth would have replaced the view
    const mem = Buffer.from(sodiumHeapForTests()!.buffer)
    for (const secret of [k, plaintext.subarray(0, 32), plaintext.subarray(1500, 1532), dek, dek.subarray(0, 8), odd.subarray(1560, 1568)]) expect(mem.indexOf(Buffer.from(secret))).toBe(-1)
  })
})
