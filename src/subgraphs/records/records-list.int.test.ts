import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordsSubgraph } from './index.ts'
import { observation, openHarness } from './test-kit.ts'
import type { Harness, TestPatient } from './test-kit.ts'

const RECORDS = `query ($id: ID!, $first: Int, $after: String, $type: String) {
  _entities(representations: [{ __typename: "Patient", id: $id }]) {
    ... on Patient {
      records(first: $first, after: $after, resourceType: $type) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id version resourceType effective } }
      }
    }
  }
}`

/** Every field that touches a backend: bodies, anchors, history, patient. */
const EVERYTHING = `query ($id: ID!) {
  _entities(representations: [{ __typename: "Patient", id: $id }]) {
    ... on Patient {
      records(first: 50) {
        totalCount
        edges { node { id fhir author patient { id } anchor { entryIndex leafHash block { height } inclusionProof } history { version fhir } } }
      }
    }
  }
}`

interface Page { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, version: number, resourceType: string, effective: string } }> }

let h: Harness
let carol: TestPatient
let dave: TestPatient
let erin: TestPatient

function pageOf (data: Record<string, unknown> | null | undefined): Page {
  return (data!._entities as Array<{ records: Page }>)[0]!.records
}

async function seed (patient: TestPatient, n: number): Promise<void> {
  const days = Array.from({ length: n }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`)
  await h.services.data!.spine.write(days.map((d, i) => ({ patient, resource: observation(patient.id, 60 + i, d) })), { actor: 'account:seed' })
}

beforeAll(async () => {
  h = await openHarness()
  carol = h.registerPatient('carol')
  dave = h.registerPatient('dave')
  erin = h.registerPatient('erin')
  await seed(carol, 5)
  await h.services.data!.spine.write([{ patient: carol, resource: { resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003' }] } } }], { actor: 'account:seed' })
  await seed(dave, 1)
  // 50 records over two months: more than fit in January
  const days = Array.from({ length: 50 }, (_, i) => `2024-${i < 25 ? '02' : '03'}-${String((i % 25) + 1).padStart(2, '0')}`)
  await h.services.data!.spine.write(days.map((d, i) => ({ patient: erin, resource: observation(erin.id, 60 + i, d) })), { actor: 'account:seed' })
  await h.services.data!.spine.flush()
})
afterAll(async () => { await h.close() })

describe('Patient.records', () => {
  it('pages with opaque cursors, newest first, with a total count', async () => {
    const seen: string[] = []
    let after: string | null = null
    let pages = 0
    do {
      const res = await h.run(recordsSubgraph, RECORDS, { viewer: carol.viewer, variables: { id: carol.id, first: 2, after } })
      expect(res.errors).toBeUndefined()
      const page = pageOf(res.data)
      expect(page.totalCount).toBe(6)
      seen.push(...page.edges.map((e) => e.node.effective ?? e.node.resourceType))
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
      pages++
    } while (after !== null)
    expect(pages).toBe(3)
    expect(seen).toEqual(['2024-01-05', '2024-01-04', '2024-01-03', '2024-01-02', '2024-01-01', 'Condition'])
  })

  it('filters by resource type and refuses a foreign cursor or page size', async () => {
    const res = await h.run(recordsSubgraph, RECORDS, { viewer: carol.viewer, variables: { id: carol.id, type: 'Condition' } })
    expect(pageOf(res.data)).toMatchObject({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { resourceType: 'Condition' } }] })
    expect((await h.run(recordsSubgraph, RECORDS, { viewer: carol.viewer, variables: { id: carol.id, after: 'bm9wZQ' } })).codes).toEqual(['BAD_USER_INPUT'])
    expect((await h.run(recordsSubgraph, RECORDS, { viewer: carol.viewer, variables: { id: carol.id, first: 101 } })).codes).toEqual(['BAD_USER_INPUT'])
    const empty = await h.run(recordsSubgraph, RECORDS, { viewer: carol.viewer, variables: { id: carol.id, first: 0 } })
    expect(pageOf(empty.data)).toMatchObject({ totalCount: 6, edges: [], pageInfo: { hasNextPage: true, endCursor: null } })
  })

  it('is CONSENT_REQUIRED to anyone without a grant, and the denial is logged', async () => {
    const before = h.services.ledger.size()
    const res = await h.run(recordsSubgraph, RECORDS, { viewer: dave.viewer, variables: { id: carol.id } })
    expect(res.codes).toEqual(['CONSENT_REQUIRED'])
    expect([...h.services.ledger.entries(before)].map((e) => e.entry)).toEqual([
      expect.objectContaining({ type: 'AccessLogged', actor: 'account:acct-dave', subject: carol.id, recordIds: [], decision: 'deny' })
    ])
  })

  it('costs the same number of backend batches for a list of 1 and of 50 records', async () => {
    const measure = async (patient: TestPatient, n: number): Promise<Record<string, number>> => {
      h.services.metrics.reset()
      const res = await h.run(recordsSubgraph, EVERYTHING, { viewer: patient.viewer, variables: { id: patient.id } })
      expect(res.errors).toBeUndefined()
      const page = pageOf(res.data)
      expect(page.totalCount).toBe(n)
      expect(page.edges).toHaveLength(n)
      return h.services.metrics.snapshot()
    }
    const one = await measure(dave, 1)
    const fifty = await measure(erin, 50)
    expect(fifty).toEqual(one)
    // bodies twice: the nodes' fhir, then history's fhir one level deeper; one index query for every history
    expect(one).toEqual({ 'records.bodies': 2, 'records.rows': 1 })
  })
})
