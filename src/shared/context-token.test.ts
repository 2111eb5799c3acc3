import { SignJWT, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { isError } from '../core/errors.ts'
import { hmacKey, signInternalJwt, verifyInternalJwt } from './context-token.ts'

const bytes = new Uint8Array(32).fill(3)
const key = hmacKey(bytes)
const now = 1_700_000_000
const claims = { iss: 'medledger', aud: 'medledger:subgraph', iat: now, exp: now + 60, viewer: { kind: 'anonymous' }, rid: 'r1' }
const expected = { iss: 'medledger', aud: 'medledger:subgraph', nowSeconds: now }

function refused (token: string, at = expected): boolean {
  try {
    verifyInternalJwt(key, token, at)
    return false
  } catch (err) {
    return isError(err, 'UNAUTHENTICATED')
  }
}

describe('internal context JWT', () => {
  it('round-trips its claims', () => {
    expect(verifyInternalJwt(key, signInternalJwt(key, claims), expected)).toEqual(claims)
  })

  it('is an ordinary HS256 JWT both ways with jose', async () => {
    const { payload } = await jwtVerify(signInternalJwt(key, claims), bytes, { issuer: 'medledger', audience: 'medledger:subgraph', currentDate: new Date(now * 1000) })
    expect(payload.rid).toBe('r1')
    const byJose = await new SignJWT({ rid: 'r2' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('medledger').setAudience('medledger:subgraph')
      .setIssuedAt(now).setExpirationTime(now + 60).sign(bytes)
    expect(verifyInternalJwt(key, byJose, expected).rid).toBe('r2')
  })

  it('refuses another key, a changed payload, a changed or missing signature, and alg none', () => {
    const token = signInternalJwt(key, claims)
    const [h, p, s] = token.split('.') as [string, string, string]
    expect(refused(signInternalJwt(hmacKey(new Uint8Array(32).fill(4)), claims))).toBe(true)
    const forged = Buffer.from(JSON.stringify({ ...claims, viewer: { kind: 'account', accountId: 'admin' } })).toString('base64url')
    expect(refused(`${h}.${forged}.${s}`)).toBe(true)
    expect(refused(`${h}.${p}.${s.slice(0, -2)}AA`)).toBe(true)
    expect(refused(`${h}.${p}.`)).toBe(true)
    expect(refused(`${h}.${p}`)).toBe(true)
    expect(refused(`${token}.x`)).toBe(true)
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')
    expect(refused(`${none}.${p}.`)).toBe(true)
    expect(refused('')).toBe(true)
  })

  it('accepts only the canonical base64url encoding of the MAC', () => {
    const token = signInternalJwt(key, claims)
    const [h, p, s] = token.split('.') as [string, string, string]
    // 32 bytes → 43 characters: the last one carries 4 bits of MAC and 2 unused bits that decoders drop
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(s.at(-1)!)
    const twins = [1, 2, 3].map((low) => `${s.slice(0, -1)}${alphabet[(last & ~3) | ((last & 3) ^ low)]}`)
    for (const twin of twins) {
      expect(Buffer.from(twin, 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true)
      expect(refused(`${h}.${p}.${twin}`)).toBe(true)
    }
    expect(refused(`${h}.${p}.${s}=`)).toBe(true)
    expect(refused(token)).toBe(false)
  })

  it('refuses another audience or issuer', () => {
    expect(refused(signInternalJwt(key, { ...claims, aud: 'medledger:session' }))).toBe(true)
    expect(refused(signInternalJwt(key, { ...claims, iss: 'someone' }))).toBe(true)
  })

  it('expires at exp', () => {
    const token = signInternalJwt(key, claims)
    expect(refused(token, { ...expected, nowSeconds: now + 59 })).toBe(false)
    expect(refused(token, { ...expected, nowSeconds: now + 60 })).toBe(true)
  })
})
