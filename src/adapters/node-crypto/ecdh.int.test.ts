import { secp256k1 } from '@noble/curves/secp256k1.js'
import { describe, expect, it } from 'vitest'
import { createPatientSealer, createPatientSealerAsync, nobleEcdh, openWithPatientKey, sealRecord } from '../../core/envelope/index.ts'
import { patientKeys, seededRng } from '../../core/envelope/test-kit.ts'
import { nodeEcdh } from './ecdh.ts'

const N = secp256k1.Point.CURVE().n
const be32 = (x: bigint): Uint8Array => Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'))

describe('nodeEcdh is bit-identical to core\'s noble default', () => {
  it('agree: same public key and same x for 100 random key pairs (x with leading zero bytes included)', () => {
    const rng = seededRng('node-ecdh-agree')
    let leadingZero = 0
    for (let i = 0; i < 100; i++) {
      const secret = secp256k1.utils.randomSecretKey(rng.bytes(48))
      const point = patientKeys(rng).publicKey
      const native = nodeEcdh.agree(secret, point)
      expect(native).toEqual(nobleEcdh.agree(secret, point))
      expect(native.publicKey).toHaveLength(33)
      expect(native.sharedX).toHaveLength(32)
      if (native.sharedX[0] === 0) leadingZero++
    }
    // sharedX is left-padded, never shortened: force one case with a leading zero byte to be sure
    for (let k = 1n; leadingZero === 0; k++) {
      const point = secp256k1.getPublicKey(be32(7n), true)
      const x = nobleEcdh.agree(be32(k), point).sharedX
      if (x[0] !== 0) continue
      expect(nodeEcdh.agree(be32(k), point)).toEqual(nobleEcdh.agree(be32(k), point))
      leadingZero++
    }
  })

  it('agree: the edge secret keys 1 and n - 1 agree too; 0 and n are refused by both', () => {
    const point = patientKeys(seededRng('edge')).publicKey
    for (const k of [1n, N - 1n]) expect(nodeEcdh.agree(be32(k), point)).toEqual(nobleEcdh.agree(be32(k), point))
    for (const k of [0n, N]) {
      expect(() => nodeEcdh.agree(be32(k), point)).toThrow()
      expect(() => nobleEcdh.agree(be32(k), point)).toThrow()
    }
  })

  it('compress: same result for compressed and uncompressed keys, undefined for the same invalid ones', () => {
    const rng = seededRng('node-ecdh-compress')
    for (let i = 0; i < 100; i++) {
      const { secretKey, publicKey } = patientKeys(rng)
      const full = secp256k1.getPublicKey(secretKey, false)
      expect(nodeEcdh.compress(publicKey)).toEqual(publicKey)
      expect(nodeEcdh.compress(full)).toEqual(publicKey)
      expect(nobleEcdh.compress(full)).toEqual(publicKey)
      const offCurve = full.slice()
      offCurve[64]! ^= 1
      const noSqrt = publicKey.slice()
      while (nobleEcdh.compress(noSqrt) !== undefined) noSqrt[32] = (noSqrt[32]! + 1) & 0xff
      for (const bad of [offCurve, noSqrt, publicKey.subarray(1), Uint8Array.of(5, ...publicKey.subarray(1)), new Uint8Array(33), new Uint8Array(65)]) {
        expect(nodeEcdh.compress(bad)).toBeUndefined()
        expect(nobleEcdh.compress(bad)).toBeUndefined()
      }
    }
  })

  it('agree throws for a point that is not on the curve, like noble', () => {
    const secret = secp256k1.utils.randomSecretKey(seededRng('bad-point').bytes(48))
    const noSqrt = Uint8Array.of(2, ...new Uint8Array(32).fill(0xff))
    expect(nobleEcdh.compress(noSqrt)).toBeUndefined()
    expect(() => nodeEcdh.agree(secret, noSqrt)).toThrow()
    expect(() => nobleEcdh.agree(secret, noSqrt)).toThrow()
  })

  it('envelopes sealed through nodeEcdh are byte-identical to noble ones and open either way', () => {
    const patient = patientKeys(seededRng('patient'))
    const seal = (ecdh: typeof nodeEcdh): Uint8Array[] => {
      const rng = seededRng('same-stream')
      const sealer = createPatientSealer(patient.publicKey, rng, ecdh)
      const out = Array.from({ length: 5 }, (_, i) => sealRecord({
        plaintext: new TextEncoder().encode(`{"resourceType":"Observation","id":"${i}"}`), binding: { recordId: `r${i}`, version: 1, patientId: 'p' }, sealer, rng
      }).envelope)
      sealer.destroy()
      return out
    }
    const native = seal(nodeEcdh)
    expect(native).toEqual(seal(nobleEcdh))
    for (const [i, envelope] of native.entries()) {
      const body = `{"resourceType":"Observation","id":"${i}"}`
      expect(new TextDecoder().decode(openWithPatientKey(envelope, patient.secretKey, 'p', nodeEcdh).plaintext)).toBe(body)
      expect(new TextDecoder().decode(openWithPatientKey(envelope, patient.secretKey, 'p').plaintext)).toBe(body)
    }
  })
})

