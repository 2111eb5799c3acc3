import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorCodes, identityHarness, thrownCode } from './test-kit.ts'
import type { IdentityHarness } from './test-kit.ts'
import { findAccount, resolveViewer, viewerForAccount } from './viewer.ts'
import { identityStore } from './store.ts'
import { formatError } from '../errors.ts'

const CREATE_KEY = 'mutation ($o: ID!, $s: [ApiScope!]!) { createApiKey(organizationId: $o, scopes: $s) { secret apiKey { id scopes organization { id } createdAt revokedAt } } }'

describe('resolveViewer', () => {
  let h: IdentityHarness
  beforeEach(async () => { h = await identityHarness() })
  afterEach(async () => { await h.close() })

  async function hospital (): Promise<{ adminId: string, organizationId: string }> {
    const { accountId } = await h.signIn()
    const org = await h.run('mutation { registerOrganization(input: { name: "General" }) { id } }', {}, h.viewer(accountId))
    return { adminId: accountId, organizationId: (org.data?.registerOrganization as { id: string }).id }
  }

  it('is anonymous without a header', async () => {
    expect(await resolveViewer(h.services, undefined)).toEqual({ kind: 'anonymous' })
  })

  it('loads the account of a bearer token fresh', async () => {
    const { token, accountId, wallet } = await h.signIn()
    expect(await resolveViewer(h.services, `Bearer ${token}`)).toEqual({ kind: 'account', accountId, address: wallet.address, roles: [], organizationIds: [], verifiedOrganizationIds: [], sessionId: expect.stringMatching(/^[0-9a-f]{32}$/), authTime: expect.any(Number) })
    await h.run('mutation { registerPatient { id } }', {}, h.viewer(accountId))
    expect(await resolveViewer(h.services, `bearer ${token}`)).toMatchObject({ roles: ['PATIENT'], patientId: expect.any(String) })
  })

  it('refuses a tampered, foreign or malformed token and unknown schemes', async () => {
    const { token } = await h.signIn()
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')
    for (const authorization of [
      `Bearer ${header}.${forged}.${signature}`,
      `Bearer ${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`,
      'Bearer ',
      'Bearer not-a-jwt',
      `Basic ${token}`,
      token,
      ''
    ]) {
      expect(await thrownCode(async () => resolveViewer(h.services, authorization)), authorization).toBe('UNAUTHENTICATED')
    }
  })

  it('finds an account by id or address for token minting', async () => {
    const { accountId, wallet } = await h.signIn()
    expect(await findAccount(h.services, accountId)).toEqual({ id: accountId })
    expect(await findAccount(h.services, wallet.address.toLowerCase())).toEqual({ id: accountId })
    expect(await findAccount(h.services, '0x' + '00'.repeat(20))).toBeNull()
  })

  it('refuses an expired token and one whose account is gone', async () => {
    const { token } = await h.signIn()
    h.clock.advance(16 * 60 * 1000)
    expect(await thrownCode(async () => resolveViewer(h.services, `Bearer ${token}`))).toBe('UNAUTHENTICATED')
    const orphan = await h.services.auth.issueSession('no-such-account')
    expect(await thrownCode(async () => resolveViewer(h.services, `Bearer ${orphan.token}`))).toBe('UNAUTHENTICATED')
  })

  it('resolves a live API key to its organization and scopes, and refuses it once revoked', async () => {
    const { adminId, organizationId } = await hospital()
    const created = await h.run(CREATE_KEY, { o: organizationId, s: ['IMPORT', 'RECORDS_WRITE', 'IMPORT'] }, h.viewer(adminId))
    expect(created.errors).toBeUndefined()
    const { secret, apiKey } = created.data?.createApiKey as { secret: string, apiKey: { id: string, scopes: string[], organization: { id: string }, revokedAt: null } }
    expect(secret).toMatch(new RegExp(`^mlk_${apiKey.id}_[A-Za-z0-9_-]{43}$`))
    expect(apiKey).toMatchObject({ scopes: ['RECORDS_WRITE', 'IMPORT'], organization: { id: organizationId }, revokedAt: null })
    expect(await resolveViewer(h.services, `ApiKey ${secret}`)).toEqual({ kind: 'apiKey', keyId: apiKey.id, organizationId, scopes: ['RECORDS_WRITE', 'IMPORT'], organizationVerified: false })
    // verification and suspension count from the next request, for the key and for the admin's account
    const store = identityStore(h.services)
    store.setVerification({ organizationId, status: 'VERIFIED', actor: 'operator:test', time: 1 })
    expect(await resolveViewer(h.services, `ApiKey ${secret}`)).toMatchObject({ organizationVerified: true })
    expect(viewerForAccount(h.services, adminId)).toMatchObject({ organizationIds: [organizationId], verifiedOrganizationIds: [organizationId] })
    store.setVerification({ organizationId, status: 'SUSPENDED', actor: 'operator:test', reason: 'audit', time: 2 })
    expect(await resolveViewer(h.services, `ApiKey ${secret}`)).toMatchObject({ organizationVerified: false })
    expect(viewerForAccount(h.services, adminId)).toMatchObject({ verifiedOrganizationIds: [] })

    const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A')
    expect(await thrownCode(async () => resolveViewer(h.services, `ApiKey ${wrong}`))).toBe('UNAUTHENTICATED')
    expect(await thrownCode(async () => resolveViewer(h.services, 'ApiKey mlk_nope'))).toBe('UNAUTHENTICATED')

    const revoked = await h.run('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, h.viewer(adminId))
    expect((revoked.data?.revokeApiKey as { revokedAt: string }).revokedAt).toEqual(expect.any(String))
    expect(await thrownCode(async () => resolveViewer(h.services, `ApiKey ${secret}`))).toBe('UNAUTHENTICATED')
    // revoking again changes nothing, and says so
    const again = await h.run('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, h.viewer(adminId))
    expect((again.errors ?? []).map((e) => formatError(e.toJSON(), e.originalError ?? e).extensions)).toEqual([{ code: 'CONFLICT', reason: 'ALREADY_DONE' }])
  })

  it('Account.administers lists the hospitals an account runs, to that account only', async () => {
    const { adminId, organizationId } = await hospital()
    const second = await h.run('mutation { registerOrganization(input: { name: "Second" }) { id } }', {}, h.viewer(adminId))
    const secondId = (second.data?.registerOrganization as { id: string }).id
    const mine = await h.run('{ me { administers { id name } } }', {}, h.viewer(adminId))
    expect((mine.data?.me as { administers: Array<{ id: string }> }).administers.map((o) => o.id).sort()).toEqual([organizationId, secondId].sort())
    // the admin also practises there, so another account can reach the admin's Account: it sees no hospitals
    const { wallet } = await h.signIn()
    const self = (await h.run('{ me { address } }', {}, h.viewer(adminId))).data?.me as { address: string }
    const reg = await h.run('mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: self.address, name: 'Dr Admin', organizationId } }, h.viewer(adminId))
    const practitionerId = (reg.data?.registerPractitioner as { id: string }).id
    const other = (await h.run('{ me { id } }', {}, h.viewer((await h.signIn(wallet)).accountId))).data?.me as { id: string }
    const seen = await h.run('query ($p: ID!) { practitioner(id: $p) { account { id administers { id } } } }', { p: practitionerId }, h.viewer(other.id))
    expect(seen.data?.practitioner).toEqual({ account: { id: adminId, administers: [] } })
    const own = await h.run('query ($p: ID!) { practitioner(id: $p) { account { administers { id } } } }', { p: practitionerId }, h.viewer(adminId))
    expect((own.data?.practitioner as { account: { administers: unknown[] } }).account.administers).toHaveLength(2)
  })

  it('lets only admins of the organization create and revoke its keys', async () => {
    const { adminId, organizationId } = await hospital()
    const other = await h.signIn()
    expect(errorCodes(await h.run(CREATE_KEY, { o: organizationId, s: ['IMPORT'] }, h.viewer(other.accountId)))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(CREATE_KEY, { o: organizationId, s: [] }, h.viewer(adminId)))).toEqual(['BAD_USER_INPUT'])
    const { apiKey } = (await h.run(CREATE_KEY, { o: organizationId, s: ['IMPORT'] }, h.viewer(adminId))).data?.createApiKey as { apiKey: { id: string } }
    const revoke = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }'
    expect(errorCodes(await h.run(revoke, { id: apiKey.id }, h.viewer(other.accountId)))).toEqual(['NOT_FOUND'])
    expect(errorCodes(await h.run(revoke, { id: apiKey.id }, { kind: 'apiKey', keyId: apiKey.id, organizationId, scopes: ['IMPORT'], organizationVerified: false }))).toEqual(['FORBIDDEN'])
  })
})
