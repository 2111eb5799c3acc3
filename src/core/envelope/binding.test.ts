import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeBinding, MAX_ID_BYTES } from './binding.ts'
import { codeOf } from './test-kit.ts'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('encodeBinding', () => {
  it('writes u32be len || recordId || u32be version || u32be len || patientId', () => {
    expect(hex(encodeBinding({ recordId: 'r1', version: 258, patientId: 'p' })))
      .toBe('00000002' + '7231' + '00000102' + '00000001' + '70')
  })

  it('separates ids that plain concatenation would merge', () => {
    const a = encodeBinding({ recordId: 'ab', version: 1, patientId: 'c' })
    const b = encodeBinding({ recordId: 'a', version: 1, patientId: 'bc' })
    expect(hex(a)).not.toBe(hex(b))
  })

  it('is injective (property)', () => {
    const binding = fc.record({
      recordId: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
      version: fc.integer({ min: 0, max: 0xffff_ffff }),
      patientId: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' })
    })
    fc.assert(fc.property(binding, binding, (x, y) => {
      const same = x.recordId === y.recordId && x.version === y.version && x.patientId === y.patientId
      expect(hex(encodeBinding(x)) === hex(encodeBinding(y))).toBe(same)
    }))
  })

  it.each([
    ['empty recordId', { recordId: '', version: 1, patientId: 'p' }],
    ['empty patientId', { recordId: 'r', version: 1, patientId: '' }],
    ['lone surrogate', { recordId: 'r\uD800', version: 1, patientId: 'p' }],
    ['lone low surrogate in patientId', { recordId: 'r', version: 1, patientId: '\uDC00p' }],
    ['reversed surrogate pair', { recordId: 'r\uDE00\uD83D', version: 1, patientId: 'p' }],
    ['too long id', { recordId: 'x'.repeat(MAX_ID_BYTES + 1), version: 1, patientId: 'p' }],
    ['negative version', { recordId: 'r', version: -1, patientId: 'p' }],
    ['fractional version', { recordId: 'r', version: 1.5, patientId: 'p' }],
    ['version above u32', { recordId: 'r', version: 2 ** 32, patientId: 'p' }],
    ['non-string id', { recordId: 7, version: 1, patientId: 'p' }]
  ])('rejects %s with BAD_INPUT', (_name, binding) => {
    expect(codeOf(() => encodeBinding(binding as never))).toBe('BAD_INPUT')
  })

  it('accepts a well-formed surrogate pair (4 UTF-8 bytes)', () => {
    expect(encodeBinding({ recordId: 'r\uD83D\uDE00', version: 1, patientId: 'p' })).toEqual(
      Uint8Array.of(0, 0, 0, 5, 0x72, 0xf0, 0x9f, 0x98, 0x80, 0, 0, 0, 1, 0, 0, 0, 1, 0x70))
  })

  it('accepts an id of exactly MAX_ID_BYTES UTF-8 bytes', () => {
    expect(encodeBinding({ recordId: 'é'.repeat(MAX_ID_BYTES / 2), version: 0, patientId: 'p' }).length).toBe(4 + MAX_ID_BYTES + 4 + 4 + 1)
  })
})
