import { secp256k1 } from '@noble/curves/secp256k1.js'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ecdhSharedX } from './ecdh.ts'
import { openWithPatientKey } from './open.ts'
import { sealRecord } from './seal.ts'
import { createPatientSealer, createPatientSealerAsync } from './sealer.ts'
import { nobleEcdh } from './ecdh-port.ts'
import { codeOf, patientKeys, seededRng } from './test-kit.ts'

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

describe('createPatientSealerAsync', () => {
  it('without agreeFresh it is createPatientSealer: same rng stream, byte-identical envelopes', async () => {
    const seal = (sealer: ReturnType<typeof createPatientSealer>, r: ReturnType<typeof seededRng>): Uint8Array =>
      sealRecord({ plaintext: body, binding: { recordId: 'r', version: 1, patientId: 'p' }, sealer, rng: r }).envelope
    const r1 = seededRng('same')
    const r2 = seededRng('same')
    expect(seal(await createPatientSealerAsync(patient.publicKey, r1), r1)).toEqual(seal(createPatientSealer(patient.publicKey, r2), r2))
  })

  it('uses agreeFresh when the adapter has it (no ephemeral drawn from rng) and seals envelopes the patient opens', async () => {
    const fixedSecret = secp256k1.utils.randomSecretKey(seededRng('adapter-secret').bytes(48))
    const agreeFresh = vi.fn(async (point: Uint8Array) => nobleEcdh.agree(fixedSecret, point))
    const drawn = vi.fn((n: number) => new Uint8Array(n))
    const sealer = await createPatientSealerAsync(patient.publicKey, { bytes: drawn }, { ...nobleEcdh, agreeFresh })
    expect(agreeFresh).toHaveBeenCalledTimes(1)
    expect(drawn).not.toHaveBeenCalled()
    expect(sealer.ephemeralPublicKey).toEqual(secp256k1.getPublicKey(fixedSecret, true))
    const { envelope } = sealRecord({ plaintext: body, binding: { recordId: 'r', version: 1, patientId: 'p' }, sealer, rng })
    expect(openWithPatientKey(envelope, patient.secretKey, 'p').plaintext).toEqual(body)
  })

  it('refuses a malformed agreeFresh result and wipes the x it got', async () => {
    const x = new Uint8Array(32).fill(7)
    const bad = [
      { publicKey: new Uint8Array(32), sharedX: x },
      { publicKey: Uint8Array.of(4, ...new Uint8Array(32)), sharedX: x },
      { publicKey: patient.publicKey, sharedX: new Uint8Array(31) }
    ]
    for (const result of bad) {
      x.fill(7)
      await expect(createPatientSealerAsync(patient.publicKey, rng, { ...nobleEcdh, agreeFresh: async () => result })).rejects.toThrow('malformed')
      if (result.sharedX === x) expect(x.every((b) => b === 0)).toBe(true)
    }
  })

  it('rejects invalid patient keys with BAD_INPUT before asking the adapter', async () => {
    const agreeFresh = vi.fn(async (point: Uint8Array) => nobleEcdh.agree(patient.secretKey, point))
    await expect(createPatientSealerAsync(new Uint8Array(33), rng, { ...nobleEcdh, agreeFresh })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    expect(agreeFresh).not.toHaveBeenCalled()
  })
})
