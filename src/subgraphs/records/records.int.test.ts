import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWithPatientKey } from '../../core/envelope/index.ts'
import { fromHex, verifyInclusion } from '../../core/merkle/index.ts'
import type { AccessLogged, LedgerEntry } from '../../ports/ledger.ts'
import { ledgerSubgraph } from '../ledger/index.ts'
import { recordsSubgraph } from './index.ts'
import { accountViewer, apiKeyViewer, observation, openHarness } from './test-kit.ts'
import type { Harness, TestPatient } from './test-kit.ts'

const RECORD = `query ($id: ID!, $version: Int) {
  record(id: $id, version: $version) {
    id version resourceType codes effective fhir author patient { id }
    anchor { entryIndex cid anchoredAt leafHash block { height } inclusionProof }
  }
}`
const CREATE = `mutation ($patientId: ID!, $fhir: JSON!) {
  createRecord(patientId: $patientId, fhir: $fhir) { id version fhir author anchor { entryIndex leafHash block { height } inclusionProof } }
}`
const AMEND = `mutation ($id: ID!, $fhir: JSON!) {
  amendRecord(id: $id, fhir: $fhir) { id version fhir history { version fhir } }
}`

let h: Harness
let alice: TestPatient
let bob: TestPatient
const doctor = accountViewer('doctor', ['PRACTITIONER'])

function entriesSince (size: number): LedgerEntry[] {
  return [...h.services.ledger.entries(size)].map((e) => e.entry)
}

async function create (viewer: TestPatient['viewer'], patientId: string, fhir: unknown): Promise<string> {
  const res = await h.run(recordsSubgraph, CREATE, { viewer, variables: { patientId, fhir } })
  expect(res.errors).toBeUndefined()
  return (res.data!.createRecord as { id: string }).id
}

beforeAll(async () => {
  h = await openHarness()
  alice = h.registerPatient('alice')
  bob = h.registerPatient('bob')
})
afterAll(async () => { await h.close() })

