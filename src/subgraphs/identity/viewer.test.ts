import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorCodes, identityHarness, thrownCode } from './test-support.ts'
import type { IdentityHarness } from './test-support.ts'
import { findAccount, resolveViewer } from './viewer.ts'

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
    expect(await resolveViewer(h.services, `Bearer ${token}`)).toEqual({ kind: 'account', accountId, address: wallet.address, roles: [], organizationIds: [], sessionId: expect.stringMatching(/^[0-9a-f]{32}$/), authTime: expect.any(Number) })
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
    expect(await resolveViewer(h.services, `ApiKey ${secret}`)).toEqual({ kind: 'apiKey', keyId: apiKey.id, organizationId, scopes: ['RECORDS_WRITE', 'IMPORT'] })

    const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A')
    expect(await thrownCode(async () => resolveViewer(h.services, `ApiKey ${wrong}`))).toBe('UNAUTHENTICATED')
    expect(await thrownCode(async () => resolveViewer(h.services, 'ApiKey mlk_nope'))).toBe('UNAUTHENTICATED')

    const revoked = await h.run('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, h.viewer(adminId))
    expect((revoked.data?.revokeApiKey as { revokedAt: string }).revokedAt).toEqual(expect.any(String))
    expect(await thrownCode(async () => resolveViewer(h.services, `ApiKey ${secret}`))).toBe('UNAUTHENTICATED')
  })

  it('lets only admins of the organization create and revoke its keys', async () => {
    const { adminId, organizationId } = await hospital()
    const other = await h.signIn()
    expect(errorCodes(await h.run(CREATE_KEY, { o: organizationId, s: ['IMPORT'] }, h.viewer(other.accountId)))).toEqual(['FORBIDDEN'])
    expect(errorCodes(await h.run(CREATE_KEY, { o: organizationId, s: [] }, h.viewer(adminId)))).toEqual(['BAD_USER_INPUT'])
    const { apiKey } = (await h.run(CREATE_KEY, { o: organizationId, s: ['IMPORT'] }, h.viewer(adminId))).data?.createApiKey as { apiKey: { id: string } }
    const revoke = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }'
    expect(errorCodes(await h.run(revoke, { id: apiKey.id }, h.viewer(other.accountId)))).toEqual(['NOT_FOUND'])
    expect(errorCodes(await h.run(revoke, { id: apiKey.id }, { kind: 'apiKey', keyId: apiKey.id, organizationId, scopes: ['IMPORT'] }))).toEqual(['FORBIDDEN'])
  })
})
