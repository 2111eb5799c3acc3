// The three ways a stranger read any patient's emergency records, tried as an attacker would: a fresh wallet
// over HTTP only registers its own hospital, makes itself and a second wallet its practitioners, and then tries
// the field emergency, break-glass and the notification flood. Each must be refused with a typed error and
// nothing of a record in the response. Then the legitimate side: a regulator verifies a hospital (a ledger
// entry), its staff do all of it, and a suspension cuts them off at the next request.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../../src/core/consent/index.ts'
import { createGateway } from '../../../src/gateway/gateway.ts'
import type { RunningServer } from '../../../src/gateway/listen.ts'
import { signTypedData } from '../../../src/subgraphs/consent/test-kit.ts'
import { identityStore } from '../../../src/subgraphs/identity/index.ts'
import { openServices } from '../../../src/subgraphs/services.ts'
import { codes } from '../../gateway/helpers.ts'
import type { GraphQLReply } from '../../gateway/helpers.ts'
import { tempDir } from '../../support/data.ts'
import { verifyOrganization } from '../../support/trust.ts'
import { client, login, ok, signedGrant } from '../consent-helpers.ts'
import type { Credential, TestWallet } from '../consent-helpers.ts'
import { newPerson, registerPatient, setContacts, signedContacts } from '../emergency-helpers.ts'
import type { Person } from '../emergency-helpers.ts'

