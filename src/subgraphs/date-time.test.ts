import { describe, expect, it } from 'vitest'
import { DateTimeScalar } from './date-time.ts'

describe('the DateTime scalar', () => {
  it('writes epoch milliseconds and Dates as toISOString does, and a string as it is', () => {
    for (const ms of [0, 1_767_225_600_123, Date.UTC(1999, 11, 31, 23, 59, 59, 999)]) {
      expect(DateTimeScalar.serialize(ms)).toBe(new Date(ms).toISOString())
      expect(DateTimeScalar.serialize(new Date(ms))).toBe(new Date(ms).toISOString())
    }
    expect(DateTimeScalar.serialize('2026-01-02T03:04:05.678Z')).toBe('2026-01-02T03:04:05.678Z')
  })

  it('reads inputs as given, as a scalar without a resolver did', () => {
    expect(DateTimeScalar.parseValue('2026-01-02')).toBe('2026-01-02')
    expect(DateTimeScalar.parseValue(5)).toBe(5)
  })

  it('refuses a number that is no time, as toISOString did', () => {
    expect(() => DateTimeScalar.serialize(Number.NaN)).toThrow(RangeError)
  })
})
