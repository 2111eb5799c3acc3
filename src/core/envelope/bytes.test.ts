import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concat, lengthPrefixed, u32Bytes, utf8Encode } from './bytes.ts'
import { codeOf } from './test-kit.ts'

const te = new TextEncoder()
const naiveConcat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))

describe('envelope byte helpers (fast paths give the same bytes as the plain ones)', () => {
  it('utf8Encode equals TextEncoder for well-formed strings: ASCII, short, long (> 128 units), any Unicode', () => {
    fc.assert(fc.property(fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 300 })
    ), (s) => {
      expect(utf8Encode(s, 'id')).toEqual(te.encode(s))
    }), { numRuns: 500 })
  })

  it('utf8Encode still refuses a lone surrogate, short or long, after an ASCII prefix', () => {
    for (const s of ['abc\uD800', '\uDC00', `${'a'.repeat(200)}\uD800x`, 'x\uDBFFy']) expect(codeOf(() => utf8Encode(s, 'id'))).toBe('BAD_INPUT')
  })

  it('concat and lengthPrefixed equal the naive encodings for parts around the 64-byte copy threshold', () => {
    const part = fc.integer({ min: 0, max: 140 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
    fc.assert(fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
      expect(concat(...parts)).toEqual(naiveConcat(...parts))
      expect(lengthPrefixed(...parts)).toEqual(naiveConcat(...parts.flatMap((p) => [u32Bytes(p.length), p])))
    }), { numRuns: 300 })
  })
})
