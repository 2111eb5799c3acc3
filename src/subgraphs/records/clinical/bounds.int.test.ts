// A review finding: every clinical view decrypts a bounded number of records, however many a patient has
// (anyone who may write for a patient could otherwise make each of their views decrypt without limit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataOf } from '../data.ts'
import { recordsSubgraph } from '../index.ts'
import { patientKey } from '../patient-keys.ts'
import { openHarness } from '../test-kit.ts'
import type { Harness, TestPatient } from '../test-kit.ts'
import { MAX_SECTION, MAX_TIMELINE_CODES } from './views.ts'

const MANY = MAX_SECTION + 40
let h: Harness
let pat: TestPatient

const allergy = (patientId: string, i: number): Record<string, unknown> => ({
  resourceType: 'AllergyIntolerance',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://snomed.info/sct', code: String(100000 + i), display: `Substance ${i}` }] },
  patient: { reference: `Patient/${patientId}` },
  recordedDate: new Date(Date.parse('2020-01-01T00:00:00Z') + i * 86_400_000).toISOString()
})

beforeAll(async () => {
  h = await openHarness()
  pat = h.registerPatient('bounds')
  const key = patientKey(h.services, pat.id)
  await dataOf(h.services).spine.write(Array.from({ length: MANY }, (_, i) => ({ patient: key, resource: allergy(pat.id, i) })), { actor: 'apikey:test' })
}, 120_000)

afterAll(async () => { await h.close() })

describe('bounded clinical views', () => {
  it(`the snapshot and the contraindication report decrypt at most ${MAX_SECTION} records of a section, the newest`, async () => {
    for (const [query, pick] of [
      ['query ($id: ID!) { _entities(representations: [{ __typename: "Patient", id: $id }]) { ... on Patient { snapshot { allergies { id date } } } } }', (p: Record<string, { allergies: Array<{ date: string }> }>) => p.snapshot!.allergies],
      ['query ($id: ID!) { _entities(representations: [{ __typename: "Patient", id: $id }]) { ... on Patient { contraindications { allergies { id date } } } } }', (p: Record<string, { allergies: Array<{ date: string }> }>) => p.contraindications!.allergies]
    ] as const) {
      h.services.metrics.reset()
      const r = await h.run(recordsSubgraph, query, { viewer: pat.viewer, variables: { id: pat.id } })
      expect(r.errors).toBeUndefined()
      expect(h.services.metrics.snapshot()['records.decrypted']).toBe(MAX_SECTION)
      const allergies = pick((r.data!._entities as Array<Record<string, { allergies: Array<{ date: string }> }>>)[0]!)
      expect(allergies).toHaveLength(MAX_SECTION)
      // the newest are kept: the oldest served is the (MANY − MAX_SECTION)th day
      const oldest = allergies.map((a) => a.date).sort()[0]!
      expect(oldest).toBe(new Date(Date.parse('2020-01-01T00:00:00Z') + (MANY - MAX_SECTION) * 86_400_000).toISOString())
    }
  }, 60_000)

  it(`a timeline filters on at most ${MAX_TIMELINE_CODES} codes`, async () => {
    const q = 'query ($id: ID!, $codes: [String!]) { _entities(representations: [{ __typename: "Patient", id: $id }]) { ... on Patient { timeline(kind: ALLERGY, codes: $codes, first: 1) { id } } } }'
    const many = Array.from({ length: MAX_TIMELINE_CODES + 1 }, (_, i) => String(100000 + i))
    expect((await h.run(recordsSubgraph, q, { viewer: pat.viewer, variables: { id: pat.id, codes: many } })).codes).toEqual(['BAD_USER_INPUT'])
    const ok = await h.run(recordsSubgraph, q, { viewer: pat.viewer, variables: { id: pat.id, codes: many.slice(0, MAX_TIMELINE_CODES) } })
    expect(ok.errors).toBeUndefined()
  })
})
