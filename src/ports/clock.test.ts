import { describe, expect, it } from 'vitest'
import { systemRng } from './clock.ts'

describe('systemRng (pooled CSPRNG)', () => {
  it('returns exactly n bytes for every size, across pool refills and above the pooled maximum', () => {
    for (let n = 0; n <= 1100; n += 7) expect(systemRng.bytes(n)).toHaveLength(n)
    expect(systemRng.bytes(5000)).toHaveLength(5000)
    expect(systemRng.bytes(4096)).toHaveLength(4096)
  })

  it('never hands out the same bytes twice: 20,000 16-byte draws (many refills) are all distinct', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 20_000; i++) seen.add(Buffer.from(systemRng.bytes(16)).toString('hex'))
    expect(seen.size).toBe(20_000)
  })

  it('each draw is its own copy: wiping one leaves the next draws random, and the draws do not alias', () => {
    const a = systemRng.bytes(32)
    const b = systemRng.bytes(32)
    expect(a.buffer).not.toBe(b.buffer)
    a.fill(0)
    expect(b.some((x) => x !== 0)).toBe(true)
    expect(systemRng.bytes(32).some((x) => x !== 0)).toBe(true)
  })

  it('looks uniform: every byte value appears in 256 KiB of output, each within 20 % of the mean', () => {
    const counts = new Array<number>(256).fill(0)
    for (let i = 0; i < 4096; i++) for (const x of systemRng.bytes(64)) counts[x]!++
    const mean = (4096 * 64) / 256
    for (const c of counts) expect(Math.abs(c - mean)).toBeLessThan(mean * 0.2)
  })
})
