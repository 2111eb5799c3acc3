import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import { makeError } from '../core/errors.ts'
import type { Clock, Rng } from '../core/types.ts'
import type { Viewer } from './viewer.ts'
import { hmacKey, signInternalJwt, verifyInternalJwt } from './context-token.ts'

/** Bearer tokens live 15 minutes; the internal header only as long as one gateway request. */
export const SESSION_TTL_SECONDS = 15 * 60
const CONTEXT_TTL_SECONDS = 60
const ISSUER = 'medledger'
const CONTEXT_AUDIENCE = 'medledger:subgraph'

/**
 * The two HMAC keys of the gateway: one signs bearer tokens for callers, one signs the internal context
 * header subgraphs trust. They never leave this module: callers get sign and verify functions.
 */
export interface AuthKeys {
  issueSession(accountId: string): Promise<{ token: string, expiresAt: number }>
  /** @throws MedledgerError UNAUTHENTICATED for a bad, expired or foreign token */
  verifySession(token: string): Promise<{ accountId: string }>
  signContext(viewer: Viewer, requestId: string): Promise<string>
  /** @throws MedledgerError UNAUTHENTICATED when the header is missing, forged or expired */
  verifyContext(header: string | undefined): Promise<{ viewer: Viewer, requestId: string }>
}

interface KeyFile { session: string, internal: string }

/**
 * Loads `auth.json` (0600) from `dir`, creating it on first use. `MEDLEDGER_INTERNAL_SECRET` (64 hex), when
 * set, replaces the internal key so that subgraph processes on other hosts can share it without the file.
 * @throws MedledgerError KEYSTORE_CORRUPT when the file is unreadable or readable by others
 */
export function openAuthKeys (options: { dir: string, clock: Clock, rng: Rng }): AuthKeys {
  const { dir, clock, rng } = options
  const file = join(dir, 'auth.json')
  let keys: KeyFile
  if (existsSync(file)) {
    try {
      keys = JSON.parse(readFileSync(file, 'utf8')) as KeyFile
    } catch (err) {
      throw makeError('auth.json is not valid JSON', 'KEYSTORE_CORRUPT', {}, err)
    }
    if (!/^[0-9a-f]{64}$/.test(keys.session) || !/^[0-9a-f]{64}$/.test(keys.internal)) throw makeError('auth.json holds malformed keys', 'KEYSTORE_CORRUPT')
  } else {
    mkdirSync(dir, { recursive: true })
    keys = { session: Buffer.from(rng.bytes(32)).toString('hex'), internal: Buffer.from(rng.bytes(32)).toString('hex') }
    writeFileSync(file + '.tmp', JSON.stringify(keys), { mode: 0o600 })
    chmodSync(file + '.tmp', 0o600)
    renameSync(file + '.tmp', file)
  }
  const envInternal = process.env.MEDLEDGER_INTERNAL_SECRET
  if (envInternal !== undefined && !/^[0-9a-fA-F]{64}$/.test(envInternal)) throw makeError('MEDLEDGER_INTERNAL_SECRET must be 64 hex characters', 'BAD_INPUT')
  const sessionKey = Buffer.from(keys.session, 'hex')
  const internalKey = hmacKey(Buffer.from(envInternal ?? keys.internal, 'hex'))
  const nowSeconds = (): number => Math.floor(clock.now() / 1000)

  return {
    async issueSession (accountId) {
      const iat = nowSeconds()
      const exp = iat + SESSION_TTL_SECONDS
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience('medledger:session')
        .setSubject(accountId).setIssuedAt(iat).setExpirationTime(exp).sign(sessionKey)
      return { token, expiresAt: exp * 1000 }
    },
    async verifySession (token) {
      const { payload } = await verify(token, sessionKey, 'medledger:session', clock)
      if (typeof payload.sub !== 'string') throw makeError('token has no subject', 'UNAUTHENTICATED')
      return { accountId: payload.sub }
    },
    async signContext (viewer, requestId) {
      const iat = nowSeconds()
      return signInternalJwt(internalKey, { viewer, rid: requestId, iss: ISSUER, aud: CONTEXT_AUDIENCE, iat, exp: iat + CONTEXT_TTL_SECONDS })
    },
    async verifyContext (header) {
      if (header === undefined || header.length === 0) throw makeError('missing gateway context', 'UNAUTHENTICATED')
      const claims = verifyInternalJwt(internalKey, header, { iss: ISSUER, aud: CONTEXT_AUDIENCE, nowSeconds: nowSeconds() })
      return { viewer: claims.viewer as Viewer, requestId: String(claims.rid) }
    }
  }
}

async function verify (token: string, key: Uint8Array, audience: string, clock: Clock): Promise<{ payload: Record<string, unknown> }> {
  try {
    return await jwtVerify(token, key, { issuer: ISSUER, audience, algorithms: ['HS256'], currentDate: new Date(clock.now()) })
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired
    throw makeError(expired ? 'token expired' : 'invalid token', 'UNAUTHENTICATED', {}, err)
  }
}
