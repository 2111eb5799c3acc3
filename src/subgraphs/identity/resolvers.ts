import { getAddress } from 'ethers'
import { emergencyIdPayload, parseEmergencyId } from '../../core/emergency/emergency-id.ts'
import { makeError } from '../../core/errors.ts'
import { actorOf } from '../context.ts'
import type { Viewer } from '../context.ts'
import { assertMayLookUpPatient, looksUpPatients, requireAccount } from './access.ts'
import { createApiKey, revokeApiKey } from './api-keys.ts'
import { claimPatient, issuePatientClaimCode } from './claim.ts'
import { isoTime } from './ids.ts'
import * as load from './loaders.ts'
import { registerOrganization, registerPatient, registerPractitioner } from './registration.ts'
import type { Resolvers } from './resolvers-types.generated.ts'
import { refreshSession, signOut } from './sessions.ts'
import { signIn, siweChallenge } from './siwe.ts'
import { identityStore } from './store.ts'
import { changeVerification } from './verification.ts'

/**
 * Resolvers of `schema/identity.graphql`. Entity references and nested fields go through the per-request
 * DataLoaders, so N references cost one store query. Lookups of a patient, practitioner or organization
 * by an id that does not exist answer NOT_FOUND (for a patient: only to callers allowed to look one up).
 */
