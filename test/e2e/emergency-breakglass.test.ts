// Break-glass, over HTTP with an injected clock: with no contacts able to confirm, two distinct
// practitioners of the requesting doctor's hospital sign; the contract forms flagged for review, with every
// signature in the ledger. One signature, the same one twice, or another hospital's doctor: no access.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import { identityStore } from '../../src/subgraphs/identity/index.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential, TestWallet } from './consent-helpers.ts'
import { setContacts, signedContacts } from './emergency-helpers.ts'
import type { Person } from './emergency-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const tmp = tempDir('medledger-emergency-glass-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)
const person = (): Person => ({ wallet: Wallet.createRandom(), who: undefined, id: '' })
const lonely = person()
const social = person()
const friends = [person(), person()]
const doctors: Record<'a' | 'b' | 'other', { wallet: TestWallet, who: Credential }> = {
  a: { wallet: Wallet.createRandom(), who: undefined }, b: { wallet: Wallet.createRandom(), who: undefined }, other: { wallet: Wallet.createRandom(), who: undefined }
}
const doctorIds: Record<'a' | 'b' | 'other', string> = { a: '', b: '', other: '' }
const staffWallets = { admin: Wallet.createRandom(), otherAdmin: Wallet.createRandom(), auditor: Wallet.createRandom() }
let allergy = ''
let adminOfBoth: Credential
let adminOfThere: Credential
let auditor: Credential

async function openRequest (patientId: string): Promise<string> {
  return (await ok<{ openEmergencyRequest: { id: string } }>(gql, 'mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "unconscious") { id } }', { p: patientId }, doctors.a.who)).openEmergencyRequest.id
}
async function sign (who: keyof typeof doctors, requestId: string, signer: TestWallet = doctors[who].wallet): Promise<GraphQLReply> {
  const r = await gql('query ($r: ID!) { breakGlassToSign(requestId: $r) { typedData } }', { r: requestId }, doctors[who].who)
  if (r.body.errors !== undefined) return r
  const t = (r.body.data!.breakGlassToSign as { typedData: TypedDataRequest }).typedData
  return gql('mutation ($t: JSON!, $s: String!) { breakGlass(typedData: $t, signature: $s) { status contract { id breakGlass } } }', { t, s: await signTypedData(signer, t) }, doctors[who].who)
}
async function readsAllergy (): Promise<boolean> {
  const r = await gql('query ($id: ID!) { record(id: $id, purpose: ETREAT) { id } }', { id: allergy }, doctors.a.who)
  if (r.body.errors === undefined) return true
  expect(codes(r)).toEqual(['CONSENT_REQUIRED'])
  return false
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  for (const p of [lonely, social, ...friends]) {
    p.who = { bearer: (await login(gql, p.wallet)).bearer }
    p.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, p.who)).registerPatient.id
  }
  const admin = { bearer: (await login(gql, staffWallets.admin)).bearer }
  adminOfBoth = admin
  const otherAdmin = { bearer: (await login(gql, staffWallets.otherAdmin)).bearer }
  identityStore(services).grantRole((await login(gql, staffWallets.auditor)).accountId, 'AUDITOR')
  auditor = { bearer: (await login(gql, staffWallets.auditor)).bearer }
  const org = async (name: string): Promise<string> => (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation ($n: String!) { registerOrganization(input: { name: $n }) { id } }', { n: name }, admin)).registerOrganization.id
  const here = await org('Here')
  const there = await org('There')
  for (const o of [here, there]) verifyOrganization(services, o)
  await ok(gql, 'mutation { registerOrganization(input: { name: "Elsewhere" }) { id } }', {}, otherAdmin)
  adminOfThere = otherAdmin
  for (const [k, o] of [['a', here], ['b', here], ['other', there]] as const) {
    await login(gql, doctors[k].wallet)
    doctorIds[k] = (await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: doctors[k].wallet.address, name: `Dr ${k}`, organizationId: o } }, admin)).registerPractitioner.id
    doctors[k].who = { bearer: (await login(gql, doctors[k].wallet)).bearer }
  }
  allergy = (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }',
    { p: lonely.id, f: { resourceType: 'AllergyIntolerance', code: { text: 'penicillin' } } }, lonely.who)).createRecord.id
  expect((await setContacts(gql, social, await signedContacts(gql, social, friends.map((f) => f.id), 2))).body.errors).toBeUndefined()
  for (const f of friends) await ok(gql, 'mutation ($p: ID!) { answerContactRole(patientId: $p, accept: true) { status } }', { p: social.id }, f.who)
})

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

