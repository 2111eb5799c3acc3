import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_BREAK_GLASS_TENURE_MS, hasBreakGlassTenure } from './break-glass.ts'
import { DEFAULT_EMERGENCY_LIMITS, decideEmergencyRequest } from './limits.ts'
import type { RecentRequest } from './limits.ts'

const HOUR = 3_600_000
const now = 10 * HOUR
const req = (id: string, patientId: string, ago: number, open = true, kind: RecentRequest['kind'] = 'hospital'): RecentRequest => ({ id, patientId, openedAt: now - ago, open, kind })

describe('emergency request limits', () => {
  it('allows a first request', () => {
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine: [], patients: [] })).toEqual({ kind: 'allow' })
  })

  it('answers a repeat within the hour with the open request of the same kind, not a new one', () => {
    const mine = [req('a', 'p', 10 * 60_000), req('b', 'p', 5 * 60_000)]
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine, patients: mine })).toEqual({ kind: 'reuse', id: 'b' })
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'field', mine, patients: mine })).toEqual({ kind: 'allow' })
    // a contracted (no longer open) or hour-old request is not reused
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine: [req('c', 'p', 60_000, false)], patients: [] })).toEqual({ kind: 'allow' })
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine: [req('d', 'p', HOUR)], patients: [] })).toEqual({ kind: 'allow' })
  })

  it('refuses a practitioner\'s eleventh request of the hour, saying when a slot frees', () => {
    const mine = Array.from({ length: 10 }, (_, i) => req(`r${i}`, `p${i}`, (50 - i) * 60_000, false))
    expect(decideEmergencyRequest({ now, patientId: 'new', kind: 'hospital', mine, patients: [] })).toEqual({ kind: 'refuse', scope: 'practitioner', retryAfter: 10 * 60 })
    expect(decideEmergencyRequest({ now, patientId: 'new', kind: 'hospital', mine: mine.slice(1), patients: [] })).toEqual({ kind: 'allow' })
  })

  it('refuses a fourth open request for one patient, whoever asks; closed ones do not count', () => {
    const patients = [req('x', 'p', 30 * 60_000), req('y', 'p', 20 * 60_000, true, 'field'), req('z', 'p', 10 * 60_000)]
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine: [], patients })).toEqual({ kind: 'refuse', scope: 'patient', retryAfter: 30 * 60 })
    expect(decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine: [], patients: patients.map((r, i) => ({ ...r, open: i !== 0 })) })).toEqual({ kind: 'allow' })
  })

  it('never allows more than the limits within any window (property)', () => {
    fc.assert(fc.property(fc.array(fc.record({ patient: fc.integer({ min: 0, max: 3 }), step: fc.integer({ min: 0, max: 20 * 60_000 }) }), { maxLength: 60 }), (asks) => {
      const log: RecentRequest[] = []
      let t = 0
      for (const [i, a] of asks.entries()) {
        t += a.step
        const at = t
        const patientId = `p${a.patient}`
        const mine = log.filter((r) => r.openedAt <= at)
        const d = decideEmergencyRequest({ now: at, patientId, kind: 'hospital', mine, patients: mine.filter((r) => r.patientId === patientId) })
        if (d.kind === 'allow') log.push({ id: String(i), patientId, openedAt: at, open: true, kind: 'hospital' })
        const inWindow = log.filter((r) => r.openedAt > at - HOUR)
        expect(inWindow.length).toBeLessThanOrEqual(DEFAULT_EMERGENCY_LIMITS.maxPerPractitioner)
        for (let p = 0; p < 4; p++) expect(inWindow.filter((r) => r.patientId === `p${p}`).length).toBeLessThanOrEqual(1)
      }
    }))
  })

  it('refuses limits below one', () => {
    expect(() => decideEmergencyRequest({ now, patientId: 'p', kind: 'hospital', mine: [], patients: [], limits: { ...DEFAULT_EMERGENCY_LIMITS, maxOpenPerPatient: 0 } })).toThrow(RangeError)
  })
})

describe('break-glass tenure', () => {
  it('needs the role for the whole tenure', () => {
    expect(hasBreakGlassTenure({ since: now - DEFAULT_BREAK_GLASS_TENURE_MS, now, tenureMs: DEFAULT_BREAK_GLASS_TENURE_MS })).toBe(true)
    expect(hasBreakGlassTenure({ since: now - DEFAULT_BREAK_GLASS_TENURE_MS + 1, now, tenureMs: DEFAULT_BREAK_GLASS_TENURE_MS })).toBe(false)
    expect(hasBreakGlassTenure({ since: now, now, tenureMs: 0 })).toBe(true)
    expect(() => hasBreakGlassTenure({ since: 0, now, tenureMs: -1 })).toThrow(RangeError)
  })
})
