/** Who may do what in the research subgraph (default deny; typed errors). */
import { makeError } from '../../../core/errors.ts'
import type { SubgraphContext } from '../../context.ts'
import { trustedPractitioner } from '../../trust.ts'

/**
 * The signed-in registered person's unique id.
 * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN (not a registered person)
 */
export function patientOf (ctx: SubgraphContext): string {
  signedIn(ctx)
  if (ctx.viewer.kind !== 'account' || ctx.viewer.patientId === undefined) throw makeError('only a registered person may do this', 'FORBIDDEN')
  return ctx.viewer.patientId
}

/**
 * The signed-in practitioner's id, when their organization is verified (asking patients to share and running
 * sharing networks are a hospital's work, trust.ts).
 * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a practitioner of a verified organization)
 */
export function practitionerOf (ctx: SubgraphContext): string {
  return trustedPractitioner(ctx.viewer, 'may do this').practitionerId
}

/** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN without the RESEARCHER role */
export function requireResearcher (ctx: SubgraphContext): void {
  signedIn(ctx)
  if (ctx.viewer.kind !== 'account' || !ctx.viewer.roles.includes('RESEARCHER')) throw makeError('only a researcher may browse the corpus', 'FORBIDDEN')
}

/** @throws MedledgerError UNAUTHENTICATED for an anonymous caller */
export function signedIn (ctx: SubgraphContext): void {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
}
