import { describe, expect, it } from 'vitest'
import { MedledgerError } from './errors.ts'
import { fromHex, toHex } from './hex.ts'

function codeOf (call: () => unknown): string | undefined {
  try { call() } catch (err) { return err instanceof MedledgerError ? err.code : 'NOT_A_MEDLEDGER_ERROR' }
  return undefined
}

describe('hex helpers', () => {
  it('round-trips and writes lowercase without a prefix', () => {
    const bytes = new Uint8Array([0x00, 0x0f, 0xab, 0xff])
    expect(toHex(bytes)).toBe('000fabff')
    expect(fromHex('000fabff')).toEqual(bytes)
    expect(fromHex('000FABFF')).toEqual(bytes)
    expect(toHex(new Uint8Array(0))).toBe('')
    expect(fromHex('')).toEqual(new Uint8Array(0))
  })

  it.each([
    ['odd length', 'abc'],
    ['non-hex character', 'zz'],
    ['0x prefix', '0xab'],
    ['whitespace', 'ab '],
    ['not a string', 42 as unknown as string]
  ])('fromHex rejects %s with BAD_INPUT', (_desc, input) => {
    expect(codeOf(() => fromHex(input))).toBe('BAD_INPUT')
  })

  it('toHex rejects non-bytes with BAD_INPUT', () => {
    expect(codeOf(() => toHex([1, 2] as unknown as Uint8Array))).toBe('BAD_INPUT')
  })
})
