import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resourceMetadata } from '../../fhir/metadata.ts'
import { bloodPressure, syntheaClinicalPatient } from '../../../../test/support/synthea-clinical.ts'
import { clinicalView } from './extract.ts'
import {
  allergyActiveAt, codeIs, conditionActiveAt, encounterOpenAt, expandCodes, latestPerCode, medicationCurrentAt, newestOf, planSnapshot, timelineCandidates, viewHasCode
} from './select.ts'
import type { IndexedRecord } from './select.ts'
import type { AllergyView, ConditionView, EncounterView, MedicationView } from './views.ts'

const row = (recordId: string, resourceType: string, codes: string[], effective?: string): IndexedRecord =>
  effective === undefined ? { recordId, resourceType, codes } : { recordId, resourceType, codes, effective }
const LOINC = 'http://loinc.org'
const t = Date.parse

describe('codes', () => {
  it('matches system|code exactly and a bare code in any system', () => {
    expect(codeIs(`${LOINC}|8480-6`, '8480-6')).toBe(true)
    expect(codeIs(`${LOINC}|8480-6`, `${LOINC}|8480-6`)).toBe(true)
    expect(codeIs(`${LOINC}|8480-6`, 'http://snomed.info/sct|8480-6')).toBe(false)
    expect(codeIs(`${LOINC}|18480-6`, '8480-6')).toBe(false)
  })

  it('expands a blood pressure component to the panels that carry it', () => {
    expect(expandCodes(['8480-6'])).toEqual(['8480-6', '85354-9', '55284-4'])
    expect(expandCodes([`${LOINC}|8462-4`])).toContain('85354-9')
    expect(expandCodes(['8867-4'])).toEqual(['8867-4'])
  })

  it('finds the panel Synthea writes (85354-9) for a systolic timeline, from its indexed metadata', () => {
    // review fix: the panel code was mistyped 85354-6, so 8480-6 missed every Synthea blood pressure reading
    const fixture = JSON.parse(readFileSync(new URL('../../../../test/fixtures/synthea/le8-observations.json', import.meta.url), 'utf8')) as Array<Record<string, unknown>>
    const rows = fixture.map((r, i) => {
      const m = resourceMetadata(r as Parameters<typeof resourceMetadata>[0])
      return row(`r${i}`, m.resourceType, m.codes, m.effective)
    })
    const panels = rows.filter((r) => r.codes.includes(`${LOINC}|85354-9`))
    expect(panels.length).toBeGreaterThan(0)
    expect(timelineCandidates(rows, { kind: 'OBSERVATION', codes: ['8480-6'] }).map((r) => r.recordId)).toEqual(panels.map((r) => r.recordId))
  })
})

describe('timelineCandidates', () => {
  const rows = [
    row('bp2', 'Observation', [`${LOINC}|85354-9`], '2024-03-01T09:00:00-05:00'),
    row('hr', 'Observation', [`${LOINC}|8867-4`], '2024-02-01'),
    row('bp1', 'Observation', [`${LOINC}|85354-9`], '2024-01-01'),
    row('enc', 'Encounter', ['|AMB'], '2024-01-15'),
    row('undated', 'Observation', [`${LOINC}|85354-9`])
  ]

  it('keeps one kind, the wanted codes (components through their panels) and the date bounds, oldest first', () => {
    expect(timelineCandidates(rows, { kind: 'OBSERVATION', codes: ['8480-6'] }).map((r) => r.recordId)).toEqual(['undated', 'bp1', 'bp2'])
    expect(timelineCandidates(rows, { kind: 'OBSERVATION', codes: ['8480-6'], from: t('2024-01-02') }).map((r) => r.recordId)).toEqual(['bp2'])
    expect(timelineCandidates(rows, { kind: 'OBSERVATION', to: t('2024-02-01') }).map((r) => r.recordId)).toEqual(['bp1', 'hr'])
    expect(timelineCandidates(rows, { kind: 'ENCOUNTER' }).map((r) => r.recordId)).toEqual(['enc'])
    expect(() => timelineCandidates(rows, { kind: 'OBSERVATION', from: 2, to: 1 })).toThrow(RangeError)
  })

  it('after decryption keeps a panel only when it carries the component', () => {
    const bp = clinicalView(bloodPressure('p', '2024-01-01', 120, 80))
    expect(viewHasCode(bp, ['8480-6'])).toBe(true)
    expect(viewHasCode(bp, ['8867-4'])).toBe(false)
    expect(viewHasCode(bp, undefined)).toBe(true)
  })

  it('property: every candidate is of the kind, within the bounds, and sorted by date', () => {
    const types = ['Observation', 'Encounter', 'Condition']
    const arbRow = fc.record({
      recordId: fc.uuid(), resourceType: fc.constantFrom(...types), codes: fc.array(fc.constantFrom(`${LOINC}|1`, `${LOINC}|2`), { maxLength: 2 }),
      effective: fc.option(fc.integer({ min: 0, max: 2e12 }).map((ms) => new Date(ms).toISOString()), { nil: undefined })
    }).map((r) => r.effective === undefined ? row(r.recordId, r.resourceType, r.codes) : row(r.recordId, r.resourceType, r.codes, r.effective))
    fc.assert(fc.property(fc.array(arbRow, { maxLength: 40 }), fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 0, max: 2e12 }), (rs, a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a]
      const out = timelineCandidates(rs, { kind: 'OBSERVATION', codes: ['2'], from, to })
      const expected = rs.filter((r) => r.resourceType === 'Observation' && r.codes.includes(`${LOINC}|2`) && r.effective !== undefined && t(r.effective) >= from && t(r.effective) <= to)
      expect(out.map((r) => r.recordId).sort()).toEqual(expected.map((r) => r.recordId).sort())
      for (let i = 1; i < out.length; i++) expect(t(out[i - 1]!.effective!)).toBeLessThanOrEqual(t(out[i]!.effective!))
    }))
  })
})

