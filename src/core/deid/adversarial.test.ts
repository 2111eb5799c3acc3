// Adversarial inputs for de-identification (from the research security review): identifiers planted where an
// allow-list copy could let them through, with no `known` strings, so only the structure and the patterns
// protect them.
import { describe, expect, it } from 'vitest'
import type { FhirResource } from '../fhir/metadata.ts'
import { deidentifyResource, regionOf } from './index.ts'

const PLANTED = ['Zelda Quist', 'zelda@example.org', '617-555-0199', '1931-02-03', 'MRN-88231', 'https://zelda.example/me', '999-12-9623', 'Elm Street']
const LOINC = 'http://loinc.org'

const copy = (r: FhirResource): FhirResource => deidentifyResource(r, { pseudonym: 'r-1', known: [] })

describe('de-identified copies of adversarial resources', () => {
  it('drop free text, extensions, meta, contained resources, identifiers and references wherever they are', () => {
    const resource: FhirResource = {
      resourceType: 'Observation',
      id: 'MRN-88231',
      meta: { source: 'https://zelda.example/me', tag: [{ display: 'Zelda Quist' }] },
      text: { div: '<div>Zelda Quist, Elm Street</div>' },
      contained: [{ resourceType: 'Patient', name: [{ text: 'Zelda Quist' }], birthDate: '1931-02-03' }],
      extension: [{ url: 'https://zelda.example/me', valueString: 'zelda@example.org' }],
      identifier: [{ value: 'MRN-88231' }],
      status: 'final',
      code: { text: 'Zelda Quist', coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: 'Patient/MRN-88231', display: 'Zelda Quist' },
      performer: [{ display: 'Zelda Quist' }],
      note: [{ text: 'call 617-555-0199' }],
      valueString: 'Zelda Quist lives on Elm Street',
      effectivePeriod: { start: '1931-02-03T10:00:00Z', end: '2020-05-06' },
      component: [{ code: { text: 'zelda@example.org', coding: [{ system: LOINC, code: '8480-6' }] }, valueString: '999-12-9623', valueQuantity: { value: 120, unit: 'mm[Hg]' } }],
      valueQuantity: { value: 72, unit: '/min', comparator: '<', extension: [{ valueString: 'Zelda Quist' }] }
    }
    const out = JSON.stringify(copy(resource))
    for (const s of PLANTED) expect(out, s).not.toContain(s)
    expect(out).not.toMatch(/\d{4}-\d{2}/)
    expect(copy(resource).effectivePeriod).toEqual({ start: '1931', end: '2020' })
  })

  it('drops codings whose code is an e-mail, URL, SSN or telephone number, keeping numeric vocabulary codes', () => {
    const resource: FhirResource = {
      resourceType: 'Condition',
      code: {
        coding: [
          { system: 'urn:local', code: 'zelda@example.org' }, { system: 'urn:local', code: 'https://zelda.example/me' },
          { system: 'urn:local', code: '999-12-9623' }, { system: 'urn:local', code: '(617) 555-0199' },
          { system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }
        ]
      }
    }
    expect(copy(resource).code).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }] })
    const q = copy({ resourceType: 'Observation', valueQuantity: { value: 3, unit: 'x', code: 'zelda@example.org', system: 'mailto:zelda@example.org' } })
    expect(q.valueQuantity).toEqual({ value: 3, unit: 'x' })
  })

  it('keeps displays of published vocabularies only: a local display is free text that may hold any name', () => {
    const c = copy({ resourceType: 'Condition', code: { coding: [{ system: 'urn:local', code: 'v1', display: 'Visit with Quentin Quixotic' }, { code: 'v2', display: 'Quentin Quixotic' }, { system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' }] } })
    expect(c.code).toEqual({ coding: [{ system: 'urn:local', code: 'v1' }, { code: 'v2' }, { system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' }] })
    expect(copy({ resourceType: 'Observation', interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H', display: 'High' }] }] }).interpretation)
      .toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H', display: 'High' }] }])
  })

  it('groups ages over 89 (Safe Harbor C) in year quantities and age observations', () => {
    const age = (value: Record<string, unknown>): FhirResource => ({ resourceType: 'Observation', code: { coding: [{ system: LOINC, code: '30525-0' }] }, ...value })
    expect(copy(age({ valueQuantity: { value: 97, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' } })).valueQuantity)
      .toEqual({ value: 90, comparator: '>=', unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' })
    expect(copy(age({ valueQuantity: { value: 91, unit: 'years' } })).valueQuantity).toEqual({ value: 90, comparator: '>=', unit: 'years' })
    expect(copy(age({ valueQuantity: { value: 89, unit: 'a' } })).valueQuantity).toEqual({ value: 89, unit: 'a' })
    const int = copy(age({ valueInteger: 102 }))
    expect(int.valueInteger).toBeUndefined()
    expect(int.valueQuantity).toMatchObject({ value: 90, comparator: '>=' })
    expect(copy(age({ valueInteger: 45 })).valueInteger).toBe(45)
    // Only ages: 95 beats a minute stays 95.
    expect(copy({ resourceType: 'Observation', valueQuantity: { value: 95, unit: '/min' } }).valueQuantity).toEqual({ value: 95, unit: '/min' })
    const part = copy({ resourceType: 'Observation', component: [{ code: { coding: [{ system: LOINC, code: '21612-7' }] }, valueQuantity: { value: 93, unit: 'yr' } }] })
    expect((part.component as Array<{ valueQuantity: unknown }>)[0]!.valueQuantity).toEqual({ value: 90, comparator: '>=', unit: 'yr' })
  })
})

describe('region', () => {
  it('is a US state (code or name) only: a city, county or street written in `state` falls back to the ZIP3', () => {
    expect(regionOf({ state: 'MA' })).toBe('MA')
    expect(regionOf({ state: ' Massachusetts ' })).toBe('Massachusetts')
    expect(regionOf({ state: 'Springfield', postalCode: '01103' })).toBe('zip3:011')
    expect(regionOf({ state: 'Elm Street' })).toBe('unknown')
    expect(regionOf({ state: 'toString' })).toBe('unknown')
  })
})
