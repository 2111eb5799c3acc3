// Acceptance of the in-hospital emergency aid flow, over HTTP against a started gateway with every
// subgraph in-process and an injected clock: signed contacts and accept/decline, a doctor's request, the
// durable inbox, M-of-N signed confirmations (one: no access; the same contact twice: no access; two distinct:
// the emergency categories only, until the time box), a recorded denial, a restart in the middle, the
// patient's view with ledger proofs, and closing a contract.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../../src/core/canonical-json.ts'
import { toHex } from '../../src/core/hex.ts'
import { fromHex, leafHash, verifyInclusion } from '../../src/core/merkle/index.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'
import { hospitalDoctor, newPerson, registerPatient, respond, setContacts, signedContacts } from './emergency-helpers.ts'
import type { Person } from './emergency-helpers.ts'

const HOUR = 3_600_000
const tmp = tempDir('medledger-emergency-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
const options = { dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

const alice = newPerson()
const bob = newPerson()
const carol = newPerson()
const dave = newPerson()
const doctorWallet = Wallet.createRandom()
let doctor: Credential
const rec: Record<'allergy' | 'condition' | 'med' | 'blood' | 'pulse' | 'encounter' | 'oldEncounter' | 'immunization', string> =
  { allergy: '', condition: '', med: '', blood: '', pulse: '', encounter: '', oldEncounter: '', immunization: '' }

async function createRecord (fhir: Record<string, unknown>): Promise<string> {
  return (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: alice.id, f: fhir }, alice.who)).createRecord.id
}

/** Which of `ids` the doctor reads for `purpose` (anything else must be CONSENT_REQUIRED). */
async function readable (ids: Record<string, string>, purpose = 'ETREAT'): Promise<string[]> {
  const out: string[] = []
  for (const [name, id] of Object.entries(ids)) {
    const r = await gql('query ($id: ID!, $p: PurposeOfUse) { record(id: $id, purpose: $p) { id } }', { id, p: purpose }, doctor)
    if (r.body.errors === undefined) out.push(name)
    else expect(codes(r), name).toEqual(['CONSENT_REQUIRED'])
  }
  return out
}

async function openRequest (): Promise<string> {
  return (await ok<{ openEmergencyRequest: { id: string } }>(gql, 'mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "unconscious on arrival") { id } }', { p: alice.id }, doctor)).openEmergencyRequest.id
}

async function start (): Promise<void> {
  services = await openServices(options)
  gw = await createGateway({ services, port: 0 })
}
async function stop (): Promise<void> {
  await gw?.stop()
  gw = undefined
  await services?.close()
}

beforeAll(async () => {
  await start()
  for (const p of [alice, bob, carol, dave]) await registerPatient(gql, p)
  doctor = await hospitalDoctor(gql, services, 'St Mary', 'Dr Who', doctorWallet)
  rec.allergy = await createRecord({ resourceType: 'AllergyIntolerance', code: { coding: [{ system: 'http://snomed.info/sct', code: '91936005' }] }, recordedDate: '2026-01-02' })
  rec.condition = await createRecord({ resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] }, onsetDateTime: '2020-05-01' })
  rec.med = await createRecord({ resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: { text: 'insulin' }, subject: { reference: `Patient/${alice.id}` } })
  rec.blood = await createRecord({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '882-1' }] }, effectiveDateTime: '2019-03-04' })
  rec.pulse = await createRecord({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, effectiveDateTime: '2026-11-01' })
  rec.encounter = await createRecord({ resourceType: 'Encounter', status: 'finished', class: { code: 'EMER' }, period: { start: '2026-11-20T10:00:00Z' } })
  rec.oldEncounter = await createRecord({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { start: '2021-01-05T10:00:00Z' } })
  rec.immunization = await createRecord({ resourceType: 'Immunization', status: 'completed', vaccineCode: { text: 'flu' }, occurrenceDateTime: '2026-10-01' })
})

afterAll(async () => {
  await stop()
  tmp.cleanup()
})

