import { getAddress } from 'ethers'
import { makeError } from '../../core/errors.ts'
import type { Services, Viewer } from '../context.ts'
import { verifyApiKeySecret } from './api-keys.ts'
import { sessionStore } from './sessions.ts'
import { identityStore } from './store.ts'

/**
 * Who is calling, from the HTTP `Authorization` header (the gateway runs this once per request and hands
 * the result to subgraphs in its signed context):
 * - absent → anonymous;
 * - `Bearer <token>` → the session's account, loaded fresh (current roles, patient, practitioner and
 *   organization ids), so a role granted after sign-in counts at once;
 * - `ApiKey <secret>` → the organization's live key and its scopes.
 * Scheme names are case-insensitive (RFC 9110 §11.1).
 * @throws MedledgerError UNAUTHENTICATED for any other header, a bad or expired token, a token of a
 * signed-out session, a token whose account is gone, and an unknown, wrong or revoked API key
 */
export async function resolveViewer (services: Services, authorization: string | undefined): Promise<Viewer> {
  if (authorization === undefined) return { kind: 'anonymous' }
  const match = /^([A-Za-z]+) +(\S+)$/.exec(authorization.trim())
  const scheme = match?.[1]?.toLowerCase()
  const credential = match?.[2] ?? ''
  if (scheme === 'bearer') {
    const { accountId, sessionId, authTime } = await services.auth.verifySession(credential)
    if (sessionId === undefined || authTime === undefined) return viewerForAccount(services, accountId)
    if (await sessionStore(services).isRevoked(sessionId)) throw makeError('this session was signed out', 'UNAUTHENTICATED')
    return { ...viewerForAccount(services, accountId), sessionId, authTime }
  }
  if (scheme === 'apikey') {
    const store = identityStore(services)
    const key = verifyApiKeySecret(store, credential)
    const organizationVerified = store.verifiedOrganizationIds([key.organizationId]).length === 1
    return { kind: 'apiKey', keyId: key.id, organizationId: key.organizationId, scopes: key.scopes, organizationVerified }
  }
  throw makeError('Authorization must be "Bearer <token>" or "ApiKey <secret>"', 'UNAUTHENTICATED')
}

/**
 * The account viewer of `accountId` as it is now: roles, patient ID, practitioner ID, and the
 * organizations it administers or practises at, with which of them are verified (so a suspension counts
 * from the next request). For the gateway, tests and CLI token minting.
 * @throws MedledgerError UNAUTHENTICATED when there is no such account
 */
export function viewerForAccount (services: Pick<Services, 'store'>, accountId: string): Extract<Viewer, { kind: 'account' }> {
  const store = identityStore(services)
  const [account] = store.accountsByIds([accountId])
  if (account === undefined) throw makeError('account not found', 'UNAUTHENTICATED')
  const [patient] = store.patientsByAccountIds([accountId])
  const [practitioner] = store.practitionersByAccountIds([accountId])
  const organizationIds = new Set(store.adminOrganizationIds(accountId))
  if (practitioner !== undefined) organizationIds.add(practitioner.organizationId)
  return {
    kind: 'account',
    accountId,
    address: getAddress(account.address),
    roles: account.roles,
    ...(patient === undefined ? {} : { patientId: patient.id }),
    ...(practitioner === undefined ? {} : { practitionerId: practitioner.id }),
    organizationIds: [...organizationIds],
    verifiedOrganizationIds: store.verifiedOrganizationIds([...organizationIds]),
    ...(practitioner === undefined ? {} : { practitionerOrganizationId: practitioner.organizationId, practitionerSince: practitioner.registeredAt })
  }
}

/**
 * The account with id `addressOrId`, or with that wallet address (any case); null when there is none.
 * For `medledger token --as …`.
 */
export async function findAccount (services: Pick<Services, 'store'>, addressOrId: string): Promise<{ id: string } | null> {
  const store = identityStore(services)
  const account = /^0x[0-9a-fA-F]{40}$/.test(addressOrId) ? store.accountByAddress(addressOrId) : store.accountsByIds([addressOrId])[0]
  return account === undefined ? null : { id: account.id }
}
