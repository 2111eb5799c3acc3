// Acceptance of out-of-hospital emergency aid, over HTTP with an injected clock: nearest-hospital
// order on a fixed set of coordinates, escalation to the next ring on timeout, the first acceptance forming
// the aid contract (emergency categories, ETREAT, for that hospital), and no acceptance at all.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential, TestWallet } from './consent-helpers.ts'
import { verifyOrganization } from '../support/trust.ts'

const MINUTE = 60_000
const tmp = tempDir('medledger-emergency-field-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

const HERE = { latitude: 48.8566, longitude: 2.3522 }
// Registered out of order; nearest first they are near (~1.1 km), east (~1.5 km), south (~5.6 km), far (~7.3 km).
const HOSPITALS = {
  far: { latitude: 48.8566, longitude: 2.4522 },
  south: { latitude: 48.8066, longitude: 2.3522 },
  near: { latitude: 48.8666, longitude: 2.3522 },
  east: { latitude: 48.8566, longitude: 2.3722 }
}
type Name = keyof typeof HOSPITALS
const orgs = {} as Record<Name, string>
const doctors = {} as Record<Name, TestWallet>
const patientWallet = Wallet.createRandom()
const paramedicWallet = Wallet.createRandom()
let patient: Credential
let patientId = ''
const rec = { allergy: '', immunization: '' }

const FIELD = '{ id status ring acceptedBy hospitals { organizationId distanceMeters ring } contract { id grantId end } }'
async function as (wallet: TestWallet): Promise<Credential> {
  return { bearer: (await login(gql, wallet)).bearer }
}
async function openField (): Promise<{ id: string, status: string, ring: number, hospitals: Array<{ organizationId: string, distanceMeters: number, ring: number }> }> {
  const d = await ok<{ openFieldEmergencyRequest: never }>(gql, `mutation ($p: ID!, $la: Float!, $lo: Float!) { openFieldEmergencyRequest(patientId: $p, latitude: $la, longitude: $lo, reason: "collapsed in the street") ${FIELD} }`,
    { p: patientId, la: HERE.latitude, lo: HERE.longitude }, await as(paramedicWallet))
  return d.openFieldEmergencyRequest
}
async function accept (name: Name, id: string): Promise<ReturnType<typeof gql> extends Promise<infer R> ? R : never> {
  return gql(`mutation ($r: ID!) { acceptFieldEmergency(id: $r) ${FIELD} }`, { r: id }, await as(doctors[name]))
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  patient = await as(patientWallet)
  patientId = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient)).registerPatient.id
  const admin = await as(Wallet.createRandom())
  for (const [name, at] of Object.entries(HOSPITALS) as Array<[Name, { latitude: number, longitude: number }]>) {
    orgs[name] = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation ($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id } }', { i: { name, ...at } }, admin)).registerOrganization.id
    verifyOrganization(services, orgs[name])
    doctors[name] = Wallet.createRandom()
    await as(doctors[name])
    await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: doctors[name].address, name: `Dr ${name}`, organizationId: orgs[name] } }, admin)
  }
  // the paramedic works for a verified ambulance service with no coordinates (never offered a request itself)
  const ambulance = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "no coordinates" }) { id } }', {}, admin)).registerOrganization.id
  verifyOrganization(services, ambulance)
  await as(paramedicWallet)
  await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: paramedicWallet.address, name: 'Paramedic', organizationId: ambulance } }, admin)
  const create = async (fhir: Record<string, unknown>): Promise<string> =>
    (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patientId, f: fhir }, patient)).createRecord.id
  rec.allergy = await create({ resourceType: 'AllergyIntolerance', code: { coding: [{ system: 'http://snomed.info/sct', code: '91936005' }] } })
  rec.immunization = await create({ resourceType: 'Immunization', status: 'completed', vaccineCode: { text: 'flu' }, occurrenceDateTime: '2026-10-01' })
})

afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('emergency aid out of hospital', () => {
  let requestId = ''

  it('offers the request to the registered hospitals nearest first, in rings', async () => {
    const r = await openField()
    requestId = r.id
    expect(r.hospitals.map((h) => h.organizationId)).toEqual([orgs.near, orgs.east, orgs.south, orgs.far])
    expect(r.hospitals.map((h) => Math.round(h.distanceMeters / 100) / 10)).toEqual([1.1, 1.5, 5.6, 7.3])
    expect(r.hospitals.map((h) => h.ring)).toEqual([0, 0, 1, 1])
    expect(r).toMatchObject({ status: 'WAITING', ring: 0 })
    const paramedic = await as(paramedicWallet)
    expect(codes(await gql('mutation { openFieldEmergencyRequest(patientId: "x", latitude: 1, longitude: 0, reason: "r") { id } }', {}, paramedic))).toEqual(['NOT_FOUND'])
    expect(codes(await gql('mutation ($p: ID!) { openFieldEmergencyRequest(patientId: $p, latitude: 91, longitude: 0, reason: "r") { id } }', { p: patientId }, paramedic))).toEqual(['BAD_USER_INPUT'])
    // only a practitioner of a verified organization opens one: not the patient, not any signed-in wallet
    expect(codes(await gql('mutation ($p: ID!) { openFieldEmergencyRequest(patientId: $p, latitude: 1, longitude: 0, reason: "r") { id } }', { p: patientId }, patient))).toEqual(['FORBIDDEN'])
    // asking again for the same patient while the request waits answers with that request: nobody is told twice
    expect((await openField()).id).toBe(requestId)
  })

  it('escalates to the next ring when nobody accepts in time; the first acceptance forms the contract', async () => {
    expect(codes(await accept('south', requestId))).toEqual(['NOT_FOUND'])
    clock.t += 5 * MINUTE
    const follow = await ok<{ fieldEmergencyRequest: { status: string, ring: number } }>(gql, `query ($r: ID!) { fieldEmergencyRequest(id: $r) ${FIELD} }`, { r: requestId }, await as(paramedicWallet))
    expect(follow.fieldEmergencyRequest).toMatchObject({ status: 'WAITING', ring: 1 })
    const won = await accept('south', requestId)
    expect(won.body.errors).toBeUndefined()
    const out = won.body.data!.acceptFieldEmergency as { status: string, acceptedBy: string, contract: { end: string } }
    expect(out).toMatchObject({ status: 'ACCEPTED', acceptedBy: orgs.south })
    expect(out.contract.end).toBe(new Date(clock.t + 24 * 60 * MINUTE).toISOString())
    expect(codes(await accept('near', requestId))).toEqual(['CONFLICT'])
    const seen = await ok<{ fieldEmergencyRequest: { status: string, acceptedBy: string } }>(gql, `query ($r: ID!) { fieldEmergencyRequest(id: $r) ${FIELD} }`, { r: requestId }, await as(paramedicWallet))
    expect(seen.fieldEmergencyRequest).toMatchObject({ status: 'ACCEPTED', acceptedBy: orgs.south })
    const read = async (name: Name, id: string, purpose = 'ETREAT'): Promise<unknown[]> =>
      codes(await gql('query ($id: ID!, $p: PurposeOfUse) { record(id: $id, purpose: $p) { id } }', { id, p: purpose }, await as(doctors[name])))
    expect(await read('south', rec.allergy)).toEqual([])
    expect(await read('south', rec.immunization)).toEqual(['CONSENT_REQUIRED'])
    expect(await read('south', rec.allergy, 'TREAT')).toEqual(['CONSENT_REQUIRED'])
    expect(await read('near', rec.allergy)).toEqual(['CONSENT_REQUIRED'])
    const formed = [...services.ledger.entries()].map((e) => e.entry).find((e) => e.type === 'AidContractFormed') as unknown as { requestId: string, acceptance: { organizationId: string } }
    expect(formed).toMatchObject({ requestId, acceptance: { organizationId: orgs.south } })
  })

  it('with no acceptance in any ring the request ends UNANSWERED', async () => {
    const r = await openField()
    clock.t += 10 * MINUTE
    const d = await ok<{ fieldEmergencyRequest: { status: string, ring: number, contract: null } }>(gql, `query ($r: ID!) { fieldEmergencyRequest(id: $r) ${FIELD} }`, { r: r.id }, await as(paramedicWallet))
    expect(d.fieldEmergencyRequest).toMatchObject({ status: 'UNANSWERED', ring: 1, contract: null })
    expect(codes(await gql(`query ($r: ID!) { fieldEmergencyRequest(id: $r) { id } }`, { r: r.id }, await as(Wallet.createRandom())))).toEqual(['NOT_FOUND'])
  })
})
