import { describe, expect, it } from 'vitest'
import { importedRecordId } from './ids.ts'
import { identifiersOf, rewriteReferences } from './references.ts'

const H = 'hosp'
const id = (type: string, sid: string): string => `${type}/${importedRecordId(H, type, sid)}`
const ctx = (identifiers: Record<string, string[]> = {}) => ({
  hospital: H,
  lookupIdentifier: (type: string, system: string, value: string) => identifiers[`${type}|${system}|${value}`] ?? []
})

describe('rewriteReferences', () => {
  it('rewrites relative references to deterministic medledger ids and names the patient', () => {
    const r = rewriteReferences({ resourceType: 'Encounter', subject: { reference: 'Patient/p1' }, partOf: { reference: 'Encounter/e0' } }, ctx())
    expect(r.resource).toEqual({ resourceType: 'Encounter', subject: { reference: id('Patient', 'p1') }, partOf: { reference: id('Encounter', 'e0') } })
    expect(r.patient).toMatchObject({ type: 'Patient', sourceId: 'p1' })
    expect(r.unresolved).toEqual([])
  })

  it('resolves Bundle fullUrls and conditional identifier references; keeps contained and external ones', () => {
    const bundle = { fullUrls: new Map([['urn:uuid:aaaa', { type: 'Patient', sourceId: 'p9' }]]) }
    const r = rewriteReferences({
      resourceType: 'Observation',
      subject: { reference: 'urn:uuid:aaaa' },
      performer: [{ reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|42' }, { reference: '#c1' }, { reference: 'https://elsewhere.example/fhir/Device/1' }]
    }, { ...ctx({ 'Practitioner|http://hl7.org/fhir/sid/us-npi|42': ['dr1'] }), bundle })
    expect(r.resource.subject).toEqual({ reference: id('Patient', 'p9') })
    expect(r.resource.performer).toEqual([{ reference: id('Practitioner', 'dr1') }, { reference: '#c1' }, { reference: 'https://elsewhere.example/fhir/Device/1' }])
    expect(r.patient?.sourceId).toBe('p9')
  })

  it('reports what does not resolve, keeping it as written, and flags an unresolvable patient field', () => {
    const r = rewriteReferences({
      resourceType: 'Observation',
      subject: { reference: 'urn:uuid:missing' },
      performer: [{ reference: 'Practitioner?identifier=x|1' }, { reference: 'Practitioner?name=smith' }]
    }, ctx({ 'Practitioner|x|1': ['a', 'b'] }))
    expect(r.patientUnresolved).toBe('urn:uuid:missing')
    expect(r.unresolved.map((u) => u.reference)).toEqual(['urn:uuid:missing', 'Practitioner?identifier=x|1', 'Practitioner?name=smith'])
    expect(r.resource.performer).toEqual([{ reference: 'Practitioner?identifier=x|1' }, { reference: 'Practitioner?name=smith' }])
  })

  it('does not change its input', () => {
    const input = { resourceType: 'Encounter', subject: { reference: 'Patient/p1' } }
    rewriteReferences(input, ctx())
    expect(input.subject.reference).toBe('Patient/p1')
  })
})

describe('importedRecordId', () => {
  it('is a version 8 UUID, a function of hospital, type and source id', () => {
    const a = importedRecordId('h', 'Patient', '1')
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(importedRecordId('h', 'Patient', '1')).toBe(a)
    expect(new Set([a, importedRecordId('h2', 'Patient', '1'), importedRecordId('h', 'Group', '1'), importedRecordId('h', 'Patient', '2')]).size).toBe(4)
  })
})

describe('identifiersOf', () => {
  it('lists (system, value) pairs, system empty when absent', () => {
    expect(identifiersOf({ identifier: [{ system: 's', value: 'v' }, { value: 'w' }, { system: 'x' }] })).toEqual([{ system: 's', value: 'v' }, { system: '', value: 'w' }])
  })
})
