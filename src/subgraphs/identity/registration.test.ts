import { Wallet } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorCodes, identityHarness } from './test-kit.ts'
import type { IdentityHarness } from './test-kit.ts'

const REGISTER_PATIENT = 'mutation { registerPatient { id publicKey registeredAt } }'
const REGISTER_ORG = 'mutation ($i: RegisterOrganizationInput!) { registerOrganization(input: $i) { id name location { latitude longitude } } }'
const REGISTER_PRACTITIONER = 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id name organization { id name } account { address roles } } }'
const PATIENT = 'query ($id: ID!) { patient(id: $id) { id publicKey } }'

describe('registration', () => {
  let h: IdentityHarness
  beforeEach(async () => { h = await identityHarness() })
  afterEach(async () => { await h.close() })

  it('registers a patient once, with a UUID person ID and the wallet public key', async () => {
    const { wallet, accountId } = await h.signIn()
    const result = await h.run(REGISTER_PATIENT, {}, h.viewer(accountId))
    const patient = result.data?.registerPatient as { id: string, publicKey: string }
    expect(patient.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(patient.publicKey).toBe((wallet as Wallet).signingKey.compressedPublicKey)
    const viewer = h.viewer(accountId)
    expect(viewer).toMatchObject({ roles: ['PATIENT'], patientId: patient.id })
    expect(errorCodes(await h.run(REGISTER_PATIENT, {}, viewer))).toEqual(['CONFLICT'])

    const me = await h.run('{ me { roles patient { id } } }', {}, viewer)
    expect(me.data?.me).toEqual({ roles: ['PATIENT'], patient: { id: patient.id } })
  })

  it('needs a signed-in account to register', async () => {
    expect(errorCodes(await h.run(REGISTER_PATIENT))).toEqual(['UNAUTHENTICATED'])
    expect(errorCodes(await h.run(REGISTER_PATIENT, {}, { kind: 'apiKey', keyId: 'k', organizationId: 'o', scopes: ['IMPORT'], organizationVerified: false }))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(REGISTER_ORG, { i: { name: 'St. Elsewhere' } }))).toEqual(['UNAUTHENTICATED'])
  })

  it('registers an organization with a location and makes the caller its admin', async () => {
    const { accountId } = await h.signIn()
    const result = await h.run(REGISTER_ORG, { i: { name: ' St. Elsewhere ', latitude: 52.52, longitude: 13.405 } }, h.viewer(accountId))
    const org = result.data?.registerOrganization as { id: string }
    expect(result.data?.registerOrganization).toEqual({ id: org.id, name: 'St. Elsewhere', location: { latitude: 52.52, longitude: 13.405 } })
    expect(h.viewer(accountId)).toMatchObject({ roles: ['HOSPITAL_ADMIN'], organizationIds: [org.id] })
    const listed = await h.run('{ organizations { id } organization(id: "nope") { id } }')
    expect(listed.data?.organizations).toEqual([{ id: org.id }])
    expect(errorCodes(listed)).toEqual(['NOT_FOUND'])
  })

  it('refuses bad coordinates and names', async () => {
    const viewer = h.viewer((await h.signIn()).accountId)
    for (const i of [
      { name: 'A', latitude: 90.5, longitude: 0 },
      { name: 'A', latitude: 0, longitude: -180.1 },
      { name: 'A', latitude: 10 },
      { name: '   ' }
    ]) {
      expect(errorCodes(await h.run(REGISTER_ORG, { i }, viewer)), JSON.stringify(i)).toEqual(['BAD_USER_INPUT'])
    }
    expect(errorCodes(await h.run(REGISTER_ORG, { i: { name: 'Pole', latitude: -90, longitude: 180 } }, viewer))).toEqual([])
  })

  it('lets only an admin of the organization register its practitioners, each once', async () => {
    const admin = await h.signIn()
    const org = (await h.run(REGISTER_ORG, { i: { name: 'General' } }, h.viewer(admin.accountId))).data?.registerOrganization as { id: string }
    const doctor = await h.signIn()
    const outsider = await h.signIn()
    const input = { address: doctor.wallet.address.toLowerCase(), name: 'Dr. Who', organizationId: org.id }

    expect(errorCodes(await h.run(REGISTER_PRACTITIONER, { i: input }, h.viewer(outsider.accountId)))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(REGISTER_PRACTITIONER, { i: { ...input, organizationId: 'nope' } }, h.viewer(admin.accountId)))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(REGISTER_PRACTITIONER, { i: { ...input, address: Wallet.createRandom().address } }, h.viewer(admin.accountId)))).toEqual(['NOT_FOUND'])
    expect(errorCodes(await h.run(REGISTER_PRACTITIONER, { i: { ...input, address: 'nope' } }, h.viewer(admin.accountId)))).toEqual(['BAD_USER_INPUT'])

    const result = await h.run(REGISTER_PRACTITIONER, { i: input }, h.viewer(admin.accountId))
    const practitioner = result.data?.registerPractitioner as { id: string }
    expect(result.data?.registerPractitioner).toEqual({ id: practitioner.id, name: 'Dr. Who', organization: { id: org.id, name: 'General' }, account: { address: doctor.wallet.address, roles: ['PRACTITIONER'] } })
    expect(h.viewer(doctor.accountId)).toMatchObject({ roles: ['PRACTITIONER'], practitionerId: practitioner.id, organizationIds: [org.id] })
    expect(errorCodes(await h.run(REGISTER_PRACTITIONER, { i: input }, h.viewer(admin.accountId)))).toEqual(['CONFLICT'])

    const listed = await h.run('query ($id: ID!) { organization(id: $id) { practitioners { id } } practitioner(id: "nope") { id } }', { id: org.id })
    expect(listed.data?.organization).toEqual({ practitioners: [{ id: practitioner.id }] })
    expect(errorCodes(listed)).toEqual(['NOT_FOUND'])
  })

  it('shows a patient to themself, practitioners and hospital admins only', async () => {
    const patient = await h.signIn()
    const patientId = (await h.run(REGISTER_PATIENT, {}, h.viewer(patient.accountId))).data?.registerPatient as { id: string }
    const admin = await h.signIn()
    await h.run(REGISTER_ORG, { i: { name: 'General' } }, h.viewer(admin.accountId))
    const stranger = await h.signIn()

    expect((await h.run(PATIENT, { id: patientId.id }, h.viewer(patient.accountId))).data?.patient).toMatchObject({ id: patientId.id })
    expect((await h.run(PATIENT, { id: patientId.id }, h.viewer(admin.accountId))).data?.patient).toMatchObject({ id: patientId.id })
    expect(errorCodes(await h.run(PATIENT, { id: 'nope' }, h.viewer(admin.accountId)))).toEqual(['NOT_FOUND'])
    expect(errorCodes(await h.run(PATIENT, { id: patientId.id }, h.viewer(stranger.accountId)))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(PATIENT, { id: 'nope' }, h.viewer(stranger.accountId)))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(PATIENT, { id: patientId.id }))).toEqual(['UNAUTHENTICATED'])

    // the account → person ID link is hidden from strangers
    const ref = { r: [{ __typename: 'Account', id: patient.accountId }] }
    const entities = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Account { patient { id } } } }'
    expect((await h.run(entities, ref, h.viewer(stranger.accountId))).data?._entities).toEqual([{ patient: null }])
    expect((await h.run(entities, ref, h.viewer(admin.accountId))).data?._entities).toEqual([{ patient: { id: patientId.id } }])
  })
})