/** Sessions last 15 minutes: after the clock moves on, everyone signs in again. */
async function signInAgain (): Promise<void> {
  for (const k of ['a', 'b', 'other'] as const) doctors[k].who = { bearer: (await login(gql, doctors[k].wallet)).bearer }
  for (const p of [lonely, social, ...friends]) p.who = { bearer: (await login(gql, p.wallet)).bearer }
  adminOfBoth = { bearer: (await login(gql, staffWallets.admin)).bearer }
  adminOfThere = { bearer: (await login(gql, staffWallets.otherAdmin)).bearer }
  auditor = { bearer: (await login(gql, staffWallets.auditor)).bearer }
}

const INBOX = '{ myEmergencyInbox { kind request { id } contract { id breakGlass breakGlassSigners practitionerId end } } }'
type Notice = { kind: string, request: { id: string }, contract: { id: string, breakGlass: boolean, breakGlassSigners: string[], practitionerId: string, end: string } | null }

describe('break-glass', () => {
  it('needs two distinct practitioners of the requesting hospital; the contract is flagged for review', async () => {
    const id = await openRequest(lonely.id)
    // practitioners registered minutes ago cannot break the glass (an account made for the purpose would be one)
    const fresh = await gql('query ($r: ID!) { breakGlassToSign(requestId: $r) { typedData } }', { r: id }, doctors.a.who)
    expect(codes(fresh)).toEqual(['FORBIDDEN'])
    expect(fresh.body.errors![0]!.extensions).toMatchObject({ reason: 'TENURE' })
    clock.t += 24 * 60 * 60_000
    await signInAgain()
    expect(codes(await sign('other', id))).toEqual(['FORBIDDEN'])
    expect(codes(await sign('b', id, doctors.a.wallet))).toEqual(['FORBIDDEN'])
    const first = await sign('a', id)
    expect(first.body.data!.breakGlass).toEqual({ status: 'OPEN', contract: null })
    expect(await readsAllergy()).toBe(false)
    expect(codes(await sign('a', id))).toEqual(['CONFLICT'])
    expect(await readsAllergy()).toBe(false)
    const second = await sign('b', id)
    expect(second.body.data!.breakGlass).toMatchObject({ status: 'CONTRACTED', contract: { breakGlass: true } })
    expect(await readsAllergy()).toBe(true)
    const entry = [...services.ledger.entries()].map((e) => e.entry).find((e) => e.type === 'AidContractFormed') as unknown as { breakGlass: boolean, breakGlassSignatures: Array<{ signer: string }> }
    expect(entry.breakGlass).toBe(true)
    expect(entry.breakGlassSignatures.map((s) => s.signer)).toEqual([doctors.a.wallet.address, doctors.b.wallet.address])
    const seen = await ok<{ aidContracts: Array<{ breakGlass: boolean }> }>(gql, 'query ($p: ID!) { aidContracts(patientId: $p) { breakGlass } }', { p: lonely.id }, lonely.who)
    expect(seen.aidContracts).toEqual([{ breakGlass: true }])
    // the patient is told at once (not after review): who holds the contract, who signed, until when
    const told = (await ok<{ myEmergencyInbox: Notice[] }>(gql, INBOX, {}, lonely.who)).myEmergencyInbox
    const contract = (second.body.data!.breakGlass as { contract: { id: string } }).contract
    expect(told).toEqual([{ kind: 'BREAK_GLASS', request: { id }, contract: { id: contract.id, breakGlass: true, breakGlassSigners: [doctorIds.a, doctorIds.b], practitionerId: doctorIds.a, end: new Date(clock.t + 24 * 60 * 60_000).toISOString() } }])
  })

  it('puts a break-glass contract in the review queue of auditors and of its hospital\'s admins; an auditor reviews it once, in the ledger', async () => {
    const QUEUE = 'query ($r: Boolean) { breakGlassReviewQueue(reviewed: $r) { id breakGlass review { outcome note reviewer entryIndex } } }'
    const queue = (await ok<{ breakGlassReviewQueue: Array<{ id: string }> }>(gql, QUEUE, {}, auditor)).breakGlassReviewQueue
    expect(queue).toHaveLength(1)
    const contractId = queue[0]!.id
    expect((await ok<{ breakGlassReviewQueue: unknown[] }>(gql, QUEUE, {}, adminOfBoth)).breakGlassReviewQueue).toEqual(queue)
    expect((await ok<{ breakGlassReviewQueue: unknown[] }>(gql, QUEUE, {}, adminOfThere)).breakGlassReviewQueue).toEqual([])
    expect(codes(await gql(QUEUE, {}, doctors.a.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(QUEUE, {}, lonely.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(QUEUE, {}, undefined))).toEqual(['UNAUTHENTICATED'])

    const REVIEW = 'mutation ($c: ID!, $o: BreakGlassOutcome!, $n: String!) { reviewBreakGlass(contractId: $c, outcome: $o, note: $n) { id review { outcome note reviewer entryIndex } } }'
    expect(codes(await gql(REVIEW, { c: contractId, o: 'JUSTIFIED', n: 'ok' }, adminOfBoth))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(REVIEW, { c: contractId, o: 'JUSTIFIED', n: '  ' }, auditor))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(REVIEW, { c: 'no-such-contract', o: 'JUSTIFIED', n: 'ok' }, auditor))).toEqual(['NOT_FOUND'])
    const note = 'Patient unconscious, no contact reachable; access limited to allergies.'
    const reviewed = await ok<{ reviewBreakGlass: { review: { outcome: string, note: string, entryIndex: number } } }>(gql, REVIEW, { c: contractId, o: 'JUSTIFIED', n: note }, auditor)
    expect(reviewed.reviewBreakGlass.review).toMatchObject({ outcome: 'JUSTIFIED', note })
    expect(reasons(await gql(REVIEW, { c: contractId, o: 'UNJUSTIFIED', n: 'again' }, auditor))).toEqual(['CONFLICT/ALREADY_DONE'])

    const entry = services.ledger.entry(reviewed.reviewBreakGlass.review.entryIndex) as unknown as Record<string, unknown>
    expect(entry).toMatchObject({ type: 'BreakGlassReviewed', contractId, outcome: 'JUSTIFIED' })
    expect(JSON.stringify(entry)).not.toContain('unconscious')
    expect((await ok<{ breakGlassReviewQueue: unknown[] }>(gql, QUEUE, {}, auditor)).breakGlassReviewQueue).toEqual([])
    expect((await ok<{ breakGlassReviewQueue: Array<{ id: string }> }>(gql, QUEUE, { r: true }, auditor)).breakGlassReviewQueue.map((c) => c.id)).toEqual([contractId])
    const seen = await ok<{ aidContracts: Array<{ review: { outcome: string } | null }> }>(gql, 'query ($p: ID!) { aidContracts(patientId: $p) { review { outcome } } }', { p: lonely.id }, lonely.who)
    expect(seen.aidContracts).toEqual([{ review: { outcome: 'JUSTIFIED' } }])
  })

  it('waits 15 minutes while M accepted contacts can still confirm', async () => {
    const id = await openRequest(social.id)
    expect(codes(await sign('a', id))).toEqual(['FORBIDDEN'])
    clock.t += 15 * 60_000
    await signInAgain()
    expect((await sign('a', id)).body.data!.breakGlass).toMatchObject({ status: 'OPEN' })
    expect((await sign('b', id)).body.data!.breakGlass).toMatchObject({ status: 'CONTRACTED' })
    // the patient and each accepted contact are told at once, besides the request notices the contacts had
    for (const p of [social, ...friends]) {
      const notices = (await ok<{ myEmergencyInbox: Notice[] }>(gql, INBOX, {}, p.who)).myEmergencyInbox.filter((n) => n.request.id === id)
      expect(notices.map((n) => n.kind)).toEqual(p === social ? ['BREAK_GLASS'] : ['REQUEST', 'BREAK_GLASS'])
      expect(notices.at(-1)!.contract).toMatchObject({ breakGlass: true, breakGlassSigners: [doctorIds.a, doctorIds.b] })
    }
  })
})
