import { describe, expect, it } from 'vitest'
import { offeredRing, ringOf } from './index.ts'

describe('escalation rings', () => {
  const policy = { ringSize: 2, timeoutMs: 1000 }
  it('puts candidates in rings and offers the next ring after each timeout', () => {
    expect([0, 1, 2, 3, 4].map((p) => ringOf(p, 2))).toEqual([0, 0, 1, 1, 2])
    expect(offeredRing(0, 0, 5, policy)).toEqual({ ring: 0, exhausted: false })
    expect(offeredRing(0, 999, 5, policy)).toEqual({ ring: 0, exhausted: false })
    expect(offeredRing(0, 1000, 5, policy)).toEqual({ ring: 1, exhausted: false })
    expect(offeredRing(0, 2500, 5, policy)).toEqual({ ring: 2, exhausted: false })
    expect(offeredRing(0, 3000, 5, policy)).toEqual({ ring: 2, exhausted: true })
    expect(offeredRing(0, 0, 0, policy)).toEqual({ ring: 0, exhausted: true })
  })
  it('refuses bad arguments', () => {
    expect(() => ringOf(-1)).toThrow(RangeError)
    expect(() => offeredRing(10, 5, 3, policy)).toThrow(RangeError)
    expect(() => offeredRing(0, 5, 3, { ringSize: 2, timeoutMs: 0 })).toThrow(RangeError)
  })
})

describe('webhook retry delay', () => {
  it('doubles from 1 s and caps at 5 min', async () => {
    const { retryDelayMs, MAX_RETRY_MS } = await import('./index.ts')
    expect([1, 2, 3, 9, 10, 100].map(retryDelayMs)).toEqual([1000, 2000, 4000, 256_000, MAX_RETRY_MS, MAX_RETRY_MS])
    expect(() => retryDelayMs(0)).toThrow(RangeError)
  })
})

describe('break-glass', () => {
  it('opens when contacts cannot reach M, or after the wait', async () => {
    const { breakGlassAllowed, BREAK_GLASS_WAIT_MS } = await import('./index.ts')
    expect(breakGlassAllowed({ acceptedContacts: 1, threshold: 2, openedAt: 0, now: 0 })).toBe(true)
    expect(breakGlassAllowed({ acceptedContacts: 2, threshold: 2, openedAt: 0, now: BREAK_GLASS_WAIT_MS - 1 })).toBe(false)
    expect(breakGlassAllowed({ acceptedContacts: 2, threshold: 2, openedAt: 0, now: BREAK_GLASS_WAIT_MS })).toBe(true)
    expect(() => breakGlassAllowed({ acceptedContacts: -1, threshold: 2, openedAt: 0, now: 0 })).toThrow(RangeError)
  })
})
