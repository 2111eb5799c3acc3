import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordRow } from '../../../ports/record-index.ts'
import { dataOf } from '../data.ts'
import { recordsSubgraph } from '../index.ts'
import { observation, openHarness } from '../test-kit.ts'
import type { Harness, TestPatient } from '../test-kit.ts'

const SCORE = 'query ($id: ID!) { _entities(representations: [{ __typename: "Patient", id: $id }]) { ... on Patient { healthScore { score coverage basisEntryIndex components { component points value recordIds } } } } }'

let h: Harness
let pat: TestPatient
const bmi = (patientId: string, value: number, day: number): Record<string, unknown> => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '39156-5' }] }, subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: `2024-01-${String(day).padStart(2, '0')}T08:00:00Z`, valueQuantity: { value, unit: 'kg/m2', code: 'kg/m2' }
})

beforeAll(async () => {
  h = await openHarness()
  pat = h.registerPatient('score-reads')
  const write = async (fhir: Record<string, unknown>): Promise<void> => {
    const r = await h.run(recordsSubgraph, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { viewer: pat.viewer, variables: { p: pat.id, f: fhir } })
    expect(r.errors).toBeUndefined()
  }
  // 25 BMI readings (the newest, day 25, is 24.0 → 100 points) and 25 heart rates the score does not read
  for (let day = 1; day <= 25; day++) await write(bmi(pat.id, day === 25 ? 24 : 31, day))
  for (let day = 1; day <= 25; day++) await write(observation(pat.id, 60 + day, `2024-01-${String(day).padStart(2, '0')}T09:00:00Z`))
}, 60_000)

afterAll(async () => { await h.close() })

describe('Patient.healthScore reads', () => {
  it('decrypts only the newest record of each score code, however many there are', async () => {
    const spine = dataOf(h.services).spine
    const original = spine.readRows.bind(spine)
    const read: RecordRow[] = []
    spine.readRows = async (rows) => { read.push(...rows); return original(rows) }
    try {
      const r = await h.run(recordsSubgraph, SCORE, { viewer: pat.viewer, variables: { id: pat.id } })
      expect(r.errors).toBeUndefined()
      const s = (r.data!._entities as Array<{ healthScore: { score: number, coverage: number, components: Array<{ component: string, points: number, recordIds: string[] }> } }>)[0]!.healthScore
      expect(s.score).toBe(100)
      expect(s.coverage).toBe(1 / 8)
      expect(read).toHaveLength(1)
      expect(read[0]!.effective).toBe('2024-01-25T08:00:00Z')
      expect(s.components.find((c) => c.component === 'BMI')!.recordIds).toEqual([read[0]!.recordId])
    } finally {
      spine.readRows = original
    }
  })

  it('denies a stranger without a grant and scores an empty record as no score', async () => {
    const other = h.registerPatient('score-stranger')
    expect((await h.run(recordsSubgraph, SCORE, { viewer: other.viewer, variables: { id: pat.id } })).codes).toEqual(['CONSENT_REQUIRED'])
    const empty = await h.run(recordsSubgraph, SCORE, { viewer: other.viewer, variables: { id: other.id } })
    expect((empty.data!._entities as Array<{ healthScore: unknown }>)[0]!.healthScore).toMatchObject({ score: null, coverage: 0, basisEntryIndex: null })
  })
})
