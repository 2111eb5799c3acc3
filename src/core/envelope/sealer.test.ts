import { secp256k1 } from '@noble/curves/secp256k1.js'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ecdhSharedX } from './ecdh.ts'
import { openWithPatientKey } from './open.ts'
import { sealRecord } from './seal.ts'
import { createPatientSealer } from './sealer.ts'
import { codeOf, patientKeys, seededRng } from './test-helpers.ts'

// Count the module's one variable-base scalar multiplication (the ~2 ms ECDH) without changing it.
vi.mock('./ecdh.ts', { spy: true })

const rng = seededRng('sealer')
const patient = patientKeys(rng)
const body = new TextEncoder().encode('{"resourceType":"Condition"}')

describe('createPatientSealer', () => {
  beforeEach(() => {
    vi.mocked(ecdhSharedX).mockClear()
  })

  it('does exactly ONE ECDH for a batch of 200 records', () => {
    const sealer = createPatientSealer(patient.publicKey, rng)
    const envelopes = Array.from({ length: 200 }, (_, i) =>
      sealRecord({ plaintext: body, binding: { recordId: `Condition/${i}`, version: 1, patientId: 'p' }, sealer, rng }).envelope)
    sealer.destroy()
    expect(vi.mocked(ecdhSharedX)).toHaveBeenCalledTimes(1)
    // ...and the envelopes are still good.
    expect(openWithPatientKey(envelopes[199]!, patient.secretKey, 'p').plaintext).toEqual(body)
  })

  it('does one ECDH per sealer, so per batch, not per record', () => {
    for (let batch = 0; batch < 3; batch++) {
      const sealer = createPatientSealer(patient.publicKey, rng)
      for (let i = 0; i < 10; i++) sealRecord({ plaintext: body, binding: { recordId: `r${i}`, version: batch, patientId: 'p' }, sealer, rng })
      sealer.destroy()
    }
    expect(vi.mocked(ecdhSharedX)).toHaveBeenCalledTimes(3)
  })

  it('exposes copies of the public keys only', () => {
    const sealer = createPatientSealer(secp256k1.getPublicKey(patient.secretKey, false), rng)
    expect(sealer.patientPublicKey).toEqual(patient.publicKey)
    expect(sealer.ephemeralPublicKey.length).toBe(33)
    sealer.ephemeralPublicKey.fill(0)
    expect(sealer.ephemeralPublicKey[0]).not.toBe(0)
    expect(Object.keys(sealer)).not.toContain('prk')
  })

  it('refuses to seal after destroy()', () => {
    const sealer = createPatientSealer(patient.publicKey, rng)
    sealer.destroy()
    sealer.destroy()
    expect(sealer.destroyed).toBe(true)
    expect(codeOf(() => sealRecord({ plaintext: body, binding: { recordId: 'r', version: 1, patientId: 'p' }, sealer, rng }))).toBe('BAD_INPUT')
  })

  it('rejects invalid patient keys with BAD_INPUT', () => {
    const notOnCurve = Uint8Array.from([2, ...new Uint8Array(32).fill(0xff)])
    for (const key of [new Uint8Array(33), new Uint8Array(65), notOnCurve, patient.secretKey, patient.publicKey.subarray(1), 'key']) {
      expect(codeOf(() => createPatientSealer(key as Uint8Array, rng))).toBe('BAD_INPUT')
    }
  })
})
