import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkMedication, isAntibiotic, orderOf, parsePriceTable, UNIT_PRICE_URL } from './index.ts'

/** A Synthea-shaped MedicationRequest (amoxicillin 250 mg capsule) with a dispenseRequest and a unit price. */
function request (over: { dose?: number, frequency?: number, period?: number, periodUnit?: string, days?: number, quantity?: number, repeats?: number, price?: number, currency?: string } = {}): Record<string, unknown> {
  const o = { dose: 1, frequency: 3, period: 1, periodUnit: 'd', days: 7, quantity: 21, repeats: 0, price: 0.5, currency: 'USD', ...over }
  return {
    resourceType: 'MedicationRequest', status: 'active', intent: 'order', authoredOn: '2024-03-01T10:00:00Z',
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308182', display: 'Amoxicillin 250 MG Oral Capsule' }] },
    dosageInstruction: [{ sequence: 1, timing: { repeat: { frequency: o.frequency, period: o.period, periodUnit: o.periodUnit } }, doseAndRate: [{ doseQuantity: { value: o.dose } }] }],
    dispenseRequest: { numberOfRepeatsAllowed: o.repeats, quantity: { value: o.quantity }, expectedSupplyDuration: { value: o.days, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } },
    extension: [{ url: UNIT_PRICE_URL, valueMoney: { value: o.price, currency: o.currency } }]
  }
}
const standard = { rxnorm: '308182', region: 'US-MA', unitPrice: 0.4, currency: 'USD' }

describe('medication check', () => {
  it('reads dose, frequency, duration, quantity and price from a MedicationRequest', () => {
    expect(orderOf(request())).toEqual({ rxnorm: '308182', display: 'Amoxicillin 250 MG Oral Capsule', atc: [], dose: 1, dosesPerDay: 3, durationDays: 7, quantity: 21, unitPrice: { value: 0.5, currency: 'USD' }, authoredOn: '2024-03-01T10:00:00Z' })
    // every 12 hours: frequency 1 / (period 12 h = 0.5 d) = 2 doses a day
    expect(orderOf(request({ frequency: 1, period: 12, periodUnit: 'h' })).dosesPerDay).toBe(2)
    // no expectedSupplyDuration: the timing's bounds (1–10 March inclusive = 10 days; or 2 weeks = 14 days)
    const bounded = (bounds: Record<string, unknown>): Record<string, unknown> => {
      const r = request()
      return { ...r, dispenseRequest: { quantity: { value: 30 } }, dosageInstruction: [{ timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', ...bounds } }, doseAndRate: [{ doseQuantity: { value: 1 } }] }] }
    }
    expect(orderOf(bounded({ boundsPeriod: { start: '2024-03-01', end: '2024-03-10T23:00:00Z' } })).durationDays).toBe(10)
    expect(orderOf(bounded({ boundsDuration: { value: 2, unit: 'weeks', code: 'wk' } })).durationDays).toBe(14)
    expect(orderOf(bounded({ boundsPeriod: { start: '2024-03-10', end: '2024-03-01' } })).durationDays).toBeUndefined()
  })

  it('passes a course that matches and a price within tolerance (hand-computed)', () => {
    // course 1 × 3/day × 7 days = 21 = dispensed; price 0.48 ≤ 0.40 × 1.2 = 0.48
    const c = checkMedication(orderOf(request({ price: 0.48 })), standard)
    expect(c).toEqual({ price: { status: 'OK', charged: 0.48, standard: 0.4, currency: 'USD', excess: 0.2 }, quantity: { status: 'OK', dispensed: 21, course: 21 }, flagged: false })
  })

  it('flags a price above standard beyond the tolerance and a quantity beyond the course (hand-computed)', () => {
    // price 0.50 > 0.48: excess 0.50 / 0.40 − 1 = 25 %; dispensed 30 × (1 + 1 repeat) = 60 > course 1 × 3/day × 7 days × 2 fills = 42
    const c = checkMedication(orderOf(request({ repeats: 1, quantity: 30 })), standard)
    expect(c.price).toMatchObject({ status: 'FLAGGED', excess: 0.25 })
    expect(c.quantity).toEqual({ status: 'FLAGGED', dispensed: 60, course: 42 })
    expect(c.flagged).toBe(true)
    // a tolerance of 30 % lets the same price through
    expect(checkMedication(orderOf(request()), standard, 0.3).price.status).toBe('OK')
  })

  it('counts each repeat as one more supply duration (review fix: a refill is not an over-quantity)', () => {
    // FHIR R4: expectedSupplyDuration is how long ONE dispense lasts; 21 units a fill for 7 days, refilled twice
    expect(checkMedication(orderOf(request({ repeats: 2 })), standard).quantity).toEqual({ status: 'OK', dispensed: 63, course: 63 })
    expect(orderOf(request({ repeats: 2 })).durationDays).toBe(21)
  })

  it('answers UNKNOWN when inputs are missing or currencies differ, as in Synthea requests without dispenseRequest', () => {
    const synthea = { resourceType: 'MedicationRequest', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '314231' }] }, dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1.0, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 1.0 } }] }] }
    const c = checkMedication(orderOf(synthea), undefined)
    expect(c).toEqual({ price: { status: 'UNKNOWN', charged: null, standard: null, currency: null, excess: null }, quantity: { status: 'UNKNOWN', dispensed: null, course: null }, flagged: false })
    expect(checkMedication(orderOf(request({ currency: 'EUR' })), standard).price.status).toBe('UNKNOWN')
    expect(() => checkMedication(orderOf(request()), standard, -1)).toThrow(RangeError)
  })

  it('never flags a quantity within the course (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 90 }), fc.double({ min: 0, max: 1, noNaN: true }), (dose, freq, days, share) => {
      const course = dose * freq * days
      const c = checkMedication(orderOf(request({ dose, frequency: freq, days, quantity: Math.floor(course * share) })), standard)
      expect(c.quantity.status).toBe('OK')
      expect(checkMedication(orderOf(request({ dose, frequency: freq, days, quantity: course + 1 })), standard).quantity.status).toBe('FLAGGED')
    }))
  })

  it('tells antibiotics by ATC J01 or the shipped RxNorm list', () => {
    expect(isAntibiotic(orderOf(request()), new Set(['308182']))).toBe(true)
    expect(isAntibiotic({ atc: ['J01CA04'] }, new Set())).toBe(true)
    expect(isAntibiotic({ atc: ['C10AA01'], rxnorm: '314231' }, new Set(['308182']))).toBe(false)
  })

  it('validates price tables', () => {
    expect(parsePriceTable([standard])).toEqual([standard])
    expect(() => parsePriceTable({})).toThrow(TypeError)
    expect(() => parsePriceTable([standard, standard])).toThrow(RangeError)
    expect(() => parsePriceTable([{ ...standard, unitPrice: 0 }])).toThrow(RangeError)
    expect(() => parsePriceTable([{ ...standard, currency: 'usd' }])).toThrow(RangeError)
  })
})
