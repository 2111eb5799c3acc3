import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { healthScore, measurementsOf, SCORE_CODINGS } from './index.ts'
import type { Measurement } from './index.ts'

const loinc = (code: string, value: number, unit: string, at: string): Record<string, unknown> => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, effectiveDateTime: at,
  valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit }
})
/** A Synthea-shaped blood pressure panel (85354-9) with systolic and diastolic components. */
const bp = (sys: number, dia: number, at: string): Record<string, unknown> => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] }, effectiveDateTime: at,
  component: [
    { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: sys, unit: 'mm[Hg]' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: dia, unit: 'mm[Hg]' } }
  ]
})
const smoking = (snomed: string, at: string): Record<string, unknown> => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '72166-2' }] }, effectiveDateTime: at,
  valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: snomed }] }
})
const diet = (points: number, at: string): Record<string, unknown> => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'https://medledger.dev/fhir/CodeSystem/health-score', code: 'mepa-diet-score' }] },
  effectiveDateTime: at, valueInteger: points
})
const all = (obs: Array<Record<string, unknown>>): Measurement[] => obs.flatMap((o, i) => measurementsOf(o, `r${i}`))
const points = (s: ReturnType<typeof healthScore>): Record<string, number | null> => Object.fromEntries(s.components.map((c) => [c.component, c.points]))

describe('Life\'s Essential 8 health score', () => {
  it('scores a patient with all eight metrics (hand-computed)', () => {
    const s = healthScore(all([
      bp(118, 76, '2024-03-01'), // sys < 120 → 100, dia < 80 → 100 → min 100
      loinc('39156-5', 27.4, 'kg/m2', '2024-03-01'), // 25–29.9 → 70
      loinc('2093-3', 200, 'mg/dL', '2024-02-01'), loinc('2085-9', 50, 'mg/dL', '2024-02-15'), // non-HDL 200 − 50 = 150 → 60
      loinc('4548-4', 5.9, '%', '2024-02-01'), // 5.7–6.4 → 60
      smoking('8517006', '2024-01-01'), // former, quit date unknown → 50
      loinc('89555-7', 3, 'd/wk', '2024-01-10'), loinc('68516-4', 40, 'min/d', '2024-01-10'), // 3 × 40 = 120 min/wk → 90
      loinc('93832-4', 6.5, 'h', '2024-01-10'), // 6–<7 h → 70
      diet(13, '2024-01-10') // MEPA 12–14 → 80
    ]))
    expect(points(s)).toEqual({ BLOOD_PRESSURE: 100, BMI: 70, NON_HDL_CHOLESTEROL: 60, BLOOD_GLUCOSE: 60, NICOTINE: 50, PHYSICAL_ACTIVITY: 90, SLEEP: 70, DIET: 80 })
    // (100 + 70 + 60 + 60 + 50 + 90 + 70 + 80) / 8 = 580 / 8 = 72.5 → 73 (Math.round), grade B (65–79)
    expect(s.score).toBe(73)
    expect(s.grade).toBe('B')
    expect(s.coverage).toBe(1)
    expect(s.missing).toEqual([])
    const chol = s.components.find((c) => c.component === 'NON_HDL_CHOLESTEROL')!
    expect(chol.value).toBe(150)
    expect(chol.measuredAt).toBe('2024-02-01') // the older of its two inputs
    expect(chol.recordIds).toEqual(['r2', 'r3'])
  })

  it('uses the latest reading and reports what is missing (hand-computed)', () => {
    const s = healthScore(all([
      bp(150, 85, '2023-01-01'), // older: ignored
      bp(162, 88, '2024-06-01'), // sys ≥ 160 → 0; dia 80–89 → 50; min 0
      loinc('39156-5', 41, 'kg/m2', '2024-06-01'), // ≥ 40 → 0
      smoking('266919005', '2024-06-01') // never → 100
    ]))
    expect(points(s).BLOOD_PRESSURE).toBe(0)
    // (0 + 0 + 100) / 3 = 33.33 → 33, grade D (25–49)
    expect(s.score).toBe(33)
    expect(s.grade).toBe('D')
    expect(s.coverage).toBe(3 / 8)
    expect(s.missing).toEqual(['DIET', 'PHYSICAL_ACTIVITY', 'SLEEP', 'NON_HDL_CHOLESTEROL', 'BLOOD_GLUCOSE'])
    expect(s.components.find((c) => c.component === 'BLOOD_PRESSURE')!.measuredAt).toBe('2024-06-01')
    expect(s.components.find((c) => c.component === 'SLEEP')).toMatchObject({ points: null, measuredAt: null, codes: ['93832-4'] })
  })

  it('converts SI units: mmol/L cholesterol and glucose, IFCC HbA1c, sleep in minutes', () => {
    const s = healthScore(all([
      loinc('43396-1', 3.0, 'mmol/L', '2024-01-01'), // 3.0 × 38.67 = 116.01 mg/dL < 130 → 100
      loinc('2339-0', 6.0, 'mmol/L', '2024-01-01'), // 6.0 × 18.016 = 108.1 mg/dL, 100–125 → 60
      loinc('93832-4', 480, 'min', '2024-01-01') // 8 h → 100
    ]))
    expect(points(s)).toMatchObject({ NON_HDL_CHOLESTEROL: 100, BLOOD_GLUCOSE: 60, SLEEP: 100 })
    // (100 + 60 + 100) / 3 = 86.67 → 87, grade A
    expect(s.score).toBe(87)
    const a1c = healthScore(all([loinc('4548-4', 53, 'mmol/mol', '2024-01-01')])) // 0.09148 × 53 + 2.152 = 7.0 % → 30
    expect(points(a1c).BLOOD_GLUCOSE).toBe(30)
  })

  it('names every coding it reads as the index keeps them (system|code)', () => {
    expect(SCORE_CODINGS).toContain('http://loinc.org|85354-9')
    expect(SCORE_CODINGS).toContain('https://medledger.dev/fhir/CodeSystem/health-score|mepa-diet-score')
    expect(SCORE_CODINGS.every((c) => c.split('|').length === 2)).toBe(true)
  })

  it('gives no score and no grade without inputs; ignores entered-in-error', () => {
    const wrong = { ...loinc('39156-5', 22, 'kg/m2', '2024-01-01'), status: 'entered-in-error' }
    const s = healthScore(all([wrong]))
    expect(s).toMatchObject({ score: null, grade: null, coverage: 0 })
    expect(s.missing).toHaveLength(8)
  })

  it('is independent of input order and stays within 0–100 (property)', () => {
    const reading = fc.record({ sys: fc.integer({ min: 70, max: 220 }), dia: fc.integer({ min: 40, max: 130 }), bmi: fc.double({ min: 12, max: 60, noNaN: true }), sleep: fc.double({ min: 0, max: 14, noNaN: true }), day: fc.integer({ min: 1, max: 28 }) })
    fc.assert(fc.property(fc.array(reading, { minLength: 1, maxLength: 6 }), (rs) => {
      const obs = rs.flatMap((r, i) => {
        const at = `2024-01-${String(r.day).padStart(2, '0')}T00:00:${String(i).padStart(2, '0')}Z`
        return [bp(r.sys, r.dia, at), loinc('39156-5', r.bmi, 'kg/m2', at), loinc('93832-4', r.sleep, 'h', at)]
      })
      const a = healthScore(all(obs))
      const b = healthScore(all([...obs].reverse()).map((m) => m))
      expect(a.score).not.toBeNull()
      expect(a.score!).toBeGreaterThanOrEqual(0)
      expect(a.score!).toBeLessThanOrEqual(100)
      expect(a.components.map((c) => c.points)).toEqual(b.components.map((c) => c.points))
    }))
  })
})

