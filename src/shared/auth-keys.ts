import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import { makeError } from '../core/errors.ts'
import type { Clock, Rng } from '../core/types.ts'
import type { Viewer } from './viewer.ts'
import { hmacKey, signInternalJwt, verifyInternalJwt } from './context-token.ts'

/** Bearer tokens live 15 minutes; the internal header only as long as one gateway request. */
export const SESSION_TTL_SECONDS = 15 * 60
/**
 * A session (one sign-in) can be refreshed, 15 minutes at a time, for at most 12 hours after the sign-in;
 * then the wallet signs in again. `MEDLEDGER_SESSION_MAX_AGE` (seconds) overrides it.
 */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60
const CONTEXT_TTL_SECONDS = 60
const ISSUER = 'medledger'
const CONTEXT_AUDIENCE = 'medledger:subgraph'

/**
 * The two HMAC keys of the gateway: one signs bearer tokens for callers, one signs the internal context
 * header subgraphs trust. They never leave this module: callers get sign and verify functions.
 */
export interface AuthKeys {
  /**
   * A bearer token for `accountId`. Without `session` it starts a new session (a fresh id, signed in now);
   * with it, the token continues that session (refresh): same id and sign-in time, expiring 15 minutes from
   * now but never past the session's maximum age.
   * @throws MedledgerError UNAUTHENTICATED when the session is past its maximum age
   */
  issueSession(accountId: string, session?: SessionInfo): Promise<IssuedSession>
  /** @throws MedledgerError UNAUTHENTICATED for a bad, expired or foreign token */
  verifySession(token: string): Promise<{ accountId: string } & Partial<SessionInfo>>
  signContext(viewer: Viewer, requestId: string): Promise<string>
  /** @throws MedledgerError UNAUTHENTICATED when the header is missing, forged or expired */
  verifyContext(header: string | undefined): Promise<{ viewer: Viewer, requestId: string }>
}

/** Which sign-in a token belongs to: what refresh keeps and sign-out revokes. */
export interface SessionInfo {
  /** Random id of the sign-in, carried by every token refreshed from it (JWT claim `sid`). */
  sessionId: string
  /** When the wallet signed in, ms since epoch (JWT claim `auth_time`, seconds). */
  authTime: number
}

/** A token and its session. */
export interface IssuedSession extends SessionInfo {
  token: string
  /** ms since epoch */
  expiresAt: number
  /** The last moment a refresh can reach, ms since epoch. */
  refreshableUntil: number
}

interface KeyFile { session: string, internal: string }

/** The maximum session age in seconds: `MEDLEDGER_SESSION_MAX_AGE` or the default. @throws MedledgerError BAD_INPUT when malformed */
export function sessionMaxAgeSeconds (env: Record<string, string | undefined> = process.env): number {
  const raw = env.MEDLEDGER_SESSION_MAX_AGE
  if (raw === undefined || raw === '') return SESSION_MAX_AGE_SECONDS
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 60) throw makeError('MEDLEDGER_SESSION_MAX_AGE must be whole seconds, at least 60', 'BAD_INPUT')
  return n
}

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
  const maxAge = sessionMaxAgeSeconds()

  return {
    async issueSession (accountId, session) {
      const iat = nowSeconds()
      const authTime = session === undefined ? iat : Math.floor(session.authTime / 1000)
      const sessionId = session?.sessionId ?? Buffer.from(rng.bytes(16)).toString('hex')
      const until = authTime + maxAge
      if (iat >= until) throw makeError('the session reached its maximum age; sign in again', 'UNAUTHENTICATED')
      const exp = Math.min(iat + SESSION_TTL_SECONDS, until)
      const token = await new SignJWT({ sid: sessionId, auth_time: authTime }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience('medledger:session')
        .setSubject(accountId).setIssuedAt(iat).setExpirationTime(exp).sign(sessionKey)
      return { token, expiresAt: exp * 1000, sessionId, authTime: authTime * 1000, refreshableUntil: until * 1000 }
    },
    async verifySession (token) {
      const { payload } = await verify(token, sessionKey, 'medledger:session', clock)
      if (typeof payload.sub !== 'string') throw makeError('token has no subject', 'UNAUTHENTICATED')
      if (typeof payload.sid === 'string' && Number.isSafeInteger(payload.auth_time)) {
        return { accountId: payload.sub, sessionId: payload.sid, authTime: (payload.auth_time as number) * 1000 }
      }
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
