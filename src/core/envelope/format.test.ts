import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isError } from '../errors.ts'
import type { SealedEnvelope } from './format.ts'
import { encodeEnvelope, ENVELOPE_MAGIC, parseEnvelope } from './format.ts'
import { createPatientSealer } from './sealer.ts'
import { sealRecord } from './seal.ts'
import { codeOf, patientKeys, seededRng } from './test-kit.ts'

const rng = seededRng('format')
const patient = patientKeys(rng)
const sealer = createPatientSealer(patient.publicKey, rng)
const binding = { recordId: 'Observation/42', version: 3, patientId: 'patient-7' }
const { envelope } = sealRecord({ plaintext: new TextEncoder().encode('{"resourceType":"Observation"}'), binding, sealer, rng })

const u32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]

/** Header bytes up to (not including) the recordId field, then fields as given. */
function build (fields: number[][]): Uint8Array {
  return Uint8Array.from([...ENVELOPE_MAGIC, 1, ...fields.flat()])
}

const field = (bytes: number[]): number[] => [...u32(bytes.length), ...bytes]

function validFields (): number[][] {
  const e = parseEnvelope(envelope)
  return [
    field([...new TextEncoder().encode(e.recordId)]),
    field(u32(e.version)),
    field([...e.ephemeralPublicKey]),
    field([...e.wrapNonce]),
    field([...e.wrappedDek]),
    field([...e.bodyNonce]),
    field([...e.ciphertext])
  ]
}

const malformedField = (bytes: Uint8Array): unknown => {
  try {
    parseEnvelope(bytes)
  } catch (err) {
    if (isError(err, 'ENVELOPE_MALFORMED')) return err.info.field
    throw err
  }
  return 'NO_THROW'
}

describe('parseEnvelope', () => {
  it('reads the fields written by sealRecord', () => {
    const e = parseEnvelope(envelope)
    expect(e).toMatchObject({ formatVersion: 1, recordId: 'Observation/42', version: 3 })
    expect(e.ephemeralPublicKey).toEqual(sealer.ephemeralPublicKey)
    expect([e.wrapNonce.length, e.wrappedDek.length, e.bodyNonce.length, e.ciphertext.length]).toEqual([24, 48, 24, 30 + 16])
  })

  it('follows the documented layout byte for byte', () => {
    expect(build(validFields())).toEqual(envelope)
  })

  it('returns copies: mutating the result does not touch the input', () => {
    const before = envelope.slice()
    parseEnvelope(envelope).ciphertext.fill(0)
    expect(envelope).toEqual(before)
  })

  it('round-trips through encodeEnvelope (property)', () => {
    const arb: fc.Arbitrary<SealedEnvelope> = fc.record({
      formatVersion: fc.constant(1 as const),
      recordId: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
      version: fc.integer({ min: 0, max: 0xffff_ffff }),
      ephemeralPublicKey: fc.tuple(fc.constantFrom(2, 3), fc.uint8Array({ minLength: 32, maxLength: 32 }))
        .map(([p, x]) => Uint8Array.from([p, ...x])),
      wrapNonce: fc.uint8Array({ minLength: 24, maxLength: 24 }),
      wrappedDek: fc.uint8Array({ minLength: 48, maxLength: 48 }),
      bodyNonce: fc.uint8Array({ minLength: 24, maxLength: 24 }),
      ciphertext: fc.uint8Array({ minLength: 16, maxLength: 200 })
    })
    fc.assert(fc.property(arb, (e) => {
      const bytes = encodeEnvelope(e)
      expect(parseEnvelope(bytes)).toEqual(e)
      expect(encodeEnvelope(parseEnvelope(bytes))).toEqual(bytes)
    }))
  })

  it('rejects every truncation with ENVELOPE_MALFORMED', () => {
    for (let n = 0; n < envelope.length; n++) {
      expect(codeOf(() => parseEnvelope(envelope.subarray(0, n))), `length ${n}`).toBe('ENVELOPE_MALFORMED')
    }
  })

  it('names the truncated field', () => {
    expect(malformedField(envelope.subarray(0, 3))).toBe('magic')
    expect(malformedField(envelope.subarray(0, 4))).toBe('formatVersion')
    expect(malformedField(envelope.subarray(0, 7))).toBe('recordId')
    expect(malformedField(envelope.subarray(0, envelope.length - 1))).toBe('ciphertext')
  })

  it('rejects trailing bytes', () => {
    expect(malformedField(Uint8Array.from([...envelope, 0]))).toBe('ciphertext')
  })

  it.each([
    ['magic', (f: number[][]) => Uint8Array.from([0x4d, 0x4c, 0x45, 0x32, 1, ...f.flat()])],
    ['formatVersion', (f: number[][]) => Uint8Array.from([...ENVELOPE_MAGIC, 2, ...f.flat()])],
    ['recordId', (f: number[][]) => build([field([]), ...f.slice(1)])],
    ['recordId', (f: number[][]) => build([field([0xff, 0xfe]), ...f.slice(1)])],
    ['recordId', (f: number[][]) => build([field(new Array<number>(1025).fill(0x61)), ...f.slice(1)])],
    ['version', (f: number[][]) => build([f[0]!, field([0, 0, 1]), ...f.slice(2)])],
    ['ephemeralPublicKey', (f: number[][]) => build([f[0]!, f[1]!, field(new Array<number>(33).fill(4)), ...f.slice(3)])],
    ['ephemeralPublicKey', (f: number[][]) => build([f[0]!, f[1]!, field(new Array<number>(65).fill(4)), ...f.slice(3)])],
    ['wrapNonce', (f: number[][]) => build([...f.slice(0, 3), field(new Array<number>(12).fill(0)), ...f.slice(4)])],
    ['wrappedDek', (f: number[][]) => build([...f.slice(0, 4), field(new Array<number>(32).fill(0)), ...f.slice(5)])],
    ['bodyNonce', (f: number[][]) => build([...f.slice(0, 5), field(new Array<number>(25).fill(0)), ...f.slice(6)])],
    ['ciphertext', (f: number[][]) => build([...f.slice(0, 6), field(new Array<number>(15).fill(0))])]
  ])('names a bad %s', (name, make) => {
    expect(malformedField(make(validFields()))).toBe(name)
  })

  it('keeps a leading byte-order mark in recordId (decode → encode is exact)', () => {
    const e = { ...parseEnvelope(envelope), recordId: '\uFEFFr' }
    expect(parseEnvelope(encodeEnvelope(e)).recordId).toBe('\uFEFFr')
  })

  it('rejects a non-Uint8Array with BAD_INPUT', () => {
    expect(codeOf(() => parseEnvelope('MLE1' as never))).toBe('BAD_INPUT')
  })
})

describe('encodeEnvelope', () => {
  it.each([
    ['short wrapNonce', { wrapNonce: new Uint8Array(23) }],
    ['uncompressed ephemeral key', { ephemeralPublicKey: new Uint8Array(33).fill(4) }],
    ['ciphertext without tag', { ciphertext: new Uint8Array(15) }],
    ['unknown format version', { formatVersion: 2 }],
    ['bad recordId', { recordId: '' }]
  ])('rejects %s with BAD_INPUT', (_name, patch) => {
    expect(codeOf(() => encodeEnvelope({ ...parseEnvelope(envelope), ...patch } as SealedEnvelope))).toBe('BAD_INPUT')
  })
})