describe('planSnapshot', () => {
  it('picks the latest record per drug and per observation code at the moment, and recent encounters only', () => {
    const rows = [
      row('m-old', 'MedicationRequest', ['rx|1'], '2020-01-01'), row('m-new', 'MedicationRequest', ['rx|1'], '2023-01-01'), row('m-future', 'MedicationRequest', ['rx|1'], '2030-01-01'),
      row('o1', 'Observation', ['l|1'], '2022-01-01'), row('o2', 'Observation', ['l|1'], '2023-06-01'), row('o3', 'Observation', ['l|2'], '2021-01-01'),
      row('e-old', 'Encounter', ['|AMB'], '2010-01-01'), row('e-new', 'Encounter', ['|IMP'], '2023-12-01'),
      row('c', 'Condition', ['s|1'], '2000-01-01'), row('a', 'AllergyIntolerance', ['s|2'])
    ]
    const plan = planSnapshot(rows, t('2024-01-01'))
    expect(plan.medications.map((r) => r.recordId)).toEqual(['m-new'])
    expect(plan.observations.map((r) => r.recordId).sort()).toEqual(['o2', 'o3'])
    expect(plan.encounters.map((r) => r.recordId)).toEqual(['e-new'])
    expect(plan.conditions.map((r) => r.recordId)).toEqual(['c'])
    expect(plan.allergies.map((r) => r.recordId)).toEqual(['a'])
  })

  it('latestPerCode keeps code-less rows one by one', () => {
    expect(latestPerCode([row('x', 'Observation', []), row('y', 'Observation', [])]).map((r) => r.recordId).sort()).toEqual(['x', 'y'])
  })
})

