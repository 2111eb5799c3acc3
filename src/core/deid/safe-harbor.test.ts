import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FhirResource } from '../fhir/metadata.ts'
import { ageBand, deidentifyResource, identifyingStrings, quasiIdentifiers, regionOf, RESTRICTED_ZIP3, scrubText, yearOnly, zip3 } from './index.ts'

const bundle = JSON.parse(readFileSync(join(import.meta.dirname, '../../../test/fixtures/fhir/bundles/Bob965_Keeling57_3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b.json'), 'utf8')) as { entry: Array<{ resource: FhirResource }> }
const resources = bundle.entry.map((e) => e.resource)
const patient = resources.find((r) => r.resourceType === 'Patient')!

describe('dates and ages (Safe Harbor C)', () => {
  it('keeps only the year', () => {
    expect(yearOnly('2019-03-04T10:00:00Z')).toBe('2019')
    expect(yearOnly('2019')).toBe('2019')
    expect(yearOnly('03/04/2019')).toBeUndefined()
    expect(yearOnly(42)).toBeUndefined()
  })
  it('bands ages by ten years and groups every age over 89 as 90+', () => {
    expect(ageBand(1991, 2026)).toBe('30-39')
    expect(ageBand(2026, 2026)).toBe('0-9')
    expect(ageBand(1937, 2026)).toBe('80-89')
    expect(ageBand(1936, 2026)).toBe('90+')
    expect(ageBand(1900, 2026)).toBe('90+')
    expect(ageBand(undefined, 2026)).toBe('unknown')
    expect(ageBand(2030, 2026)).toBe('unknown')
  })
})

describe('geography (Safe Harbor B)', () => {
  it('keeps three ZIP digits, 000 for the 17 restricted areas', () => {
    expect(RESTRICTED_ZIP3).toHaveLength(17)
    expect(zip3('02124')).toBe('021')
    expect(zip3('02124-1234')).toBe('021')
    for (const z of RESTRICTED_ZIP3) expect(zip3(`${z}42`)).toBe('000')
    expect(zip3('2124')).toBeUndefined()
  })
  it('region is the state, else the ZIP3, never the city or street', () => {
    expect(regionOf({ state: 'MA', postalCode: '02124' })).toBe('MA')
    expect(regionOf({ postalCode: '03601' })).toBe('zip3:000')
    expect(regionOf({ postalCode: '02124' })).toBe('zip3:021')
    expect(regionOf(undefined)).toBe('unknown')
  })
})

describe('text scrubbing', () => {
  it('removes e-mails, URLs, IPs, phones, SSNs, record numbers and known strings; dates become years', () => {
    const text = 'Call Bob965 at 555-814-8772 or (617) 555 0100, bob@example.org, see https://x.org/a, host 10.0.0.1, SSN 999-12-9623, MRN 12345678, VIN 1HGCM82633A004352, seen 2019-03-04'
    const out = scrubText(text, ['Bob965'])
    for (const s of ['Bob965', '555-814-8772', '555 0100', 'bob@example.org', 'x.org', '10.0.0.1', '999-12-9623', '12345678', '1HGCM82633A004352', '03-04']) expect(out).not.toContain(s)
    expect(out).toContain('2019')
  })
  it('leaves clinical wording alone', () => {
    for (const s of ['Hemoglobin A1c/Hemoglobin.total in Blood', 'SARS-CoV-2 (COVID-19) vaccine, mRNA', 'Body mass index (BMI) [Ratio]']) expect(scrubText(s)).toBe(s)
  })
})

describe('de-identified copies of Synthea resources', () => {
  const known = identifyingStrings(patient, resources, ['patient-1'])

  it('collects the patient\'s names, identifiers, telecom, address and birth date, never the state', () => {
    for (const s of ['Bob965', 'Keeling57', '555-814-8772', '999-12-9623', 'S99986740', 'X45295340X', '1991-07-08', '3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b', 'patient-1']) expect(known).toContain(s)
    expect(known).not.toContain('MA')
    expect(known).not.toContain('Massachusetts')
  })

  it('keeps codes, statuses, values and years; drops ids, references, narrative and identifiers', () => {
    const obs = resources.find((r) => r.resourceType === 'Observation' && r.valueQuantity !== undefined)!
    const copy = deidentifyResource(obs, { pseudonym: 'r-1', known })
    expect(copy.resourceType).toBe('Observation')
    expect(copy.code).toEqual({ coding: (obs.code as { coding: unknown[] }).coding.map((c) => { const { system, code, display } = c as Record<string, string>; return { system, code, display } }) })
    expect((copy.valueQuantity as { value: number }).value).toBe((obs.valueQuantity as { value: number }).value)
    expect(copy.effectiveDateTime).toMatch(/^\d{4}$/)
    expect(copy.subject).toEqual({ reference: 'Patient/r-1' })
    for (const f of ['id', 'identifier', 'encounter', 'text', 'meta', 'performer']) expect(copy[f]).toBeUndefined()
  })

  it('no identifying string of the bundle survives in any copy', () => {
    const copies = JSON.stringify(resources.map((r) => deidentifyResource(r, { pseudonym: 'r-1', known })))
    for (const s of known) if (s.length > 3) expect(copies, s).not.toContain(s)
    expect(copies).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  })

  it('generalizes the quasi-identifiers', () => {
    expect(quasiIdentifiers(patient, 2026, 'OFFICE')).toEqual({ ageBand: '30-39', sex: 'male', region: 'MA', occupation: 'OFFICE' })
    expect(quasiIdentifiers(undefined, 2026)).toEqual({ ageBand: 'unknown', sex: 'unknown', region: 'unknown', occupation: 'UNKNOWN' })
    expect(() => quasiIdentifiers(patient, 2026, 'ASTRONAUT')).toThrow(RangeError)
  })
})
