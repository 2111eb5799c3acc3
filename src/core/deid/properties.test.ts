/**
 * Property tests (fast-check): k-anonymous release never shows a class of fewer than k people and shows a
 * class in full once it reaches k; aggregates suppress every cell below k; and no identifying string of the
 * input survives de-identification, wherever in a resource it was put.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FhirResource } from '../fhir/metadata.ts'
import { aggregate, classKey, deidentifyResource, identifyingStrings, kAnonymous } from './index.ts'
import type { KRow, QuasiIdentifiers } from './index.ts'

const qi: fc.Arbitrary<QuasiIdentifiers> = fc.record({
  ageBand: fc.constantFrom('20-29', '30-39', '90+'),
  sex: fc.constantFrom('female', 'male'),
  region: fc.constantFrom('MA', 'NY'),
  occupation: fc.constantFrom('OFFICE', 'MANUAL')
})
/** People with fixed quasi-identifiers, each with 1–3 rows. */
const corpus: fc.Arbitrary<KRow[]> = fc.array(fc.tuple(qi, fc.integer({ min: 1, max: 3 })), { maxLength: 40 })
  .map((people) => people.flatMap(([q, n], i) => Array.from({ length: n }, () => ({ pseudonym: `r-${i}`, qi: q }))))

function peopleByClass (rows: readonly KRow[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>()
  for (const r of rows) {
    const key = classKey(r.qi)
    m.set(key, (m.get(key) ?? new Set()).add(r.pseudonym))
  }
  return m
}

describe('k-anonymity', () => {
  it('no released class has fewer than k people; every class of k or more is released in full', () => {
    fc.assert(fc.property(corpus, fc.integer({ min: 1, max: 6 }), (rows, k) => {
      const { released, withheld } = kAnonymous(rows, k)
      for (const people of peopleByClass(released).values()) expect(people.size).toBeGreaterThanOrEqual(k)
      const all = peopleByClass(rows)
      const expected = rows.filter((r) => all.get(classKey(r.qi))!.size >= k)
      expect(released).toEqual(expected)
      expect(withheld).toBe(expected.length < rows.length)
    }))
  })

  it('a class is withheld below k and appears as soon as its k-th person joins', () => {
    fc.assert(fc.property(corpus, qi, fc.integer({ min: 2, max: 6 }), (others, q, k) => {
      const base = others.filter((r) => classKey(r.qi) !== classKey(q))
      let rows = base
      for (let n = 1; n <= k; n++) {
        rows = [...rows, { pseudonym: `new-${n}`, qi: q }, { pseudonym: `new-${n}`, qi: q }]
        const shown = kAnonymous(rows, k).released.filter((r) => classKey(r.qi) === classKey(q))
        expect(shown.length).toBe(n < k ? 0 : 2 * k)
      }
    }))
  })

  it('aggregates count distinct people and suppress cells below k', () => {
    fc.assert(fc.property(corpus, fc.integer({ min: 1, max: 6 }), fc.subarray(['ageBand', 'sex', 'region', 'occupation'] as const, { minLength: 1 }), (rows, k, by) => {
      const cells = aggregate(rows, by, k)
      let total = 0
      for (const c of cells) {
        const people = new Set(rows.filter((r) => by.every((b) => r.qi[b] === c.group[b])).map((r) => r.pseudonym))
        expect(c.count).toBe(people.size >= k ? people.size : null)
        total += people.size
      }
      expect(total).toBe(new Set(rows.map((r) => r.pseudonym)).size)
    }))
  })

  it('rejects a k that is not a positive integer', () => {
    expect(() => kAnonymous([], 0)).toThrow(RangeError)
    expect(() => aggregate([], ['sex'], 1.5)).toThrow(RangeError)
  })
})

/** Identifier-like strings: names, phone numbers, e-mails, record numbers, uuids. */
const identifier = fc.oneof(
  fc.stringMatching(/^[A-Z][a-z]{4,9}[0-9]{0,3}$/),
  fc.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 100, max: 999 }), fc.integer({ min: 1000, max: 9999 })).map(([a, b, c]) => `${a}-${b}-${c}`),
  fc.tuple(fc.stringMatching(/^[a-z]{3,8}$/), fc.stringMatching(/^[a-z]{3,8}$/)).map(([u, d]) => `${u}@${d}.org`),
  fc.integer({ min: 10_000_000, max: 99_999_999 }).map((n) => `MRN${n}`),
  fc.uuid()
)

describe('de-identification', () => {
  it('no identifying string of the patient or the record survives, wherever it was written', () => {
    const fields = ['id', 'display', 'code', 'text', 'note', 'unit', 'valueString', 'reference', 'identifier']
    fc.assert(fc.property(fc.array(identifier, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom(...fields), { minLength: 1, maxLength: 6 }), (ids, where) => {
      const [name, ...rest] = ids as [string, ...string[]]
      const patient: FhirResource = {
        resourceType: 'Patient',
        id: rest[0] ?? 'pat-1',
        name: [{ family: name, given: rest.slice(1, 2) }],
        telecom: rest.slice(2, 3).map((value) => ({ system: 'phone', value })),
        identifier: rest.slice(3).map((value) => ({ system: 'urn:mrn', value })),
        birthDate: '1950-02-03',
        address: [{ line: [`${name} street 1`], city: 'Springfield', postalCode: '02124', state: 'MA' }]
      }
      const record: FhirResource = { resourceType: 'Observation', status: 'final', effectiveDateTime: '2019-03-04T10:00:00Z', code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }], text: 'x' }, valueQuantity: { value: 72, unit: '/min' }, subject: { reference: `Patient/${patient.id as string}` } }
      where.forEach((f, i) => {
        const s = ids[i % ids.length]!
        if (f === 'display' || f === 'code') (record.code as { coding: Array<Record<string, string>> }).coding.push({ system: 'http://loinc.org', code: f === 'code' ? s : '1-1', display: `seen by ${s}` })
        else if (f === 'unit') record.valueQuantity = { value: 1, unit: s }
        else if (f === 'identifier') record.identifier = [{ value: s }]
        else if (f === 'reference') record.encounter = { reference: `Encounter/${s}` }
        else record[f] = s
      })
      const known = identifyingStrings(patient, [record])
      const copy = JSON.stringify(deidentifyResource(record, { pseudonym: 'r-0', known }))
      for (const s of ids) expect(copy.toLowerCase()).not.toContain(s.toLowerCase())
      expect(copy).not.toContain('1950')
      expect(copy).not.toContain('03-04')
    }), { numRuns: 300 })
  })
})
