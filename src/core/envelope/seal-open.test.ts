import { secp256k1 } from '@noble/curves/secp256k1.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { RecordBinding } from '../types.ts'
import { encodeEnvelope, parseEnvelope } from './format.ts'
import { openEnvelope, openWithPatientKey } from './open.ts'
import { sealRecord } from './seal.ts'
import { createPatientSealer } from './sealer.ts'
import { codeOf, patientKeys, seededRng } from './test-kit.ts'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const rng = seededRng('seal-open')
const patient = patientKeys(rng)
const other = patientKeys(rng)
const binding: RecordBinding = { recordId: 'Observation/bp-1', version: 1, patientId: 'patient-1' }
const body = text('{"resourceType":"Observation","status":"final","valueQuantity":{"value":120}}')

function sealOne (b: RecordBinding = binding, plaintext: Uint8Array = body): { envelope: Uint8Array, dek: Uint8Array } {
  const sealer = createPatientSealer(patient.publicKey, rng)
  try {
    return sealRecord({ plaintext, binding: b, sealer, rng })
  } finally {
    sealer.destroy()
  }
}

const sealed = sealOne()

describe('sealRecord / open round trip', () => {
  it('opens by the service path (DEK + binding)', () => {
    expect(openEnvelope(sealed.envelope, binding, sealed.dek)).toEqual(body)
  })

  it('opens by the patient path (envelope + private key + own id) and reports the binding', () => {
    const opened = openWithPatientKey(sealed.envelope, patient.secretKey, 'patient-1')
    expect(opened.plaintext).toEqual(body)
    expect(opened.binding).toEqual(binding)
  })

  it('accepts an uncompressed (65-byte) patient public key', () => {
    const sealer = createPatientSealer(secp256k1.getPublicKey(patient.secretKey, false), rng)
    expect(sealer.patientPublicKey).toEqual(patient.publicKey)
    const { envelope } = sealRecord({ plaintext: body, binding, sealer, rng })
    expect(openWithPatientKey(envelope, patient.secretKey, 'patient-1').plaintext).toEqual(body)
  })

  it('round-trips any body and binding by both paths (property)', () => {
    const sealer = createPatientSealer(patient.publicKey, rng)
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
      fc.integer({ min: 0, max: 0xffff_ffff }),
      fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
      (plaintext, recordId, version, patientId) => {
        const b = { recordId, version, patientId }
        const { envelope, dek } = sealRecord({ plaintext, binding: b, sealer, rng })
        expect(openEnvelope(envelope, b, dek)).toEqual(plaintext)
        expect(openWithPatientKey(envelope, patient.secretKey, patientId)).toEqual({ plaintext, binding: b })
      }), { numRuns: 60 })
  })

  it('opens every one of many records sealed with one sealer by the patient key', () => {
    const sealer = createPatientSealer(patient.publicKey, rng)
    const records = Array.from({ length: 50 }, (_, i) => {
      const b = { recordId: `Observation/${i}`, version: 1 + (i % 3), patientId: 'patient-1' }
      const plaintext = text(`{"n":${i}}`)
      return { b, plaintext, ...sealRecord({ plaintext, binding: b, sealer, rng }) }
    })
    sealer.destroy()
    const ephemeral = parseEnvelope(records[0]!.envelope).ephemeralPublicKey
    for (const r of records) {
      expect(parseEnvelope(r.envelope).ephemeralPublicKey).toEqual(ephemeral)
      expect(openWithPatientKey(r.envelope, patient.secretKey, 'patient-1')).toEqual({ plaintext: r.plaintext, binding: r.b })
      expect(openEnvelope(r.envelope, r.b, r.dek)).toEqual(r.plaintext)
    }
    expect(new Set(records.map((r) => Buffer.from(r.dek).toString('hex'))).size).toBe(records.length)
  })

  it('draws a fresh DEK and nonces for each version of the same record', () => {
    const a = sealOne()
    const b = sealOne()
    expect(a.dek).not.toEqual(b.dek)
    expect(a.envelope).not.toEqual(b.envelope)
  })

  it('is deterministic for a given Rng stream', () => {
    const once = (): Uint8Array => {
      const r = seededRng('fixed')
      const sealer = createPatientSealer(patient.publicKey, r)
      return sealRecord({ plaintext: body, binding, sealer, rng: r }).envelope
    }
    expect(once()).toEqual(once())
  })
})