describe('what holds at a moment', () => {
  const synthea = syntheaClinicalPatient().map((r) => ({ r, v: clinicalView(r) }))
  const conditions = synthea.filter((x) => x.v.kind === 'CONDITION').map((x) => x.v as ConditionView)

  it('conditions: active between onset and abatement, never when refuted', () => {
    const fracture = conditions.find((c) => c.code?.code === '65966004')!
    expect(conditionActiveAt(fracture, t('2018-12-01'))).toBe(true)
    expect(conditionActiveAt(fracture, t('2019-02-01'))).toBe(false)
    expect(conditionActiveAt(fracture, t('2018-01-01'))).toBe(false)
    const osteoporosis = conditions.find((c) => c.code?.code === '64859006')!
    expect(conditionActiveAt(osteoporosis, t('2024-01-01'))).toBe(true)
    expect(conditionActiveAt({ ...osteoporosis, verificationStatus: 'refuted' }, t('2024-01-01'))).toBe(false)
    expect(conditionActiveAt({ kind: 'CONDITION', resourceType: 'Condition', codes: [], categories: [], bodySites: [], clinicalStatus: 'resolved' }, t('2024-01-01'))).toBe(false)
  })

  it('medications: active ones without an end; a bounded course only within it', () => {
    const med = (extra: Partial<MedicationView>): MedicationView => ({ kind: 'MEDICATION', resourceType: 'MedicationRequest', codes: [], reasons: [], dosage: [], ...extra })
    expect(medicationCurrentAt(med({ status: 'active', authoredOn: '2023-01-01' }), t('2024-01-01'))).toBe(true)
    expect(medicationCurrentAt(med({ status: 'stopped', authoredOn: '2023-01-01' }), t('2024-01-01'))).toBe(false)
    expect(medicationCurrentAt(med({ status: 'active', authoredOn: '2025-01-01' }), t('2024-01-01'))).toBe(false)
    const course = med({ status: 'completed', authoredOn: '2024-01-01', dosage: [{ durationDays: 10 }] })
    expect(medicationCurrentAt(course, t('2024-01-05'))).toBe(true)
    expect(medicationCurrentAt(course, t('2024-01-12'))).toBe(false)
    expect(medicationCurrentAt(med({ status: 'entered-in-error', authoredOn: '2023-01-01' }), t('2024-01-01'))).toBe(false)
  })

  it('a refilled prescription stays current through every fill (review fix: expectedSupplyDuration is per dispense)', () => {
    const request = { resourceType: 'MedicationRequest', status: 'completed', authoredOn: '2024-01-01', dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }], dispenseRequest: { numberOfRepeatsAllowed: 2, expectedSupplyDuration: { value: 30, unit: 'days', code: 'd' } } }
    const view = clinicalView(request) as MedicationView
    expect(view.dosage[0]!.durationDays).toBe(90)
    expect(medicationCurrentAt(view, t('2024-03-15'))).toBe(true)
    expect(medicationCurrentAt(view, t('2024-04-01'))).toBe(false)
  })

  it('encounters: open until their end, or while their status says so', () => {
    const enc = (extra: Partial<EncounterView>): EncounterView => ({ kind: 'ENCOUNTER', resourceType: 'Encounter', codes: [], types: [], reasons: [], participants: [], ...extra })
    expect(encounterOpenAt(enc({ status: 'in-progress', period: { start: '2024-01-01' } }), t('2024-01-03'))).toBe(true)
    expect(encounterOpenAt(enc({ status: 'finished', period: { start: '2024-01-01', end: '2024-01-02' } }), t('2024-01-03'))).toBe(false)
    expect(encounterOpenAt(enc({ status: 'finished', period: { start: '2024-01-01', end: '2024-01-05' } }), t('2024-01-03'))).toBe(true)
    expect(encounterOpenAt(enc({ status: 'finished', period: { start: '2024-01-01' } }), t('2024-01-03'))).toBe(false)
  })

  it('allergies: until resolved or refuted, from when recorded', () => {
    const a = synthea.find((x) => x.v.kind === 'ALLERGY')!.v as AllergyView
    expect(allergyActiveAt(a, t('2024-01-01'))).toBe(true)
    expect(allergyActiveAt(a, t('1900-01-01'))).toBe(false)
    expect(allergyActiveAt({ ...a, clinicalStatus: 'resolved' }, t('2024-01-01'))).toBe(false)
  })

  it('the index metadata of every Synthea record carries the date the views use', () => {
    for (const { r, v } of synthea) expect(resourceMetadata(r).effective).toBe(v.date)
  })
})

describe('mainCode', () => {
  it('skips category codes that the index lists first', () => {
    const m = resourceMetadata({ resourceType: 'MedicationRequest', category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'community' }] }], medicationCodeableConcept: { coding: [{ system: 'rx', code: '1' }] } })
    expect(latestPerCode([row('a', 'MedicationRequest', m.codes, '2020-01-01'), row('b', 'MedicationRequest', ['http://terminology.hl7.org/CodeSystem/medicationrequest-category|community', 'rx|2'], '2021-01-01')]).map((r) => r.recordId)).toEqual(['a', 'b'])
  })
})

describe('newestOf', () => {
  it('keeps the n newest-dated rows, oldest first, undated counting as oldest', () => {
    const rows = [row('b', 'Condition', [], '2024-02-01'), row('u', 'Condition', []), row('c', 'Condition', [], '2024-03-01'), row('a', 'Condition', [], '2024-01-01')]
    expect(newestOf(rows, 2).map((r) => r.recordId)).toEqual(['b', 'c'])
    expect(newestOf(rows, 10).map((r) => r.recordId)).toEqual(['u', 'a', 'b', 'c'])
    expect(newestOf(rows, 0)).toEqual([])
  })
})