const HOUR = 60 * 60_000
const tmp = tempDir('medledger-trust-')
const clock = { t: Date.parse('2026-12-01T03:00:00Z'), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

const HERE = { latitude: 36.0671, longitude: 120.3826 }
const SECRETS = ['penicillin', 'hypertension', 'lisinopril']
const victim = newPerson()
const lonely = newPerson()
const contacts = [newPerson(), newPerson()]
const records: string[] = []
/** The attacker: two wallets of its own, and the hospital it registered. */
const attacker = { admin: Wallet.createRandom(), doctors: [Wallet.createRandom(), Wallet.createRandom()], org: '', who: [] as Credential[] }
/** A real, verified hospital with a paramedic and two long-standing doctors. */
const hospital = { admin: Wallet.createRandom(), paramedic: Wallet.createRandom(), doctors: [Wallet.createRandom(), Wallet.createRandom()], org: '' }
const regulatorWallet = Wallet.createRandom()

async function as (wallet: TestWallet): Promise<Credential> {
  return { bearer: (await login(gql, wallet)).bearer }
}
async function registerOrg (admin: TestWallet, name: string): Promise<string> {
  return (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation ($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }', { i: { name, ...HERE } }, await as(admin))).registerOrganization.id
}
async function registerPractitioner (admin: TestWallet, wallet: TestWallet, org: string): Promise<void> {
  await as(wallet)
  await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: wallet.address, name: 'Dr X', organizationId: org } }, await as(admin))
}
/** Every way the caller might read the victim's records; none may carry a word of them. */
async function readsNothing (who: Credential, patientId = victim.id): Promise<void> {
  for (const purpose of ['ETREAT', 'TREAT']) {
    const replies: GraphQLReply[] = [await gql('query ($p: ID!, $u: PurposeOfUse) { patient(id: $p) { records(first: 50, purpose: $u) { edges { node { id fhir } } } } }', { p: patientId, u: purpose }, who)]
    for (const id of records) replies.push(await gql('query ($id: ID!, $u: PurposeOfUse) { record(id: $id, purpose: $u) { id fhir } }', { id, u: purpose }, who))
    for (const r of replies) {
      const text = JSON.stringify(r.body).toLowerCase()
      for (const secret of SECRETS) expect(text).not.toContain(secret)
    }
    for (const r of replies.slice(1)) expect(codes(r)).toEqual(['CONSENT_REQUIRED'])
  }
}
async function inboxSize (p: Person): Promise<number> {
  return (await ok<{ myEmergencyInbox: unknown[] }>(gql, '{ myEmergencyInbox { id } }', {}, p.who)).myEmergencyInbox.length
}
async function signInAgain (): Promise<void> {
  for (const p of [victim, lonely, ...contacts]) p.who = await as(p.wallet)
  attacker.who = await Promise.all(attacker.doctors.map(as))
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0, rateLimits: false })
  for (const p of [victim, lonely, ...contacts]) await registerPatient(gql, p)
  const create = async (fhir: Record<string, unknown>): Promise<string> =>
    (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: victim.id, f: fhir }, victim.who)).createRecord.id
  records.push(await create({ resourceType: 'AllergyIntolerance', code: { text: 'penicillin' } }))
  records.push(await create({ resourceType: 'Condition', code: { text: 'Essential hypertension' } }))
  records.push(await create({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: { text: 'lisinopril 10 MG Oral Tablet' } }))
  // the victim has two accepted contacts, so their notifications can be counted
  expect((await setContacts(gql, victim, await signedContacts(gql, victim, contacts.map((c) => c.id), 2))).body.errors).toBeUndefined()
  for (const c of contacts) await ok(gql, 'mutation ($p: ID!) { answerContactRole(patientId: $p, accept: true) { status } }', { p: victim.id }, c.who)

  // the attacker: self-service registration, nothing else
  attacker.org = await registerOrg(attacker.admin, 'Totally Real Hospital')
  for (const d of attacker.doctors) await registerPractitioner(attacker.admin, d, attacker.org)
  attacker.who = await Promise.all(attacker.doctors.map(as))

  hospital.org = await registerOrg(hospital.admin, 'Qingdao General')
  verifyOrganization(services, hospital.org)
  for (const d of [hospital.paramedic, ...hospital.doctors]) await registerPractitioner(hospital.admin, d, hospital.org)
  identityStore(services).grantRole((await login(gql, regulatorWallet)).accountId, 'REGULATOR')
})

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('a self-registered hospital is not trusted', () => {
  it('attack 1: cannot open a field emergency at its own door, nor be offered or accept one', async () => {
    const [doctor, second] = attacker.who
    const opened = await gql('mutation ($p: ID!, $la: Float!, $lo: Float!) { openFieldEmergencyRequest(patientId: $p, latitude: $la, longitude: $lo, reason: "collapsed") { id } }',
      { p: victim.id, la: HERE.latitude, lo: HERE.longitude }, doctor)
    expect(codes(opened)).toEqual(['FORBIDDEN'])
    expect(opened.body.errors![0]!.extensions).toMatchObject({ reason: 'ORGANIZATION_NOT_VERIFIED' })
    // a real request at the same spot is offered to verified hospitals only; the attacker cannot see or take it
    const real = await ok<{ openFieldEmergencyRequest: { id: string, hospitals: Array<{ organizationId: string }> } }>(gql,
      'mutation ($p: ID!, $la: Float!, $lo: Float!) { openFieldEmergencyRequest(patientId: $p, latitude: $la, longitude: $lo, reason: "collapsed") { id hospitals { organizationId } } }',
      { p: victim.id, la: HERE.latitude, lo: HERE.longitude }, await as(hospital.paramedic))
    expect(real.openFieldEmergencyRequest.hospitals.map((h) => h.organizationId)).toEqual([hospital.org])
    for (const who of [doctor, second]) {
      expect(codes(await gql('mutation ($r: ID!) { acceptFieldEmergency(id: $r) { id } }', { r: real.openFieldEmergencyRequest.id }, who))).toEqual(['FORBIDDEN'])
      expect(codes(await gql('query ($r: ID!) { fieldEmergencyRequest(id: $r) { id } }', { r: real.openFieldEmergencyRequest.id }, who))).toEqual(['NOT_FOUND'])
      await readsNothing(who)
    }
  })

  it('attack 2: cannot open a request or break the glass for a patient without contacts, even a day later', async () => {
    for (const who of attacker.who) {
      expect(codes(await gql('mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "unconscious") { id } }', { p: lonely.id }, who))).toEqual(['FORBIDDEN'])
    }
    const real = (await ok<{ openEmergencyRequest: { id: string } }>(gql, 'mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "unconscious") { id } }', { p: lonely.id }, await as(hospital.doctors[0]!))).openEmergencyRequest.id
    clock.t += 25 * HOUR
    await signInAgain()
    for (const [i, who] of attacker.who.entries()) {
      expect(codes(await gql('query ($r: ID!) { breakGlassToSign(requestId: $r) { typedData } }', { r: real }, who))).toEqual(['FORBIDDEN'])
      // typed data it made up itself, signed by its own wallet, fares no better
      const typedData = { domain: { name: 'medledger', version: '1' }, primaryType: 'EmergencyBreakGlass', types: {}, message: { requestId: real, patient: lonely.id, practitioner: 'x', nonce: `n${i}`, expiry: Math.floor(clock.t / 1000) + 60 } }
      const r = await gql('mutation ($t: JSON!, $s: String!) { breakGlass(typedData: $t, signature: $s) { id } }', { t: typedData, s: '0x' + '11'.repeat(65) }, who)
      expect(codes(r)).not.toEqual([])
      expect(r.body.data?.breakGlass ?? null).toBeNull()
      await readsNothing(who, lonely.id)
    }
    await readsNothing(attacker.who[0])
  })

  it('attack 3: cannot flood a patient\'s contacts with requests', async () => {
    const before = await Promise.all(contacts.map(inboxSize))
    for (let i = 0; i < 5; i++) {
      for (const who of attacker.who) expect(codes(await gql('mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "r") { id } }', { p: victim.id }, who))).toEqual(['FORBIDDEN'])
    }
    expect(await Promise.all(contacts.map(inboxSize))).toEqual(before)
  })

  it('cannot write into a patient\'s history', async () => {
    for (const who of attacker.who) {
      const w = await gql('mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: victim.id, f: { resourceType: 'AllergyIntolerance', code: { text: 'no known allergies' } } }, who)
      expect(codes(w)).toEqual(['FORBIDDEN'])
    }
    const mine = await ok<{ patient: { records: { totalCount: number } } }>(gql, 'query ($p: ID!) { patient(id: $p) { records { totalCount } } }', { p: victim.id }, victim.who)
    expect(mine.patient.records.totalCount).toBe(records.length)
  })
})

describe('a verified hospital', () => {
  it('is verified by a REGULATOR only, in the ledger, and shown to frontends', async () => {
    const VERIFY = 'mutation ($o: ID!) { verifyOrganization(id: $o) { id verification { status verifiedAt by changedAt entryIndex } } }'
    expect(codes(await gql(VERIFY, { o: attacker.org }, await as(attacker.admin)))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(VERIFY, { o: attacker.org }, undefined))).toEqual(['UNAUTHENTICATED'])
    const regulator = await as(regulatorWallet)
    const queue = await ok<{ organizations: Array<{ id: string }> }>(gql, '{ organizations(verification: UNVERIFIED) { id } }', {}, regulator)
    expect(queue.organizations.map((o) => o.id)).toEqual([attacker.org])
    expect(codes(await gql(VERIFY, { o: 'no-such-org' }, regulator))).toEqual(['NOT_FOUND'])
    const done = await ok<{ verifyOrganization: { verification: { status: string, verifiedAt: string, by: string, changedAt: string, entryIndex: number } } }>(gql, VERIFY, { o: attacker.org }, regulator)
    const regulatorAccount = identityStore(services).accountByAddress(regulatorWallet.address)!.id
    expect(done.verifyOrganization.verification).toMatchObject({ status: 'VERIFIED', verifiedAt: new Date(clock.t).toISOString(), by: `account:${regulatorAccount}` })
    const entry = services.ledger.entry(done.verifyOrganization.verification.entryIndex) as unknown as Record<string, unknown>
    expect(entry).toMatchObject({ type: 'OrganizationVerified', organization: attacker.org, actor: `account:${regulatorAccount}`, time: clock.t })
    const seen = await ok<{ organization: { verification: { status: string } } }>(gql, 'query ($o: ID!) { organization(id: $o) { verification { status } } }', { o: attacker.org }, undefined)
    expect(seen.organization.verification.status).toBe('VERIFIED')
  })

  it('lets its practitioners open a request once per patient and hour, within the limits', async () => {
    await signInAgain()
    const OPEN = 'mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "unconscious") { id } }'
    const before = await Promise.all(contacts.map(inboxSize))
    const first = (await ok<{ openEmergencyRequest: { id: string } }>(gql, OPEN, { p: victim.id }, attacker.who[0])).openEmergencyRequest.id
    const again = (await ok<{ openEmergencyRequest: { id: string } }>(gql, OPEN, { p: victim.id }, attacker.who[0])).openEmergencyRequest.id
    expect(again).toBe(first)
    expect(await Promise.all(contacts.map(inboxSize))).toEqual(before.map((n) => n + 1))
    // a patient has at most three open requests at once, whoever asks
    await ok(gql, OPEN, { p: victim.id }, attacker.who[1])
    await ok(gql, OPEN, { p: victim.id }, await as(hospital.doctors[0]!))
    const fourth = await gql(OPEN, { p: victim.id }, await as(hospital.doctors[1]!))
    expect(codes(fourth)).toEqual(['RATE_LIMITED'])
    expect(fourth.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3600, reason: 'PATIENT_OPEN_REQUESTS' })
    expect(await Promise.all(contacts.map(inboxSize))).toEqual(before.map((n) => n + 3))
  })

  it('lets one practitioner open at most ten requests an hour', async () => {
    const patients = Array.from({ length: 11 }, newPerson)
    for (const p of patients) await registerPatient(gql, p)
    const doctor = await as(hospital.paramedic)
    const OPEN = 'mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "r") { id } }'
    for (const p of patients.slice(0, 9)) await ok(gql, OPEN, { p: p.id }, doctor)
    // the paramedic's field request of the first test (25 hours ago) no longer counts; the tenth does
    await ok(gql, OPEN, { p: patients[9]!.id }, doctor)
    const over = await gql(OPEN, { p: patients[10]!.id }, doctor)
    expect(codes(over)).toEqual(['RATE_LIMITED'])
    expect(over.body.errors![0]!.extensions).toMatchObject({ reason: 'PRACTITIONER_HOURLY_REQUESTS' })
    clock.t += HOUR
    await ok(gql, OPEN, { p: patients[10]!.id }, await as(hospital.paramedic))
  })

  it('acts through organization-wide grants while verified; a suspension cuts it off at the next request', async () => {
    await signInAgain()
    await signedGrant(gql, victim, { type: 'PERMIT', actors: [{ kind: 'ORGANIZATION', id: attacker.org }], purposes: ['TREAT'] })
    const read = async (): Promise<unknown[]> => codes(await gql('query ($id: ID!) { record(id: $id) { id } }', { id: records[0] }, attacker.who[0]))
    expect(await read()).toEqual([])
    const regulator = await as(regulatorWallet)
    const SUSPEND = 'mutation ($o: ID!, $r: String!) { suspendOrganization(id: $o, reason: $r) { verification { status reason entryIndex } } }'
    expect(codes(await gql(SUSPEND, { o: attacker.org, r: ' ' }, regulator))).toEqual(['BAD_USER_INPUT'])
    const suspended = await ok<{ suspendOrganization: { verification: { status: string, reason: string, entryIndex: number } } }>(gql, SUSPEND, { o: attacker.org, r: 'fraudulent registration' }, regulator)
    expect(suspended.suspendOrganization.verification).toMatchObject({ status: 'SUSPENDED', reason: 'fraudulent registration' })
    expect(services.ledger.entry(suspended.suspendOrganization.verification.entryIndex)).toMatchObject({ type: 'OrganizationSuspended', organization: attacker.org, reason: 'fraudulent registration' })
    // the same bearer token, the very next request
    expect(await read()).toEqual(['CONSENT_REQUIRED'])
    await readsNothing(attacker.who[0])
    expect(codes(await gql('mutation ($p: ID!) { openEmergencyRequest(patientId: $p, reason: "r") { id } }', { p: lonely.id }, attacker.who[0]))).toEqual(['FORBIDDEN'])
  })

  it('shows the patient the grantee\'s verification in the typed data they sign', async () => {
    const d = await ok<{ grantToSign: { typedData: TypedDataRequest } }>(gql, 'query ($i: GrantInput!) { grantToSign(input: $i) { typedData } }',
      { i: { patientId: victim.id, provision: { type: 'PERMIT', actors: [{ kind: 'ORGANIZATION', id: attacker.org }, { kind: 'ORGANIZATION', id: hospital.org }] } } }, victim.who)
    const policy = JSON.parse((d.grantToSign.typedData.message as { policy: string }).policy) as { grantees: unknown }
    expect(policy.grantees).toEqual([{ reference: `Organization/${attacker.org}`, verification: 'SUSPENDED' }, { reference: `Organization/${hospital.org}`, verification: 'VERIFIED' }])
    // it is the patient's choice: the signed grant is accepted as shown
    const g = await gql('mutation ($t: JSON!, $s: String!) { grantConsent(typedData: $t, signature: $s) { id } }', { t: d.grantToSign.typedData, s: await signTypedData(victim.wallet, d.grantToSign.typedData) }, victim.who)
    expect(g.body.errors).toBeUndefined()
  })
})