describe('records subgraph: the vertical slice', () => {
  it('a patient creates a record, reads it back decrypted, and its anchor proof verifies once sealed', async () => {
    const fhir = observation(alice.id)
    const created = await h.run(recordsSubgraph, CREATE, { viewer: alice.viewer, variables: { patientId: alice.id, fhir } })
    expect(created.errors).toBeUndefined()
    const record = created.data!.createRecord as { id: string, version: number, fhir: unknown, author: string, anchor: Record<string, unknown> }
    expect(record).toMatchObject({ version: 1, fhir, author: 'account:acct-alice' })
    expect(record.anchor).toMatchObject({ block: null, inclusionProof: null, leafHash: expect.stringMatching(/^[0-9a-f]{64}$/) })

    await h.services.data!.spine.flush()
    const read = await h.run(recordsSubgraph, RECORD, { viewer: alice.viewer, variables: { id: record.id } })
    expect(read.errors).toBeUndefined()
    const got = read.data!.record as { fhir: unknown, codes: string[], effective: string, patient: { id: string }, resourceType: string, anchor: { entryIndex: number, cid: string, anchoredAt: string, leafHash: string, block: { height: number }, inclusionProof: string[] } }
    expect(got).toMatchObject({ fhir, resourceType: 'Observation', codes: ['http://loinc.org|8867-4'], effective: '2024-05-01T10:00:00Z', patient: { id: alice.id } })
    expect(new Date(got.anchor.anchoredAt).toISOString()).toBe(got.anchor.anchoredAt)

    const blockRes = await h.run(ledgerSubgraph, 'query ($h: Int!) { ledgerBlock(height: $h) { treeSize root } }', { variables: { h: got.anchor.block.height } })
    const block = blockRes.data!.ledgerBlock as { treeSize: number, root: string }
    const { anchor } = got
    expect(anchor).toMatchObject({ entryIndex: record.anchor.entryIndex, leafHash: record.anchor.leafHash })
    expect(verifyInclusion(fromHex(anchor.leafHash), anchor.entryIndex, block.treeSize, anchor.inclusionProof.map(fromHex), fromHex(block.root))).toBe(true)

    // The patient alone opens the IPFS bytes with their private key (their stored key was 0x hex).
    const envelope = await h.services.data!.bodies.get(CID.parse(anchor.cid))
    const opened = openWithPatientKey(envelope, alice.privateKey, alice.id)
    expect(JSON.parse(new TextDecoder().decode(opened.plaintext))).toEqual(fhir)
  })

  it('another user gets CONSENT_REQUIRED with nothing of the body, and the denial is logged in the ledger', async () => {
    const id = await create(alice.viewer, alice.id, observation(alice.id, 80))
    const before = h.services.ledger.size()
    const res = await h.run(recordsSubgraph, RECORD, { viewer: bob.viewer, variables: { id } })
    expect(res.codes).toEqual(['CONSENT_REQUIRED'])
    expect(res.data?.record ?? null).toBeNull()
    expect(JSON.stringify(res)).not.toContain('beats/minute')
    const logged = entriesSince(before)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ type: 'AccessLogged', actor: 'account:acct-bob', subject: alice.id, recordIds: [id], purpose: 'TREAT', decision: 'deny' })
  })

  it('owner reads are not logged; practitioners and RECORDS_READ keys are denied without a consent grant', async () => {
    const id = await create(alice.viewer, alice.id, observation(alice.id))
    const before = h.services.ledger.size()
    expect((await h.run(recordsSubgraph, RECORD, { viewer: alice.viewer, variables: { id } })).errors).toBeUndefined()
    expect(h.services.ledger.size()).toBe(before)
    for (const viewer of [doctor, apiKeyViewer('key-r', ['RECORDS_READ']), accountViewer('auditor', ['AUDITOR'])]) {
      expect((await h.run(recordsSubgraph, RECORD, { viewer, variables: { id } })).codes).toEqual(['CONSENT_REQUIRED'])
    }
    expect(entriesSince(before).map((e) => (e as AccessLogged).actor)).toEqual(['account:acct-doctor', 'apikey:key-r', 'account:acct-auditor'])
    expect((await h.run(recordsSubgraph, RECORD, { variables: { id } })).codes).toEqual(['UNAUTHENTICATED'])
  })

  it('an unknown record id reads CONSENT_REQUIRED, exactly like another patient\'s record', async () => {
    const res = await h.run(recordsSubgraph, RECORD, { viewer: bob.viewer, variables: { id: '00000000-0000-4000-8000-000000000000' } })
    expect(res.codes).toEqual(['CONSENT_REQUIRED'])
  })

  it('batches the audit of one request into one ledger append', async () => {
    const ids = [await create(alice.viewer, alice.id, observation(alice.id, 61)), await create(alice.viewer, alice.id, observation(alice.id, 62))]
    const before = h.services.ledger.size()
    h.services.metrics.reset()
    const res = await h.run(recordsSubgraph, 'query ($a: ID!, $b: ID!) { a: record(id: $a) { id } b: record(id: $b) { id } c: record(id: $a) { fhir } }', { viewer: bob.viewer, variables: { a: ids[0], b: ids[1] } })
    expect(res.codes).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED', 'CONSENT_REQUIRED'])
    expect(h.services.metrics.get('records.audit')).toBe(1)
    expect(entriesSince(before)).toEqual([expect.objectContaining({ type: 'AccessLogged', subject: alice.id, recordIds: ids, decision: 'deny' })])
  })
})

