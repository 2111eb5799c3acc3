// over HTTP against a real gateway: sliding session refresh bounded by a maximum age and revoked by
// signing out; CONSENT_REQUIRED naming the purposes the caller's OWN grants would allow.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_MAX_AGE_SECONDS, SESSION_TTL_SECONDS } from '../../src/shared/auth-keys.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok, signedGrant } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'

const MINUTE = 60_000
const REFRESH = 'mutation { refreshSession { token expiresAt refreshableUntil account { id } } }'
const tmp = tempDir('medledger-sessions-')
// Whole seconds: JWT times are seconds.
const clock = { t: Math.floor(Date.now() / 1000) * 1000, now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer | undefined
const gql = client(() => gw!.url)

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 0, fsync: false })
  gw = await createGateway({ services, port: 0 })
})
afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

interface Refreshed { token: string, expiresAt: string, refreshableUntil: string, account: { id: string } }

describe('refreshSession and signOut', () => {
  it('slides 15 minutes at a time up to the maximum age, then refuses', async () => {
    const wallet = Wallet.createRandom()
    const signInAt = clock.t
    const { bearer, accountId } = await login(gql, wallet)
    let token = bearer
    let last: Refreshed | undefined
    // Refresh every 14 minutes until less than a token's life is left before the maximum age.
    while (clock.t + 14 * MINUTE + SESSION_TTL_SECONDS * 1000 < signInAt + SESSION_MAX_AGE_SECONDS * 1000) {
      clock.t += 14 * MINUTE
      const r = await gql(REFRESH, {}, { bearer: token })
      expect(r.body.errors).toBeUndefined()
      last = r.body.data!.refreshSession as Refreshed
      expect(last.account.id).toBe(accountId)
      expect(Date.parse(last.expiresAt)).toBe(clock.t + SESSION_TTL_SECONDS * 1000)
      expect(Date.parse(last.refreshableUntil)).toBe(signInAt + SESSION_MAX_AGE_SECONDS * 1000)
      token = last.token
    }
    // The last refresh is capped at the maximum age, not 15 minutes on.
    clock.t += 14 * MINUTE
    const capped = (await ok<{ refreshSession: Refreshed }>(gql, REFRESH, {}, { bearer: token })).refreshSession
    expect(Date.parse(capped.expiresAt)).toBe(signInAt + SESSION_MAX_AGE_SECONDS * 1000)
    expect(Date.parse(capped.expiresAt) - clock.t).toBeLessThan(SESSION_TTL_SECONDS * 1000)
    // At the maximum age the session ends: the token is dead and cannot be refreshed.
    clock.t = signInAt + SESSION_MAX_AGE_SECONDS * 1000
    const after = await gql(REFRESH, {}, { bearer: capped.token })
    expect(after.status).toBe(401)
    expect(codes(after)).toEqual(['UNAUTHENTICATED'])
    // A new sign-in starts a new session.
    expect((await login(gql, wallet)).accountId).toBe(accountId)
  })

  it('signing out revokes the session: the token and tokens refreshed from it are refused; other sessions live', async () => {
    const wallet = Wallet.createRandom()
    const first = (await login(gql, wallet)).bearer
    const other = (await login(gql, wallet)).bearer
    clock.t += MINUTE
    const refreshed = (await ok<{ refreshSession: Refreshed }>(gql, REFRESH, {}, { bearer: first })).refreshSession.token
    expect((await ok<{ signOut: boolean }>(gql, 'mutation { signOut }', {}, { bearer: refreshed })).signOut).toBe(true)
    for (const token of [first, refreshed]) {
      const r = await gql('{ me { id } }', {}, { bearer: token })
      expect(r.status).toBe(401)
      expect(codes(r)).toEqual(['UNAUTHENTICATED'])
      expect(codes(await gql(REFRESH, {}, { bearer: token }))).toEqual(['UNAUTHENTICATED'])
    }
    expect((await ok<{ me: { id: string } | null }>(gql, '{ me { id } }', {}, { bearer: other })).me).not.toBeNull()
  })

  it('anonymous callers have no session to refresh or end', async () => {
    expect(codes(await gql(REFRESH))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql('mutation { signOut }'))).toEqual(['UNAUTHENTICATED'])
  })
})

describe('CONSENT_REQUIRED names the purposes the caller\'s own grants allow', () => {
  const patient = { wallet: Wallet.createRandom(), who: undefined as Credential, id: '' }
  let doctor: Credential
  let colleague: Credential
  let recordId = ''

  beforeAll(async () => {
    patient.who = { bearer: (await login(gql, patient.wallet)).bearer }
    patient.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient.who)).registerPatient.id
    const adminWallet = Wallet.createRandom()
    let admin: Credential = { bearer: (await login(gql, adminWallet)).bearer }
    const orgId = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "City" }) { id } }', {}, admin)).registerOrganization.id
    admin = { bearer: (await login(gql, adminWallet)).bearer }
    const ids: string[] = []
    for (const name of ['Doctor', 'Colleague']) {
      const wallet = Wallet.createRandom()
      await login(gql, wallet)
      ids.push((await ok<{ registerPractitioner: { id: string } }>(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }',
        { i: { address: wallet.address, name, organizationId: orgId } }, admin)).registerPractitioner.id)
      const who = { bearer: (await login(gql, wallet)).bearer }
      if (name === 'Doctor') doctor = who
      else colleague = who
    }
    const fhir = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: { value: 72, unit: '/min' } }
    recordId = (await ok<{ createRecord: { id: string } }>(gql, 'mutation ($p: ID!, $f: JSON!) { createRecord(patientId: $p, fhir: $f) { id } }', { p: patient.id, f: fhir }, patient.who)).createRecord.id
    // The doctor may read for emergency treatment only (as under an aid contract).
    await signedGrant(gql, patient, { type: 'PERMIT', actors: [{ kind: 'PRACTITIONER', id: ids[0]! }], purposes: ['ETREAT'] })
  })

  it('tells the doctor ETREAT would be permitted, and ETREAT then reads', async () => {
    const r = await gql('query ($id: ID!) { record(id: $id) { id } }', { id: recordId }, doctor)
    const error = r.body.errors?.[0]
    expect(error?.extensions).toEqual({ code: 'CONSENT_REQUIRED', allowedPurposes: ['ETREAT'] })
    expect(error?.message).toMatch(/ETREAT/)
    expect((await ok<{ record: { id: string } }>(gql, 'query ($id: ID!) { record(id: $id, purpose: ETREAT) { id } }', { id: recordId }, doctor)).record.id).toBe(recordId)
    const list = await gql('query ($p: ID!) { patient(id: $p) { records { totalCount } } }', { p: patient.id }, doctor)
    expect(list.body.errors?.[0]?.extensions).toEqual({ code: 'CONSENT_REQUIRED', allowedPurposes: ['ETREAT'] })
  })

  it('tells a colleague nothing of the doctor\'s grant, and an unknown id reads the same', async () => {
    const denied = await gql('query ($id: ID!) { record(id: $id) { id } }', { id: recordId }, colleague)
    expect(denied.body.errors?.[0]?.extensions).toEqual({ code: 'CONSENT_REQUIRED', allowedPurposes: [] })
    expect(denied.body.errors?.[0]?.message).not.toMatch(/ETREAT/)
    const unknown = await gql('query ($id: ID!) { record(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' }, doctor)
    expect(unknown.body.errors?.[0]?.extensions).toEqual({ code: 'CONSENT_REQUIRED', allowedPurposes: [] })
  })
})