describe('failures', () => {
  const { envelope, dek } = sealOne({ recordId: 'r', version: 2, patientId: 'p' }, text('small body'))
  const b = { recordId: 'r', version: 2, patientId: 'p' }

  it('a changed byte anywhere fails on both paths, never returning plaintext (every position, two flips)', () => {
    for (let i = 0; i < envelope.length; i++) {
      for (const flip of [0x01, 0xff]) {
        const bad = envelope.slice()
        bad[i]! ^= flip
        expect(['DECRYPT_FAILED', 'ENVELOPE_MALFORMED'], `service, byte ${i}`).toContain(codeOf(() => openEnvelope(bad, b, dek)))
        expect(['DECRYPT_FAILED', 'ENVELOPE_MALFORMED'], `patient, byte ${i}`).toContain(codeOf(() => openWithPatientKey(bad, patient.secretKey, 'p')))
      }
    }
  })

  it('a changed byte in a larger envelope fails (property over positions and values)', () => {
    const big = sealOne(binding, new Uint8Array(1500).fill(7))
    fc.assert(fc.property(
      fc.integer({ min: 0, max: big.envelope.length - 1 }),
      fc.integer({ min: 1, max: 255 }),
      (i, flip) => {
        const bad = big.envelope.slice()
        bad[i]! ^= flip
        expect(['DECRYPT_FAILED', 'ENVELOPE_MALFORMED']).toContain(codeOf(() => openEnvelope(bad, binding, big.dek)))
        expect(['DECRYPT_FAILED', 'ENVELOPE_MALFORMED']).toContain(codeOf(() => openWithPatientKey(bad, patient.secretKey, 'patient-1')))
      }), { numRuns: 150 })
  })

  it('truncated envelopes are ENVELOPE_MALFORMED on both paths', () => {
    for (let n = 0; n < envelope.length; n++) {
      const cut = envelope.subarray(0, n)
      expect(codeOf(() => openEnvelope(cut, b, dek))).toBe('ENVELOPE_MALFORMED')
      expect(codeOf(() => openWithPatientKey(cut, patient.secretKey, 'p'))).toBe('ENVELOPE_MALFORMED')
    }
  })

  it.each([
    ['recordId', { ...b, recordId: 'r2' }],
    ['version', { ...b, version: 3 }],
    ['patientId', { ...b, patientId: 'q' }]
  ])('a changed %s in the binding fails the service path', (_name, wrong) => {
    expect(codeOf(() => openEnvelope(envelope, wrong, dek))).toBe('DECRYPT_FAILED')
  })

  it('a wrong patientId fails the patient path', () => {
    expect(codeOf(() => openWithPatientKey(envelope, patient.secretKey, 'q'))).toBe('DECRYPT_FAILED')
  })

  it.each([
    ['recordId', { recordId: 'r2' }],
    ['version', { version: 3 }]
  ])('an envelope relabelled with another %s fails both paths', (_name, patch) => {
    const relabelled = encodeEnvelope({ ...parseEnvelope(envelope), ...patch })
    expect(codeOf(() => openEnvelope(relabelled, { ...b, ...patch }, dek))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => openWithPatientKey(relabelled, patient.secretKey, 'p'))).toBe('DECRYPT_FAILED')
  })

  it('fields spliced from another envelope of the same batch fail', () => {
    const sealer = createPatientSealer(patient.publicKey, rng)
    const x = sealRecord({ plaintext: body, binding: b, sealer, rng })
    const y = sealRecord({ plaintext: body, binding: b, sealer, rng })
    const px = parseEnvelope(x.envelope)
    const py = parseEnvelope(y.envelope)
    for (const key of ['wrapNonce', 'wrappedDek', 'bodyNonce', 'ciphertext'] as const) {
      const spliced = encodeEnvelope({ ...px, [key]: py[key] })
      expect(codeOf(() => openWithPatientKey(spliced, patient.secretKey, 'p')), key).toBe('DECRYPT_FAILED')
      expect(codeOf(() => openEnvelope(spliced, b, x.dek)), key).toBe('DECRYPT_FAILED')
    }
  })

  it('a wrong DEK fails', () => {
    expect(codeOf(() => openEnvelope(envelope, b, new Uint8Array(32)))).toBe('DECRYPT_FAILED')
    expect(codeOf(() => openEnvelope(envelope, b, sealed.dek))).toBe('DECRYPT_FAILED')
  })

  it('a wrong patient key fails', () => {
    expect(codeOf(() => openWithPatientKey(envelope, other.secretKey, 'p'))).toBe('DECRYPT_FAILED')
  })

  it('all decryption failures carry the same opaque message and no info', () => {
    const errors = [
      () => openEnvelope(envelope, b, new Uint8Array(32)),
      () => openWithPatientKey(envelope, other.secretKey, 'p'),
      () => openWithPatientKey(envelope, patient.secretKey, 'q')
    ].map((fn) => {
      try {
        fn()
      } catch (err) {
        return err as Error & { info: unknown }
      }
      throw new Error('did not throw')
    })
    expect(new Set(errors.map((e) => e.message)).size).toBe(1)
    for (const e of errors) expect(e.info).toEqual({})
  })

  it('bad arguments are BAD_INPUT', () => {
    expect(codeOf(() => openEnvelope(envelope, b, new Uint8Array(31)))).toBe('BAD_INPUT')
    expect(codeOf(() => openEnvelope(envelope, { ...b, patientId: '' }, dek))).toBe('BAD_INPUT')
    expect(codeOf(() => openWithPatientKey(envelope, new Uint8Array(32), 'p'))).toBe('BAD_INPUT')
    expect(codeOf(() => openWithPatientKey(envelope, patient.publicKey, 'p'))).toBe('BAD_INPUT')
    expect(codeOf(() => openWithPatientKey(envelope, patient.secretKey, ''))).toBe('BAD_INPUT')
    const sealer = createPatientSealer(patient.publicKey, rng)
    expect(codeOf(() => sealRecord({ plaintext: 'text' as never, binding: b, sealer, rng }))).toBe('BAD_INPUT')
    expect(codeOf(() => sealRecord({ plaintext: body, binding: { ...b, version: -1 }, sealer, rng }))).toBe('BAD_INPUT')
    expect(codeOf(() => sealRecord({ plaintext: body, binding: b, sealer: { ...sealer }, rng }))).toBe('BAD_INPUT')
    expect(codeOf(() => sealRecord({ plaintext: body, binding: b, sealer, rng: { bytes: () => new Uint8Array(1) } }))).toBe('BAD_INPUT')
  })
})
