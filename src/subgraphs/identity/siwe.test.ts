import { SigningKey, Wallet, hashMessage } from 'ethers'
import { SiweMessage } from 'siwe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_IDENTITY_CONFIG, NONCE_TTL_MS, signIn, siweChallenge } from './siwe.ts'
import { errorCodes, identityHarness, thrownCode } from './test-kit.ts'
import type { IdentityHarness } from './test-kit.ts'

const SIGN_IN = 'mutation ($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token expiresAt account { id address roles createdAt } } }'

describe('Sign-In with Ethereum', () => {
  let h: IdentityHarness
  beforeEach(async () => { h = await identityHarness() })
  afterEach(async () => { await h.close() })

  async function challenge (wallet: { address: string }): Promise<string> {
    return siweChallenge(h.services, { address: wallet.address, config: DEFAULT_IDENTITY_CONFIG }).message
  }

  it('signs a fresh wallet in and creates its account with the recovered public key', async () => {
    const wallet = Wallet.createRandom()
    const c = await h.run('mutation ($a: String!) { siweChallenge(address: $a) { nonce message expiresAt } }', { a: wallet.address.toLowerCase() })
    const { nonce, message, expiresAt } = c.data?.siweChallenge as { nonce: string, message: string, expiresAt: string }
    expect(nonce).toMatch(/^[0-9a-f]{32}$/)
    const parsed = new SiweMessage(message)
    expect(parsed).toMatchObject({ domain: 'localhost:4000', uri: 'http://localhost:4000', chainId: 1, nonce, address: wallet.address, expirationTime: expiresAt })
    expect(Date.parse(expiresAt) - h.clock.now()).toBeGreaterThan(NONCE_TTL_MS - 5_000)

    const result = await h.run(SIGN_IN, { m: message, s: await wallet.signMessage(message) })
    expect(result.errors).toBeUndefined()
    const session = result.data?.signIn as { token: string, expiresAt: string, account: { id: string, address: string, roles: string[] } }
    expect(session.account).toMatchObject({ address: wallet.address, roles: [] })
    expect(await h.services.auth.verifySession(session.token)).toEqual({ accountId: session.account.id, sessionId: expect.stringMatching(/^[0-9a-f]{32}$/), authTime: Math.floor(h.clock.now() / 1000) * 1000 })
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(h.clock.now())
    expect(h.viewer(session.account.id)).toMatchObject({ kind: 'account', address: wallet.address, roles: [], organizationIds: [] })

    // a second sign-in reaches the same account
    expect((await h.signIn(wallet)).accountId).toBe(session.account.id)
  })

  it('keeps the compressed public key of the signing wallet', async () => {
    const wallet = Wallet.createRandom()
    const message = await challenge(wallet)
    const signature = await wallet.signMessage(message)
    const { account } = await signIn(h.services, { message, signature, config: DEFAULT_IDENTITY_CONFIG })
    expect(account.publicKey).toBe(wallet.signingKey.compressedPublicKey)
    expect(account.publicKey).toBe(SigningKey.computePublicKey(SigningKey.recoverPublicKey(hashMessage(message), signature), true))
  })

  it('refuses a replayed nonce', async () => {
    const wallet = Wallet.createRandom()
    const message = await challenge(wallet)
    const signature = await wallet.signMessage(message)
    expect(errorCodes(await h.run(SIGN_IN, { m: message, s: signature }))).toEqual([])
    expect(errorCodes(await h.run(SIGN_IN, { m: message, s: signature }))).toEqual(['UNAUTHENTICATED'])
  })

  it('lets only one of concurrent sign-ins with the same nonce through', async () => {
    const wallet = Wallet.createRandom()
    const message = await challenge(wallet)
    const signature = await wallet.signMessage(message)
    const results = await Promise.allSettled(Array.from({ length: 5 }, async () => signIn(h.services, { message, signature, config: DEFAULT_IDENTITY_CONFIG })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('refuses an expired message', async () => {
    const wallet = Wallet.createRandom()
    const message = await challenge(wallet)
    const signature = await wallet.signMessage(message)
    h.clock.advance(NONCE_TTL_MS + 1)
    expect(errorCodes(await h.run(SIGN_IN, { m: message, s: signature }))).toEqual(['UNAUTHENTICATED'])
  })

  it('refuses a message not yet valid, and an expired nonce under a longer message expiry', async () => {
    const wallet = Wallet.createRandom()
    const base = new SiweMessage(await challenge(wallet))
    const early = new SiweMessage({ ...base, notBefore: new Date(h.clock.now() + 60_000).toISOString() }).prepareMessage()
    expect(await thrownCode(async () => signIn(h.services, { message: early, signature: await wallet.signMessage(early), config: DEFAULT_IDENTITY_CONFIG }))).toBe('UNAUTHENTICATED')
    const long = new SiweMessage({ ...base, expirationTime: new Date(h.clock.now() + 3_600_000).toISOString() }).prepareMessage()
    h.clock.advance(NONCE_TTL_MS + 1)
    expect(await thrownCode(async () => signIn(h.services, { message: long, signature: await wallet.signMessage(long), config: DEFAULT_IDENTITY_CONFIG }))).toBe('UNAUTHENTICATED')
  })

  it('refuses a signature by another key, and a malformed one', async () => {
    const wallet = Wallet.createRandom()
    const message = await challenge(wallet)
    const other = await Wallet.createRandom().signMessage(message)
    expect(errorCodes(await h.run(SIGN_IN, { m: message, s: other }))).toEqual(['UNAUTHENTICATED'])
    expect(errorCodes(await h.run(SIGN_IN, { m: message, s: '0x1234' }))).toEqual(['UNAUTHENTICATED'])
    // the refused attempts did not burn the nonce
    expect(errorCodes(await h.run(SIGN_IN, { m: message, s: await wallet.signMessage(message) }))).toEqual([])
  })

  it('refuses a message for another domain, URI or chain', async () => {
    const wallet = Wallet.createRandom()
    const base = new SiweMessage(await challenge(wallet))
    for (const change of [{ domain: 'evil.example' }, { uri: 'https://evil.example' }, { chainId: 5 }]) {
      const message = new SiweMessage({ ...base, ...change }).prepareMessage()
      expect(errorCodes(await h.run(SIGN_IN, { m: message, s: await wallet.signMessage(message) }))).toEqual(['UNAUTHENTICATED'])
    }
  })

  it('refuses an unknown nonce, a nonce issued for another address and a malformed message', async () => {
    const wallet = Wallet.createRandom()
    const base = new SiweMessage(await challenge(wallet))
    const unknown = new SiweMessage({ ...base, nonce: 'abcdefgh12345678' }).prepareMessage()
    expect(errorCodes(await h.run(SIGN_IN, { m: unknown, s: await wallet.signMessage(unknown) }))).toEqual(['UNAUTHENTICATED'])
    const thief = Wallet.createRandom()
    const stolen = new SiweMessage({ ...base, address: thief.address }).prepareMessage()
    expect(errorCodes(await h.run(SIGN_IN, { m: stolen, s: await thief.signMessage(stolen) }))).toEqual(['UNAUTHENTICATED'])
    const result = await h.run(SIGN_IN, { m: 'hello', s: await wallet.signMessage('hello') })
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED'])
    expect(result.errors?.[0]?.message).toBe('malformed sign-in message')
  })

  it('refuses a challenge for something that is not an address', async () => {
    const bad = '0x' + 'Ab'.repeat(20) // mixed case with a wrong EIP-55 checksum
    expect(errorCodes(await h.run('mutation { siweChallenge(address: "nope") { nonce } }'))).toEqual(['BAD_USER_INPUT'])
    expect(errorCodes(await h.run('mutation ($a: String!) { siweChallenge(address: $a) { nonce } }', { a: bad }))).toEqual(['BAD_USER_INPUT'])
  })
})
