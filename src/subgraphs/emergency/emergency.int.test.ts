import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accountViewer, openHarness } from '../records/test-kit.ts'
import type { Harness, TestPatient } from '../records/test-kit.ts'
import { emergencyStore, emergencySubgraph } from './index.ts'

const CONTACTS = `query ($ids: [_Any!]!) {
  _entities(representations: $ids) { ... on Patient { id emergencyThreshold emergencyContacts { person { id } status since } } }
}`
// Without emergencyThreshold: a FORBIDDEN sibling nulls the entity, and graphql-js answers without waiting for
// the threshold's pending load, whose batch would then land in a later test's metrics.
const CONTACTS_ONLY = 'query ($ids: [_Any!]!) { _entities(representations: $ids) { ... on Patient { emergencyContacts { status } } } }'
const THRESHOLD = 'query ($ids: [_Any!]!) { _entities(representations: $ids) { ... on Patient { id emergencyThreshold } } }'

let h: Harness
let ivy: TestPatient
let jack: TestPatient

const refs = (...ids: string[]) => ({ ids: ids.map((id) => ({ __typename: 'Patient', id })) })

beforeAll(async () => {
  h = await openHarness()
  ivy = h.registerPatient('ivy')
  jack = h.registerPatient('jack')
  await emergencyStore(h).setContacts(ivy.id, [jack.id, 'patient-kim'], 2, { status: 'ACCEPTED' })
})
afterAll(async () => { await h.close() })

describe('emergency subgraph', () => {
  it('shows a patient their own contacts and threshold', async () => {
    const res = await h.run(emergencySubgraph, CONTACTS, { viewer: ivy.viewer, variables: refs(ivy.id) })
    expect(res.errors).toBeUndefined()
    const [me] = res.data!._entities as Array<{ emergencyThreshold: number, emergencyContacts: Array<{ person: { id: string }, status: string, since: string }> }>
    expect(me!.emergencyThreshold).toBe(2)
    expect(me!.emergencyContacts.map((c) => [c.person.id, c.status])).toEqual([[jack.id, 'ACCEPTED'], ['patient-kim', 'ACCEPTED']])
    expect(new Date(me!.emergencyContacts[0]!.since).toISOString()).toBe(me!.emergencyContacts[0]!.since)
  })

  it('hides the contacts from anyone else, with FORBIDDEN', async () => {
    for (const viewer of [jack.viewer, accountViewer('doc', ['PRACTITIONER']), accountViewer('aud', ['AUDITOR'])]) {
      expect((await h.run(emergencySubgraph, CONTACTS_ONLY, { viewer, variables: refs(ivy.id) })).codes).toEqual(['FORBIDDEN'])
    }
    expect((await h.run(emergencySubgraph, CONTACTS_ONLY, { variables: refs(ivy.id) })).codes).toEqual(['UNAUTHENTICATED'])
  })

  it('answers thresholds of many patients in one store batch', async () => {
    h.services.metrics.reset()
    const res = await h.run(emergencySubgraph, THRESHOLD, { viewer: accountViewer('doc', ['PRACTITIONER']), variables: refs(ivy.id, jack.id, 'patient-x') })
    expect(res.data!._entities).toEqual([{ id: ivy.id, emergencyThreshold: 2 }, { id: jack.id, emergencyThreshold: 2 }, { id: 'patient-x', emergencyThreshold: 2 }])
    expect(h.services.metrics.get('emergency.settings')).toBe(1)
  })
})