describe('records subgraph: writing', () => {
  it('lets practitioners and RECORDS_WRITE keys write for a patient, and refuses (and logs) anyone else', async () => {
    await create(doctor, alice.id, observation(alice.id, 90))
    await create(apiKeyViewer('key-w', ['RECORDS_WRITE']), alice.id, observation(alice.id, 91))
    const before = h.services.ledger.size()
    for (const viewer of [bob.viewer, apiKeyViewer('key-r', ['RECORDS_READ']), accountViewer('researcher', ['RESEARCHER'])]) {
      const res = await h.run(recordsSubgraph, CREATE, { viewer, variables: { patientId: alice.id, fhir: observation(alice.id) } })
      expect(res.codes).toEqual(['FORBIDDEN'])
    }
    expect(entriesSince(before).every((e) => e.type === 'AccessLogged' && (e as AccessLogged).decision === 'deny')).toBe(true)
    expect((await h.run(recordsSubgraph, CREATE, { variables: { patientId: alice.id, fhir: observation(alice.id) } })).codes).toEqual(['UNAUTHENTICATED'])
  })

  it('validates the resource and the patient', async () => {
    for (const fhir of [[1], 'x', { status: 'final' }, { resourceType: 7 }]) {
      expect((await h.run(recordsSubgraph, CREATE, { viewer: doctor, variables: { patientId: alice.id, fhir } })).codes).toEqual(['BAD_USER_INPUT'])
    }
    expect((await h.run(recordsSubgraph, CREATE, { viewer: doctor, variables: { patientId: 'patient-nobody', fhir: observation('x') } })).codes).toEqual(['NOT_FOUND'])
  })

  it('amends a record: versions stay readable and history lists them oldest first', async () => {
    const first = observation(alice.id, 70)
    const id = await create(doctor, alice.id, first)
    const second = observation(alice.id, 75)
    const res = await h.run(recordsSubgraph, AMEND, { viewer: doctor, variables: { id, fhir: second } })
    // The practitioner amends the version they wrote and gets back what they wrote, but history is a read:
    // denied without a consent grant.
    expect(res.codes).toEqual(['CONSENT_REQUIRED'])
    expect(res.data?.amendRecord ?? null).toBeNull()

    const third = observation(alice.id, 77)
    const own = await h.run(recordsSubgraph, AMEND, { viewer: alice.viewer, variables: { id, fhir: third } })
    expect(own.errors).toBeUndefined()
    expect(own.data!.amendRecord).toEqual({ id, version: 3, fhir: third, history: [{ version: 1, fhir: first }, { version: 2, fhir: second }, { version: 3, fhir: third }] })
    const v1 = await h.run(recordsSubgraph, RECORD, { viewer: alice.viewer, variables: { id, version: 1 } })
    expect((v1.data!.record as { fhir: unknown }).fhir).toEqual(first)
    expect((await h.run(recordsSubgraph, RECORD, { viewer: alice.viewer, variables: { id, version: 9 } })).codes).toEqual(['NOT_FOUND'])

    // Now the patient wrote the current version: without a grant the doctor may not replace it (logged).
    const before = h.services.ledger.size()
    expect((await h.run(recordsSubgraph, AMEND, { viewer: doctor, variables: { id, fhir: observation(alice.id, 10) } })).codes).toEqual(['FORBIDDEN'])
    expect(entriesSince(before)).toEqual([expect.objectContaining({ type: 'AccessLogged', subject: alice.id, recordIds: [id], decision: 'deny' })])
    expect((await h.run(recordsSubgraph, RECORD, { viewer: alice.viewer, variables: { id } })).data!.record).toMatchObject({ fhir: third })
  })

  it('amend: NOT_FOUND only for callers who may write for anyone; FORBIDDEN otherwise', async () => {
    const id = await create(alice.viewer, alice.id, observation(alice.id))
    const unknown = '00000000-0000-4000-8000-000000000001'
    expect((await h.run(recordsSubgraph, AMEND, { viewer: doctor, variables: { id: unknown, fhir: observation(alice.id) } })).codes).toEqual(['NOT_FOUND'])
    expect((await h.run(recordsSubgraph, AMEND, { viewer: bob.viewer, variables: { id: unknown, fhir: observation(alice.id) } })).codes).toEqual(['FORBIDDEN'])
    const before = h.services.ledger.size()
    expect((await h.run(recordsSubgraph, AMEND, { viewer: bob.viewer, variables: { id, fhir: observation(alice.id) } })).codes).toEqual(['FORBIDDEN'])
    expect(entriesSince(before)).toEqual([expect.objectContaining({ type: 'AccessLogged', subject: alice.id, recordIds: [id], decision: 'deny' })])
  })
})