export const resolvers: Resolvers = {
  Query: {
    me: async (_, __, ctx) => ctx.viewer.kind === 'account' ? load.accounts(ctx).load(ctx.viewer.accountId) : null,
    patient: async (_, { id }, ctx) => {
      assertMayLookUpPatient(ctx.viewer, id)
      return found(await load.patients(ctx).load(id), 'patient')
    },
    /** @throws MedledgerError BAD_INPUT for a payload that does not check; UNAUTHENTICATED / FORBIDDEN as `patient`; NOT_FOUND */
    patientByEmergencyId: async (_, { payload }, ctx) => {
      const id = parseEmergencyId(payload)
      assertMayLookUpPatient(ctx.viewer, id)
      return found(await load.patients(ctx).load(id), 'patient')
    },
    practitioner: async (_, { id }, ctx) => found(await load.practitioners(ctx).load(id), 'practitioner'),
    organization: async (_, { id }, ctx) => found(await load.organizations(ctx).load(id), 'organization'),
    organizations: (_, { verification }, ctx) => {
      const rows = identityStore(ctx.services).organizations().filter((o) => verification === null || verification === undefined || o.verification === verification)
      for (const row of rows) load.organizations(ctx).prime(row.id, row)
      return rows
    }
  },

  Mutation: {
    siweChallenge: (_, { address }, ctx) => {
      const challenge = siweChallenge(ctx.services, { address })
      return { ...challenge, expiresAt: isoTime(challenge.expiresAt) }
    },
    signIn: async (_, { message, signature }, ctx) => {
      const session = await signIn(ctx.services, { message, signature })
      return { token: session.token, account: session.account, expiresAt: isoTime(session.expiresAt), refreshableUntil: isoTime(session.refreshableUntil) }
    },
    /** @throws MedledgerError UNAUTHENTICATED without a live session, or past its maximum age */
    refreshSession: async (_, __, ctx) => {
      const session = await refreshSession(ctx.services, ctx.viewer)
      const account = found(await load.accounts(ctx).load(session.accountId), 'account')
      return { token: session.token, account, expiresAt: isoTime(session.expiresAt), refreshableUntil: isoTime(session.refreshableUntil) }
    },
    /** @throws MedledgerError UNAUTHENTICATED without a session */
    signOut: async (_, __, ctx) => signOut(ctx.services, ctx.viewer),
    registerPatient: (_, __, ctx) => registerPatient(ctx),
    registerOrganization: (_, { input }, ctx) => registerOrganization(ctx, input),
    registerPractitioner: (_, { input }, ctx) => registerPractitioner(ctx, input),
    createApiKey: (_, input, ctx) => createApiKey(ctx, input),
    revokeApiKey: (_, { id }, ctx) => revokeApiKey(ctx, id),
    issuePatientClaimCode: (_, { patientId }, ctx) => issuePatientClaimCode(ctx, patientId),
    claimPatient: async (_, { code }, ctx) => claimPatient(ctx, code),
    verifyOrganization: async (_, { id }, ctx) => changeVerification(ctx.services, { organizationId: id, status: 'VERIFIED', actor: regulator(ctx.viewer) }),
    suspendOrganization: async (_, { id, reason }, ctx) => changeVerification(ctx.services, { organizationId: id, status: 'SUSPENDED', actor: regulator(ctx.viewer), reason })
  },

  Account: {
    __resolveReference: async ({ id }, ctx) => load.accounts(ctx).load(id),
    address: (account) => getAddress(account.address),
    createdAt: (account) => isoTime(account.createdAt),
    // the link to a person ID is shown only to the account itself and to those who may look up patients
    patient: async (account, _, ctx) => {
      const self = ctx.viewer.kind === 'account' && ctx.viewer.accountId === account.id
      return self || looksUpPatients(ctx.viewer) ? load.patientsByAccount(ctx).load(account.id) : null
    },
    practitioner: async (account, _, ctx) => load.practitionersByAccount(ctx).load(account.id),
    // which hospitals an account runs is the account's own business: shown to itself only
    administers: async (account, _, ctx) => {
      if (ctx.viewer.kind !== 'account' || ctx.viewer.accountId !== account.id) return []
      const ids = identityStore(ctx.services).adminOrganizationIds(account.id)
      const rows = await Promise.all(ids.map(async (id) => load.organizations(ctx).load(id)))
      return rows.filter((o) => o !== null)
    }
  },

  Patient: {
    __resolveReference: async ({ id }, ctx) => load.patients(ctx).load(id),
    registeredAt: (patient) => isoTime(patient.registeredAt),
    emergencyId: (patient, _, ctx) => ctx.viewer.kind === 'account' && ctx.viewer.patientId === patient.id
      ? { personId: patient.id, qrPayload: emergencyIdPayload(patient.id) }
      : null
  },

  Practitioner: {
    __resolveReference: async ({ id }, ctx) => load.practitioners(ctx).load(id),
    organization: async (p, _, ctx) => found(await load.organizations(ctx).load(p.organizationId), 'organization'),
    account: async (p, _, ctx) => found(await load.accounts(ctx).load(p.accountId), 'account')
  },

  Organization: {
    __resolveReference: async ({ id }, ctx) => load.organizations(ctx).load(id),
    location: (o) => o.latitude === null || o.longitude === null ? null : { latitude: o.latitude, longitude: o.longitude },
    practitioners: async (o, _, ctx) => load.practitionersByOrganization(ctx).load(o.id),
    verification: (o, _, ctx) => {
      const last = o.verificationChangedAt === null ? undefined : identityStore(ctx.services).verificationsOf(o.id).at(-1)
      return {
        status: o.verification,
        verifiedAt: o.verifiedAt === null ? null : isoTime(o.verifiedAt),
        by: o.verificationChangedBy,
        changedAt: o.verificationChangedAt === null ? null : isoTime(o.verificationChangedAt),
        reason: o.verification === 'SUSPENDED' ? last?.reason ?? null : null,
        entryIndex: last?.entryIndex ?? null
      }
    }
  },

  ApiKey: {
    organization: async (key, _, ctx) => found(await load.organizations(ctx).load(key.organizationId), 'organization'),
    createdAt: (key) => isoTime(key.createdAt),
    revokedAt: (key) => key.revokedAt === null ? null : isoTime(key.revokedAt)
  }
}

/**
 * The caller as the actor of a verification change.
 * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN as `requireAccount`; FORBIDDEN without the REGULATOR role
 */
function regulator (viewer: Viewer): string {
  const account = requireAccount(viewer)
  if (!account.roles.includes('REGULATOR')) throw makeError('only a REGULATOR verifies or suspends organizations', 'FORBIDDEN')
  return actorOf(account)
}

function found<T> (row: T | null, what: string): T {
  if (row === null) throw makeError(`${what} not found`, 'NOT_FOUND')
  return row
}
