/** Which token account a caller owns, and role checks shared by the token, funding and insurance resolvers. */
import { makeError } from '../../../../core/errors.ts'
import type { Role, SubgraphContext, Viewer } from '../../../context.ts'

type AccountViewer = Extract<Viewer, { kind: 'account' }>

/**
 * The signed-in account.
 * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN (an API key: tokens belong to people and organizations' admins)
 */
export function accountOf (ctx: Pick<SubgraphContext, 'viewer'>): AccountViewer {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (ctx.viewer.kind !== 'account') throw makeError('API keys hold no token account', 'FORBIDDEN')
  return ctx.viewer
}

/** The personal token account of a signed-in account: `patient:<id>` for a registered patient, else `account:<id>`. */
export function personalAccount (viewer: AccountViewer): string {
  return viewer.patientId !== undefined ? `patient:${viewer.patientId}` : `account:${viewer.accountId}`
}

/**
 * The caller's personal account, or `org:<organizationId>` when they administer that organization.
 * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for an organization the caller does not administer
 */
export function ownAccount (ctx: Pick<SubgraphContext, 'viewer'>, organizationId?: string | null): string {
  const viewer = accountOf(ctx)
  if (organizationId === undefined || organizationId === null) return personalAccount(viewer)
  if (!viewer.roles.includes('HOSPITAL_ADMIN') || !viewer.organizationIds.includes(organizationId)) {
    throw makeError('only an admin of the organization sees its tokens', 'FORBIDDEN')
  }
  return `org:${organizationId}`
}

/**
 * The signed-in account, which must hold `role`.
 * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN without the role
 */
export function requireRole (ctx: Pick<SubgraphContext, 'viewer'>, role: Role): AccountViewer {
  const viewer = accountOf(ctx)
  if (!viewer.roles.includes(role)) throw makeError(`only a ${role} may do this`, 'FORBIDDEN')
  return viewer
}

/**
 * A positive integer amount of tokens.
 * @throws MedledgerError BAD_INPUT otherwise
 */
export function tokenAmount (value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw makeError(`${what} must be a positive integer`, 'BAD_INPUT')
  return value
}
