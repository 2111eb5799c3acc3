import { createHash, timingSafeEqual } from 'node:crypto'
import { makeError } from '../../core/errors.ts'
import type { ApiScope, SubgraphContext } from '../context.ts'
import { requireAccount } from './access.ts'
import { randomUuid } from './ids.ts'
import type { ApiKeyRow } from './rows.ts'
import type { IdentityStore } from './store.ts'
import { identityStore } from './store.ts'

type Ctx = Pick<SubgraphContext, 'viewer' | 'services'>
const SCOPES: readonly ApiScope[] = ['RECORDS_READ', 'RECORDS_WRITE', 'IMPORT']
/** `mlk_<key id>_<32 random bytes, base64url>`: the id finds the key, the rest is the secret. */
const SECRET = /^mlk_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/

/**
 * A hospital admin creates an API key of their organization with the given scopes. The secret
 * (`mlk_<id>_<32 random bytes base64url>`) is returned once; only its SHA-256 is stored.
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as `requireAccount`; FORBIDDEN unless the caller
 * administers `organizationId`; BAD_INPUT for no scopes or an unknown one
 */
export function createApiKey (ctx: Ctx, input: { organizationId: string, scopes: readonly ApiScope[] }): { apiKey: ApiKeyRow, secret: string } {
  const viewer = requireAccount(ctx.viewer)
  const store = identityStore(ctx.services)
  if (!store.isOrganizationAdmin(input.organizationId, viewer.accountId)) throw makeError('only an admin of the organization may create its API keys', 'FORBIDDEN')
  if (input.scopes.length === 0 || !input.scopes.every((s) => SCOPES.includes(s))) throw makeError(`scopes must be a non-empty list of ${SCOPES.join(', ')}`, 'BAD_INPUT')
  const id = randomUuid(ctx.services.rng)
  const secret = `mlk_${id}_${Buffer.from(ctx.services.rng.bytes(32)).toString('base64url')}`
  const scopes = SCOPES.filter((s) => input.scopes.includes(s))
  const apiKey = store.createApiKey({ id, organizationId: input.organizationId, scopes, createdAt: ctx.services.clock.now(), revokedAt: null }, sha256Hex(secret))
  return { apiKey, secret }
}

/**
 * A hospital admin revokes an API key of their organization.
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as `requireAccount`; NOT_FOUND when there is no such
 * key among the organizations the caller administers; CONFLICT (reason ALREADY_DONE) when it is revoked already
 */
export function revokeApiKey (ctx: Ctx, id: string): ApiKeyRow {
  const viewer = requireAccount(ctx.viewer)
  const store = identityStore(ctx.services)
  const [key] = store.apiKeysByIds([id])
  if (key === undefined || !store.isOrganizationAdmin(key.organizationId, viewer.accountId)) throw makeError('API key not found', 'NOT_FOUND')
  if (key.revokedAt !== null) throw makeError('the API key was revoked already', 'CONFLICT', { reason: 'ALREADY_DONE' })
  return store.revokeApiKey(id, ctx.services.clock.now()) ?? key
}

/**
 * The live key `secret` belongs to. The SHA-256 of the secret is compared in constant time.
 * @throws MedledgerError UNAUTHENTICATED when the secret is malformed, unknown, wrong or revoked
 */
export function verifyApiKeySecret (store: IdentityStore, secret: string): ApiKeyRow {
  const match = SECRET.exec(secret)
  const found = match === null ? undefined : store.apiKeyCredential(match[1]!)
  const given = createHash('sha256').update(secret).digest()
  const stored = Buffer.from(found?.secretHash ?? '', 'hex')
  const equal = stored.length === given.length && timingSafeEqual(stored, given)
  if (found === undefined || !equal) throw makeError('invalid API key', 'UNAUTHENTICATED')
  if (found.key.revokedAt !== null) throw makeError('API key revoked', 'UNAUTHENTICATED')
  return found.key
}

function sha256Hex (text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