describe('nodeEcdh.agreeFresh (ephemeral key pair and ECDH on the thread pool)', () => {
  it('agrees with the patient: x(ephemeral · patient) = x(patient secret · ephemeral public key), for 40 keys at once', async () => {
    const rng = seededRng('agree-fresh')
    const patients = Array.from({ length: 40 }, () => patientKeys(rng))
    const results = await Promise.all(patients.map(async (p) => nodeEcdh.agreeFresh!(p.publicKey)))
    for (const [i, { publicKey, sharedX }] of results.entries()) {
      expect(publicKey).toHaveLength(33)
      expect([2, 3]).toContain(publicKey[0])
      expect(nobleEcdh.compress(publicKey)).toEqual(publicKey) // a point of the curve
      expect(sharedX).toEqual(nobleEcdh.agree(patients[i]!.secretKey, publicKey).sharedX)
    }
    // every call draws its own ephemeral key pair, even when the pool runs dry
    expect(new Set(results.map((r) => Buffer.from(r.publicKey).toString('hex'))).size).toBe(40)
  })

  it('uses each pooled key pair once: once the pool has refilled, no two calls share an ephemeral key', async () => {
    const patient = patientKeys(seededRng('pool'))
    await nodeEcdh.agreeFresh!(patient.publicKey) // queues the refill
    await new Promise((resolve) => setTimeout(resolve, 300))
    const results = []
    for (let i = 0; i < 4; i++) results.push(await nodeEcdh.agreeFresh!(patient.publicKey))
    results.push(...await Promise.all(Array.from({ length: 12 }, async () => nodeEcdh.agreeFresh!(patient.publicKey))))
    for (const { publicKey, sharedX } of results) expect(sharedX).toEqual(nobleEcdh.agree(patient.secretKey, publicKey).sharedX)
    expect(new Set(results.map((r) => Buffer.from(r.publicKey).toString('hex'))).size).toBe(results.length)
  })

  it('rejects a point that is not on the curve or not compressed, like agree', async () => {
    const noSqrt = Uint8Array.of(2, ...new Uint8Array(32).fill(0xff))
    const full = secp256k1.getPublicKey(patientKeys(seededRng('full')).secretKey, false)
    for (const bad of [noSqrt, full, new Uint8Array(33), Uint8Array.of(5, ...noSqrt.subarray(1))]) {
      await expect(nodeEcdh.agreeFresh!(bad)).rejects.toThrow()
    }
  })

  it('seals through createPatientSealerAsync into envelopes the patient opens with their key alone', async () => {
    const patient = patientKeys(seededRng('async-patient'))
    const sealer = await createPatientSealerAsync(patient.publicKey, seededRng('unused'), nodeEcdh)
    const body = '{"resourceType":"Observation","id":"o1"}'
    const { envelope } = sealRecord({ plaintext: new TextEncoder().encode(body), binding: { recordId: 'o1', version: 1, patientId: 'p' }, sealer, rng: seededRng('seal') })
    sealer.destroy()
    expect(new TextDecoder().decode(openWithPatientKey(envelope, patient.secretKey, 'p').plaintext)).toBe(body)
    expect(new TextDecoder().decode(openWithPatientKey(envelope, patient.secretKey, 'p', nodeEcdh).plaintext)).toBe(body)
  })
})
