import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitBill } from './coverage.ts'
import { dayOf, isoDay } from './days.ts'
import { planProgress } from './plan.ts'
import { extractDailyFacts } from './wearable.ts'

const start = dayOf('2026-03-01')!
const steps = (date: string, value: number, code = '41950-7', status = 'final'): unknown => ({
  resourceType: 'Observation', status, code: { coding: [{ system: 'http://loinc.org', code }] }, effectiveDateTime: date, valueQuantity: { value, unit: 'steps' }
})
const dispense = (date: string, days: number): unknown => ({ resourceType: 'MedicationDispense', status: 'completed', whenHandedOver: date, daysSupply: { value: days, unit: 'd' } })
const rules = { minDailySteps: 8000, days: 30, minAdherencePercent: 80 }
const month = (value: number): unknown[] => Array.from({ length: 30 }, (_, i) => steps(isoDay(start + i) + 'T20:00:00-05:00', value))

describe('wearable facts', () => {
  it('takes the day a dateTime names, the larger of a daily total and summed samples, and ignores other codes', () => {
    const facts = extractDailyFacts([
      steps('2026-03-01T23:30:00-05:00', 9000),
      steps('2026-03-01T10:00:00Z', 3000, '55423-8'), steps('2026-03-01T15:00:00Z', 4000, '55423-8'),
      steps('2026-03-02T10:00:00Z', 5000, '55423-8'), steps('2026-03-02T18:00:00Z', 4000, '55423-8'),
      steps('2026-03-03', 12000, '8867-4'),
      steps('2026-03-04', 12000, '41950-7', 'entered-in-error')
    ])
    expect(facts.steps.get(start)).toBe(9000)
    expect(facts.steps.get(start + 1)).toBe(9000)
    expect(facts.steps.has(start + 2)).toBe(false)
    expect(facts.steps.has(start + 3)).toBe(false)
  })

  it('counts overlapping medication supplies once', () => {
    const facts = extractDailyFacts([dispense('2026-03-01', 10), dispense('2026-03-05', 10), { resourceType: 'MedicationStatement', status: 'active', effectivePeriod: { start: '2026-03-20', end: '2026-03-22' } }, { resourceType: 'MedicationStatement', status: 'not-taken', effectiveDateTime: '2026-03-25' }])
    expect(facts.covered.size).toBe(14 + 3)
  })
})

describe('plan completion', () => {
  it('completes with 30 days of ≥ 8000 steps and 80 % of days covered', () => {
    const facts = extractDailyFacts([...month(8000), dispense('2026-03-01', 24)])
    expect(planProgress(rules, start, start + 29, facts)).toEqual({ status: 'COMPLETED', stepDaysMet: 30, adherencePercent: 80, daysElapsed: 30 })
  })

  it('is not complete at 79 % adherence or one short day, and fails once the window ends', () => {
    const low = extractDailyFacts([...month(8000), dispense('2026-03-01', 23)])
    expect(planProgress(rules, start, start + 10, low)).toMatchObject({ status: 'IN_PROGRESS', adherencePercent: 76 })
    expect(planProgress(rules, start, start + 30, low).status).toBe('FAILED')
    const shortDay = extractDailyFacts([...month(8000).slice(1), steps('2026-03-01', 7999), dispense('2026-03-01', 30)])
    expect(planProgress(rules, start, start + 31, shortDay)).toMatchObject({ status: 'FAILED', stepDaysMet: 29, adherencePercent: 100 })
  })

  it('ignores data outside the window', () => {
    const facts = extractDailyFacts([...month(8000).slice(0, 29), steps('2026-02-28', 20000), steps('2026-04-01', 20000), dispense('2026-03-01', 30)])
    expect(planProgress(rules, start, start + 40, facts)).toMatchObject({ status: 'FAILED', stepDaysMet: 29 })
  })
})

describe('bill split', () => {
  it('adds up to the total, the insurer never pays over its percent or limit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1e9 }), (total, pct, limit) => {
      const { insurer, patient } = splitBill(total, { coveragePercent: pct, coverageLimitPerClaim: limit })
      expect(insurer + patient).toBe(total)
      expect(insurer).toBeGreaterThanOrEqual(0)
      expect(patient).toBeGreaterThanOrEqual(0)
      expect(insurer).toBeLessThanOrEqual(limit)
      expect(insurer * 100).toBeLessThanOrEqual(total * pct)
      expect(Number.isInteger(insurer)).toBe(true)
    }))
    expect(splitBill(1000, { coveragePercent: 80, coverageLimitPerClaim: 500 })).toEqual({ insurer: 500, patient: 500 })
    expect(splitBill(1000, undefined)).toEqual({ insurer: 0, patient: 1000 })
    expect(() => splitBill(0, undefined)).toThrow(RangeError)
  })
})
