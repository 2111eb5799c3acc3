import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { performanceOf, validateRating } from './index.ts'
import type { Review } from './index.ts'

const at = (iso: string): number => Date.parse(iso)
const review = (attitude: number, outcome: number, time: string, id = time): Review => ({ encounterId: id, practitionerId: 'p1', attitude, outcome, time: at(time) })

describe('doctor performance', () => {
  it('computes count, means, Bayesian average and a monthly trend (hand-computed)', () => {
    const p = performanceOf([review(5, 4, '2024-01-10T00:00:00Z'), review(3, 3, '2024-01-20T00:00:00Z'), review(5, 5, '2024-03-05T00:00:00Z')])
    // ratings: 4.5, 3, 5 → sum 12.5, mean 4.167; attitude (5+3+5)/3 = 4.333; outcome (4+3+5)/3 = 4
    // Bayesian: (5 × 3 + 12.5) / (5 + 3) = 27.5 / 8 = 3.4375 → 3.438
    expect(p).toMatchObject({ count: 3, meanAttitude: 4.333, meanOutcome: 4, mean: 4.167, bayesianAverage: 3.438 })
    // months: 2024-01 mean (4.5 + 3) / 2 = 3.75; 2024-03 mean 5; slope (5 − 3.75) / 2 months = 0.625
    expect(p.trend).toEqual([{ period: '2024-01', count: 2, mean: 3.75 }, { period: '2024-03', count: 1, mean: 5 }])
    expect(p.slopePerMonth).toBe(0.625)
  })

  it('starts at the prior with no reviews', () => {
    expect(performanceOf([])).toEqual({ count: 0, meanAttitude: null, meanOutcome: null, mean: null, bayesianAverage: 3, trend: [], slopePerMonth: null })
  })

  it('keeps the Bayesian average between the prior and the mean (property)', () => {
    const r = fc.record({ a: fc.integer({ min: 1, max: 5 }), o: fc.integer({ min: 1, max: 5 }), t: fc.integer({ min: 1.6e12, max: 1.8e12 }) })
    fc.assert(fc.property(fc.array(r, { minLength: 1, maxLength: 40 }), (rs) => {
      const p = performanceOf(rs.map((x, i) => ({ encounterId: String(i), practitionerId: 'p', attitude: x.a, outcome: x.o, time: x.t })))
      const lo = Math.min(3, p.mean!) - 0.001
      const hi = Math.max(3, p.mean!) + 0.001
      expect(p.bayesianAverage).toBeGreaterThanOrEqual(lo)
      expect(p.bayesianAverage).toBeLessThanOrEqual(hi)
      expect(p.trend.reduce((s, t) => s + t.count, 0)).toBe(rs.length)
    }))
  })

  it('rejects ratings outside 1–5 and long comments', () => {
    expect(() => validateRating(0, 3, undefined)).toThrow(RangeError)
    expect(() => validateRating(3, 6, undefined)).toThrow(RangeError)
    expect(() => validateRating(2.5, 3, undefined)).toThrow(RangeError)
    expect(() => validateRating(3, 3, 'x'.repeat(2001))).toThrow(RangeError)
    expect(() => validateRating(1, 5, 'fine')).not.toThrow()
  })
})
