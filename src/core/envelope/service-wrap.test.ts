import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openEnvelope, openWithPatientKey } from './open.ts'
import { sealRecord } from './seal.ts'
import { createPatientSealer } from './sealer.ts'
import type { Kek } from './service-wrap.ts'
import { rewrapDek, SERVICE_WRAPPED_BYTES, unwrapDekForService, wrapDekForService } from './service-wrap.ts'
import { codeOf, patientKeys, seededRng } from './test-kit.ts'

const rng = seededRng('service-wrap')
const kek1: Kek = { version: 1, key: rng.bytes(32) }
const kek2: Kek = { version: 2, key: rng.bytes(32) }
const binding = { recordId: 'Condition/9', version: 4, patientId: 'patient-3' }
const dek = rng.bytes(32)

describe('wrapDekForService / unwrapDekForService', () => {
  it('round-trips and records the KEK version', () => {
    const wrapped = wrapDekForService(dek, binding, kek1, rng)
    expect(wrapped.kekVersion).toBe(1)
    expect(wrapped.wrapped.length).toBe(SERVICE_WRAPPED_BYTES)
    expect(unwrapDekForService(wrapped, binding, kek1)).toEqual(dek)
  })

  it('round-trips any DEK and binding (property)', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
      fc.integer({ min: 0, max: 0xffff_ffff }),
      (d, recordId, version) => {
        const b = { ...binding, recordId, version }
        expect(unwrapDekForService(wrapDekForService(d, b, kek1, rng), b, kek1)).toEqual(d)
      }))
  })

  it('uses a fresh nonce each time', () => {
    expect(wrapDekForService(dek, binding, kek1, rng).wrapped).not.toEqual(wrapDekForService(dek, binding, kek1, rng).wrapped)
  })

  const wrapped = wrapDekForService(dek, binding, kek1, rng)

  it('a wrong KEK key, a wrong KEK version or a wrong binding fails with DECRYPT_FAILED', () => {
    expect(codeOf(() => unwrapDekForService(wrapped, binding, { version: 1, key: kek2.key }))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => unwrapDekForService(wrapped, binding, { version: 2, key: kek1.key }))).toBe('DECRYPT_FAILED')
    // The version is in the AAD too, not only compared.
    expect(codeOf(() => unwrapDekForService({ ...wrapped, kekVersion: 2 }, binding, { version: 2, key: kek1.key }))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => unwrapDekForService(wrapped, { ...binding, recordId: 'Condition/8' }, kek1))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => unwrapDekForService(wrapped, { ...binding, version: 5 }, kek1))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => unwrapDekForService(wrapped, { ...binding, patientId: 'patient-4' }, kek1))).toBe('DECRYPT_FAILED')
  })

  it('a changed byte anywhere in the wrap fails with DECRYPT_FAILED', () => {
    for (let i = 0; i < wrapped.wrapped.length; i++) {
      const bad = wrapped.wrapped.slice()
      bad[i]! ^= 0x01
      expect(codeOf(() => unwrapDekForService({ ...wrapped, wrapped: bad }, binding, kek1)), `byte ${i}`).toBe('DECRYPT_FAILED')
    }
  })

  it('bad arguments are BAD_INPUT', () => {
    expect(codeOf(() => wrapDekForService(new Uint8Array(16), binding, kek1, rng))).toBe('BAD_INPUT')
    expect(codeOf(() => wrapDekForService(dek, binding, { version: 1, key: new Uint8Array(16) }, rng))).toBe('BAD_INPUT')
    expect(codeOf(() => wrapDekForService(dek, binding, { version: -1, key: kek1.key }, rng))).toBe('BAD_INPUT')
    expect(codeOf(() => unwrapDekForService({ ...wrapped, wrapped: wrapped.wrapped.subarray(1) }, binding, kek1))).toBe('BAD_INPUT')
  })
})

describe('rewrapDek', () => {
  it('moves a DEK to a new KEK without touching the envelope bytes', () => {
    const patient = patientKeys(rng)
    const sealer = createPatientSealer(patient.publicKey, rng)
    const sealed = sealRecord({ plaintext: new TextEncoder().encode('body'), binding, sealer, rng })
    const before = sealed.envelope.slice()
    const old = wrapDekForService(sealed.dek, binding, kek1, rng)
    sealed.dek.fill(0)

    const rewrapped = rewrapDek(old, binding, kek1, kek2, rng)
    expect(rewrapped.kekVersion).toBe(2)
    expect(sealed.envelope).toEqual(before)
    const dekAgain = unwrapDekForService(rewrapped, binding, kek2)
    expect(new TextDecoder().decode(openEnvelope(sealed.envelope, binding, dekAgain))).toBe('body')
    expect(codeOf(() => unwrapDekForService(rewrapped, binding, kek1))).toBe('DECRYPT_FAILED')
    expect(openWithPatientKey(sealed.envelope, patient.secretKey, binding.patientId).plaintext).toEqual(new TextEncoder().encode('body'))
  })

  it('fails with DECRYPT_FAILED when the old KEK does not open the wrap', () => {
    const old = wrapDekForService(dek, binding, kek1, rng)
    expect(codeOf(() => rewrapDek(old, binding, { version: 1, key: kek2.key }, kek2, rng))).toBe('DECRYPT_FAILED')
  })
})