describe('emergency aid in hospital', () => {
  const state = { first: '', second: '', contractId: '', grantId: '' }

  it('sets contacts only with the patient\'s signature, once per nonce; contacts accept or decline', async () => {
    const forged = await signedContacts(gql, alice, [bob.id, carol.id, dave.id], 2, bob.wallet)
    expect(codes(await setContacts(gql, alice, forged))).toEqual(['FORBIDDEN'])
    const signed = await signedContacts(gql, alice, [bob.id, carol.id, dave.id], 2)
    expect(codes(await setContacts(gql, bob, signed))).toEqual(['FORBIDDEN'])
    expect((await setContacts(gql, alice, signed)).body.errors).toBeUndefined()
    expect(reasons(await setContacts(gql, alice, signed))).toEqual(['CONFLICT/REPLAYED'])
    const impossible = await signedContacts(gql, alice, [bob.id], 2)
    expect(codes(await setContacts(gql, alice, impossible))).toEqual(['BAD_USER_INPUT'])
    const answer = 'mutation ($p: ID!, $a: Boolean!) { answerContactRole(patientId: $p, accept: $a) { status } }'
    await ok(gql, answer, { p: alice.id, a: true }, bob.who)
    await ok(gql, answer, { p: alice.id, a: true }, carol.who)
    await ok(gql, answer, { p: alice.id, a: false }, dave.who)
    expect(codes(await gql(answer, { p: bob.id, a: true }, carol.who))).toEqual(['NOT_FOUND'])
    const d = await ok<{ patient: { emergencyThreshold: number, emergencyContacts: Array<{ person: { id: string }, status: string }> } }>(gql,
      'query ($p: ID!) { patient(id: $p) { emergencyThreshold emergencyContacts { person { id } status } } }', { p: alice.id }, alice.who)
    expect(d.patient.emergencyThreshold).toBe(2)
    expect(d.patient.emergencyContacts.map((c) => [c.person.id, c.status])).toEqual([[bob.id, 'ACCEPTED'], [carol.id, 'ACCEPTED'], [dave.id, 'DECLINED']])
  })

  it('a doctor\'s request notifies every accepted contact in their inbox; nothing is readable yet', async () => {
    expect(codes(await gql('mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "x") { id } }', { p: alice.id }, bob.who))).toEqual(['FORBIDDEN'])
    state.first = await openRequest()
    const inbox = async (p: Person): Promise<string[]> => (await ok<{ myEmergencyInbox: Array<{ request: { id: string, reason: string } }> }>(gql,
      '{ myEmergencyInbox { request { id reason } } }', {}, p.who)).myEmergencyInbox.map((n) => n.request.id)
    expect(await inbox(bob)).toEqual([state.first])
    expect(await inbox(carol)).toEqual([state.first])
    expect(await inbox(dave)).toEqual([])
    expect(await readable(rec)).toEqual([])
  })

  it('one confirmation, or the same contact twice, gives no access; a declined contact cannot answer', async () => {
    const once = await respond(gql, bob, state.first, 'CONFIRM')
    expect(once.body.errors).toBeUndefined()
    expect(once.body.data!.respondToEmergency).toMatchObject({ status: 'OPEN', contract: null })
    expect(await readable(rec)).toEqual([])
    expect(reasons(await respond(gql, bob, state.first, 'CONFIRM'))).toEqual(['CONFLICT/ALREADY_DONE'])
    expect(codes(await respond(gql, dave, state.first, 'CONFIRM'))).toEqual(['FORBIDDEN'])
    expect(await readable(rec)).toEqual([])
  })

  it('a restart in the middle loses no notification and no confirmation', async () => {
    await stop()
    await start()
    bob.who = { bearer: (await login(gql, bob.wallet)).bearer }
    const d = await ok<{ myEmergencyInbox: Array<{ request: { id: string, status: string, responses: Array<{ contact: { id: string }, decision: string, signature: string }> } }> }>(gql,
      '{ myEmergencyInbox { request { id status responses { contact { id } decision signature } } } }', {}, carol.who)
    expect(d.myEmergencyInbox.map((n) => n.request.id)).toEqual([state.first])
    expect(d.myEmergencyInbox[0]!.request.responses.map((r) => [r.contact.id, r.decision])).toEqual([[bob.id, 'CONFIRM']])
    expect(reasons(await respond(gql, bob, state.first, 'CONFIRM'))).toEqual(['CONFLICT/ALREADY_DONE'])
  })

  it('two distinct contacts form the contract: ETREAT access to the emergency categories only', async () => {
    const r = await respond(gql, carol, state.first, 'CONFIRM')
    expect(r.body.errors).toBeUndefined()
    const out = r.body.data!.respondToEmergency as { status: string, contract: { id: string, grantId: string, end: string } }
    expect(out.status).toBe('CONTRACTED')
    expect(out.contract.end).toBe(new Date(clock.t + 24 * HOUR).toISOString())
    state.contractId = out.contract.id
    state.grantId = out.contract.grantId
    expect(await readable(rec)).toEqual(['allergy', 'condition', 'med', 'blood', 'encounter'])
    expect(await readable(rec, 'TREAT')).toEqual([])
    const entry = services.ledger.entries()
    const formed = [...entry].map((e) => e.entry).find((e) => e.type === 'AidContractFormed') as unknown as { contractId: string, responses: Array<{ contact: string, signature: string }> }
    expect(formed.contractId).toBe(state.contractId)
    expect(formed.responses.map((x) => x.contact)).toEqual([bob.id, carol.id])
    expect(formed.responses.every((x) => /^0x[0-9a-f]{130}$/.test(x.signature))).toBe(true)
  })

  it('the patient sees the contract and every read under it, with inclusion proofs', async () => {
    const c = await ok<{ aidContracts: Array<{ id: string, grantId: string, entryIndex: number, closedAt: string | null }> }>(gql,
      'query ($p: ID!) { aidContracts(patientId: $p) { id grantId entryIndex closedAt } }', { p: alice.id }, alice.who)
    expect(c.aidContracts).toMatchObject([{ id: state.contractId, grantId: state.grantId, closedAt: null }])
    expect(codes(await gql('query ($p: ID!) { aidContracts(patientId: $p) { id } }', { p: alice.id }, bob.who))).toEqual(['FORBIDDEN'])
    type Entry = { entryIndex: number, decision: string, grant: string | null, recordIds: string[], proof: { leafHash: string, path: string[], treeSize: number, root: string } | null }
    let under: Entry[] = []
    for (let i = 0; i < 100; i++) {
      const d = await ok<{ patient: { accessLog: Entry[] } }>(gql, 'query ($p: ID!) { patient(id: $p) { accessLog(first: 100) { entryIndex decision grant recordIds proof { leafHash path treeSize root } } } }', { p: alice.id }, alice.who)
      under = d.patient.accessLog.filter((e) => e.grant === state.grantId && e.decision === 'PERMIT')
      if (under.length > 0 && under.every((e) => e.proof !== null)) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(under.flatMap((e) => e.recordIds).sort()).toEqual([rec.allergy, rec.condition, rec.med, rec.blood, rec.encounter].sort())
    for (const e of under) {
      const p = e.proof!
      expect(p.leafHash).toBe(toHex(leafHash(canonicalBytes(services.ledger.entry(e.entryIndex)))))
      expect(verifyInclusion(fromHex(p.leafHash), e.entryIndex, p.treeSize, p.path.map(fromHex), fromHex(p.root))).toBe(true)
    }
  })

  it('the patient closes the contract: no access from the next request', async () => {
    expect(codes(await gql('mutation ($c: ID!) { closeAidContract(id: $c) { id } }', { c: state.contractId }, bob.who))).toEqual(['NOT_FOUND'])
    const d = await ok<{ closeAidContract: { closedAt: string } }>(gql, 'mutation ($c: ID!) { closeAidContract(id: $c) { closedAt } }', { c: state.contractId }, alice.who)
    expect(d.closeAidContract.closedAt).toBe(new Date(clock.t).toISOString())
    expect(await readable(rec)).toEqual([])
    expect(reasons(await gql('mutation ($c: ID!) { closeAidContract(id: $c) { id } }', { c: state.contractId }, doctor))).toEqual(['CONFLICT/ALREADY_DONE'])
  })

  it('a denial is recorded; access ends at the time box', async () => {
    state.second = await openRequest()
    const denied = await respond(gql, carol, state.second, 'DENY')
    expect(denied.body.data!.respondToEmergency).toMatchObject({ status: 'OPEN', contract: null })
    // within the hour the doctor's new request for Alice would be the open one again: ask after it
    expect(await openRequest()).toBe(state.second)
    clock.t += HOUR
    // sessions last 15 minutes: everyone signs in again
    doctor = { bearer: (await login(gql, doctorWallet)).bearer }
    for (const p of [alice, bob, carol]) p.who = { bearer: (await login(gql, p.wallet)).bearer }
    const third = await openRequest()
    await respond(gql, bob, third, 'CONFIRM')
    const formed = await respond(gql, carol, third, 'CONFIRM')
    expect(formed.body.data!.respondToEmergency).toMatchObject({ status: 'CONTRACTED' })
    const seen = await ok<{ emergencyRequest: { responses: Array<{ contact: { id: string }, decision: string }> } }>(gql,
      'query ($r: ID!) { emergencyRequest(id: $r) { responses { contact { id } decision } } }', { r: state.second }, alice.who)
    expect(seen.emergencyRequest.responses.map((x) => [x.contact.id, x.decision])).toEqual([[carol.id, 'DENY']])
    clock.t += 24 * HOUR - 60_000
    doctor = { bearer: (await login(gql, doctorWallet)).bearer }
    expect(await readable({ allergy: rec.allergy })).toEqual(['allergy'])
    clock.t += 60_000
    doctor = { bearer: (await login(gql, doctorWallet)).bearer }
    expect(await readable({ allergy: rec.allergy })).toEqual([])
  })
})
