import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { haversineMeters, nearestFirst } from './index.ts'

const paris = { latitude: 48.8566, longitude: 2.3522 }
const london = { latitude: 51.5074, longitude: -0.1278 }

describe('haversine', () => {
  it('gives known distances', () => {
    expect(haversineMeters(paris, london) / 1000).toBeCloseTo(343.6, 0)
    expect(haversineMeters(paris, paris)).toBe(0)
    // A quarter of a great circle: pole to equator.
    expect(haversineMeters({ latitude: 90, longitude: 0 }, { latitude: 0, longitude: 77 })).toBeCloseTo(Math.PI / 2 * 6_371_008.8, 3)
  })

  it('is symmetric and at most half the circumference', () => {
    const pt = fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) })
    fc.assert(fc.property(pt, pt, (a, b) => {
      const d = haversineMeters(a, b)
      expect(Math.abs(d - haversineMeters(b, a))).toBeLessThan(1e-6)
      expect(d).toBeLessThanOrEqual(Math.PI * 6_371_008.8 + 1e-6)
    }))
  })

  it('refuses coordinates off the globe', () => {
    expect(() => haversineMeters({ latitude: 91, longitude: 0 }, paris)).toThrow(RangeError)
    expect(() => haversineMeters(paris, { latitude: 0, longitude: Number.NaN })).toThrow(RangeError)
  })

  it('orders places nearest first, ties by id', () => {
    const places = [{ id: 'b', ...london }, { id: 'c', ...paris }, { id: 'a', ...london }]
    expect(nearestFirst({ latitude: 51, longitude: 0 }, places).map((p) => p.id)).toEqual(['a', 'b', 'c'])
  })
})