describe('treated levels (LE8: subtract 20 points)', () => {
  it('deducts 20 from blood pressure and non-HDL reached on drugs, never below 0 (hand-computed)', () => {
    const ms = all([bp(118, 76, '2024-03-01'), loinc('43396-1', 170, 'mg/dL', '2024-03-01'), loinc('39156-5', 22, 'kg/m2', '2024-03-01')])
    // untreated: BP 100, non-HDL 160–189 → 40, BMI 100: (100 + 40 + 100) / 3 = 80, grade A
    expect(healthScore(ms)).toMatchObject({ score: 80, grade: 'A' })
    // treated: BP 100 − 20 = 80, non-HDL 40 − 20 = 20: (80 + 20 + 100) / 3 = 66.67 → 67, grade B
    const t = healthScore(ms, { bloodPressure: true, lipids: true })
    expect(points(t)).toMatchObject({ BLOOD_PRESSURE: 80, NON_HDL_CHOLESTEROL: 20, BMI: 100 })
    expect(t).toMatchObject({ score: 67, grade: 'B' })
    expect(t.components.find((c) => c.component === 'BLOOD_PRESSURE')!.treated).toBe(true)
    const floor = healthScore(all([loinc('43396-1', 230, 'mg/dL', '2024-03-01')]), { lipids: true })
    expect(points(floor).NON_HDL_CHOLESTEROL).toBe(0)
    // a treatment with no reading to deduct from stays missing
    expect(points(healthScore([], { bloodPressure: true })).BLOOD_PRESSURE).toBeNull()
  })
})
