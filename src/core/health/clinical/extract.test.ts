import { describe, expect, it } from 'vitest'
import { bloodPressure, SYNTHEA_CLINICAL_PATIENT, syntheaClinicalPatient } from '../../../../test/support/synthea-clinical.ts'
import { clinicalView, dosage, observedQuantity } from './extract.ts'
import type { AllergyView, ConditionView, EncounterView, MedicationView, ObservationView, QuestionnaireResponseView } from './views.ts'

const synthea = syntheaClinicalPatient()
const first = <T>(type: string, pick: (r: Record<string, unknown>) => boolean = () => true): T =>
  clinicalView(synthea.find((r) => r.resourceType === type && pick(r))!) as T

describe('clinicalView on Synthea resources', () => {
  it('reads an encounter: class, type with display, period, department and hospital', () => {
    const v = first<EncounterView>('Encounter')
    expect(v.kind).toBe('ENCOUNTER')
    expect(v.class?.code).toMatch(/^[A-Z]+$/)
    expect(v.types[0]?.display).toBeTypeOf('string')
    expect(v.period?.start).toBe(v.date)
    expect(v.department).toBeTypeOf('string')
    expect(v.hospital).toBeTypeOf('string')
    expect(v.status).toBe('finished')
  })

  it('reads a condition with clinical status, onset and abatement', () => {
    const v = first<ConditionView>('Condition', (r) => (r.code as { coding: Array<{ code: string }> }).coding[0]!.code === '65966004')
    expect(v).toMatchObject({ kind: 'CONDITION', clinicalStatus: 'resolved', code: { system: 'http://snomed.info/sct', code: '65966004', display: 'Fracture of forearm' } })
    expect(v.onset).toBe('2018-10-18T01:38:55-04:00')
    expect(v.abatement).toBe('2019-01-27T01:16:29-05:00')
  })

  it('reads an allergy with criticality, category and reactions', () => {
    const v = first<AllergyView>('AllergyIntolerance')
    expect(v).toMatchObject({ kind: 'ALLERGY', criticality: 'low', categories: ['food'], type: 'allergy', clinicalStatus: 'active' })
    expect(v.reactions.flatMap((r) => r.manifestations.map((m) => m.display))).toContain('Wheal (finding)')
  })

  it('reads a prescription with its dose × frequency per period', () => {
    const v = first<MedicationView>('MedicationRequest', (r) => r.status === 'active' && (r.medicationCodeableConcept as { coding: Array<{ code: string }> }).coding[0]!.code === '314231')
    expect(v).toMatchObject({ kind: 'MEDICATION', intent: 'order', code: { code: '314231', display: 'Simvastatin 10 MG Oral Tablet' } })
    expect(v.dosage[0]).toMatchObject({ dose: { value: 1 }, frequency: 1, period: 1, periodUnit: 'd', perDay: 1, asNeeded: false })
    expect(v.reasons.map((r) => r.display)).toContain('Hyperlipidemia')
  })

  it('reads every Synthea resource of the patient without throwing, each with a code or date', () => {
    for (const r of synthea) {
      const v = clinicalView(r)
      expect(v.resourceType).toBe(r.resourceType)
      expect(v.code !== undefined || v.date !== undefined).toBe(true)
    }
  })
})

describe('observations', () => {
  it('gives values with units and components, and finds a component by code', () => {
    const v = clinicalView(bloodPressure(SYNTHEA_CLINICAL_PATIENT, '2024-01-02T10:00:00Z', 128, 82)) as ObservationView
    expect(v.categories[0]?.code).toBe('vital-signs')
    expect(v.components.map((c) => [c.code?.code, c.quantity?.value, c.quantity?.unit])).toEqual([['8462-4', 82, 'mm[Hg]'], ['8480-6', 128, 'mm[Hg]']])
    expect(observedQuantity(v, '8480-6')?.value).toBe(128)
    expect(observedQuantity(v, 'http://loinc.org|8462-4')?.value).toBe(82)
    expect(observedQuantity(v, '8867-4')).toBeUndefined()
  })

  it('keeps text-only concepts and ignores malformed fields', () => {
    const v = clinicalView({ resourceType: 'Observation', code: { text: 'mood' }, valueQuantity: { value: 'x' }, component: 'nope', valueString: 'fine' }) as ObservationView
    expect(v.code).toEqual({ display: 'mood' })
    expect(v.quantity).toBeUndefined()
    expect(v.text).toBe('fine')
    expect(v.components).toEqual([])
  })
})

describe('dosage', () => {
  it('derives per-day from frequency and period and the duration from bounds or supply', () => {
    expect(dosage({ timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: { value: 2, unit: 'wk', code: 'wk' } } }, doseAndRate: [{ doseQuantity: { value: 500, unit: 'mg' } }] }))
      .toEqual({ dose: { value: 500, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg', unitDisplay: 'mg' }, frequency: 3, period: 1, periodUnit: 'd', perDay: 3, durationDays: 14 })
    expect(dosage({ timing: { repeat: { frequency: 1, period: 12, periodUnit: 'h' } } }, 10)).toMatchObject({ perDay: 2, durationDays: 10 })
    expect(dosage({ timing: { repeat: { boundsPeriod: { start: '2024-01-01', end: '2024-01-08' } } } }).durationDays).toBe(7)
    expect(dosage('garbage')).toEqual({})
  })
})

describe('questionnaire responses', () => {
  it('flattens nested answers in document order', () => {
    const v = clinicalView({
      resourceType: 'QuestionnaireResponse', status: 'completed', authored: '2024-03-01', author: { reference: 'Patient/p' },
      item: [{ linkId: 'a', text: 'Pain?', answer: [{ valueBoolean: true, item: [{ linkId: 'a1', answer: [{ valueInteger: 7 }] }] }] }, { linkId: 'b', item: [{ linkId: 'b1', answer: [{ valueCoding: { code: 'x', display: 'X' } }] }] }]
    }) as QuestionnaireResponseView
    expect(v.answers).toEqual([{ linkId: 'a', text: 'Pain?', valueBoolean: true }, { linkId: 'a1', valueNumber: 7 }, { linkId: 'b1', valueCode: { code: 'x', display: 'X' } }])
    expect(v.date).toBe('2024-03-01')
    expect(v.author).toBe('Patient/p')
  })
})
