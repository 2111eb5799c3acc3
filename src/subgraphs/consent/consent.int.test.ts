import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordsSubgraph } from '../records/index.ts'
import { accountViewer, observation, openHarness } from '../records/test-kit.ts'
import type { Harness, TestPatient } from '../records/test-kit.ts'
import { consentSubgraph } from './index.ts'

const LOG = `query ($id: ID!, $first: Int) {
  _entities(representations: [{ __typename: "Patient", id: $id }]) {
    ... on Patient { accessLog(first: $first) { entryIndex actor recordIds purpose decision time } }
  }
}`

interface Entry { entryIndex: number, actor: string, recordIds: string[], purpose: string, decision: string, time: string }

let h: Harness
let gina: TestPatient
let hank: TestPatient
let recordId: string

function logOf (data: Record<string, unknown> | null | undefined): Entry[] {
  return (data!._entities as Array<{ accessLog: Entry[] }>)[0]!.accessLog
}

beforeAll(async () => {
  h = await openHarness()
  gina = h.registerPatient('gina')
  hank = h.registerPatient('hank')
  const [row] = await h.services.data!.spine.write([{ patient: gina, resource: observation(gina.id) }], { actor: 'account:seed' })
  recordId = row!.recordId
  const read = `{ record(id: "${recordId}") { id } }`
  await h.run(recordsSubgraph, read, { viewer: hank.viewer }) // denied, logged
  await h.run(recordsSubgraph, read, { viewer: accountViewer('doc', ['PRACTITIONER']) }) // denied, logged
  await h.run(recordsSubgraph, read, { viewer: gina.viewer }) // the owner: not logged
  // someone else's denied read must not show in gina's log
  const [other] = await h.services.data!.spine.write([{ patient: hank, resource: observation(hank.id) }], { actor: 'account:seed' })
  await h.run(recordsSubgraph, `{ record(id: "${other!.recordId}") { id } }`, { viewer: gina.viewer })
})
afterAll(async () => { await h.close() })

describe('Patient.accessLog', () => {
  it('shows the patient who tried to read their records, newest first', async () => {
    const res = await h.run(consentSubgraph, LOG, { viewer: gina.viewer, variables: { id: gina.id } })
    expect(res.errors).toBeUndefined()
    const log = logOf(res.data)
    expect(log.map((e) => e.actor)).toEqual(['account:acct-doc', 'account:acct-hank'])
    expect(log[0]).toMatchObject({ recordIds: [recordId], purpose: 'TREAT', decision: 'DENY' })
    expect(log[0]!.entryIndex).toBeGreaterThan(log[1]!.entryIndex)
    expect(new Date(log[0]!.time).toISOString()).toBe(log[0]!.time)
    const one = await h.run(consentSubgraph, LOG, { viewer: gina.viewer, variables: { id: gina.id, first: 1 } })
    expect(logOf(one.data).map((e) => e.actor)).toEqual(['account:acct-doc'])
  })

  it('is visible to auditors, FORBIDDEN to anyone else', async () => {
    const audited = await h.run(consentSubgraph, LOG, { viewer: accountViewer('aud', ['AUDITOR']), variables: { id: gina.id } })
    expect(logOf(audited.data)).toHaveLength(2)
    expect((await h.run(consentSubgraph, LOG, { viewer: hank.viewer, variables: { id: gina.id } })).codes).toEqual(['FORBIDDEN'])
    expect((await h.run(consentSubgraph, LOG, { viewer: accountViewer('doc', ['PRACTITIONER']), variables: { id: gina.id } })).codes).toEqual(['FORBIDDEN'])
    expect((await h.run(consentSubgraph, LOG, { variables: { id: gina.id } })).codes).toEqual(['UNAUTHENTICATED'])
  })
})
