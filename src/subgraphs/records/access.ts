import { makeError } from '../../core/errors.ts'
import type { Viewer } from '../context.ts'
import type { SubgraphContext } from '../context.ts'
import { logAccess } from './audit.ts'
import { decideRead } from './policy.ts'

/** A viewer that is not anonymous. */
export type SignedIn = Exclude<Viewer, { kind: 'anonymous' }>

/**
 * The viewer, when signed in.
 * @throws MedledgerError UNAUTHENTICATED for an anonymous caller
 */
export function signedIn (viewer: Viewer): SignedIn {
  if (viewer.kind === 'anonymous') throw makeError('sign in to use records', 'UNAUTHENTICATED')
  return viewer
}

/** The FORBIDDEN error of a denied record access; says nothing of whether the record exists. */
export function forbidden (): Error {
  return makeError('not permitted to access these records', 'FORBIDDEN')
}

/**
 * Applies the read policy to `patientId`'s records before anything of them is served. A denial is logged
 * (AccessLogged deny, `recordIds` as given) and thrown. Returns true when the permitted read must itself be
 * logged (the reader is not the patient): the caller logs it with the record ids it serves.
 * @throws MedledgerError UNAUTHENTICATED (anonymous, not logged), FORBIDDEN (denied, logged)
 */
export async function checkRead (ctx: SubgraphContext, patientId: string, recordIds: readonly string[]): Promise<boolean> {
  signedIn(ctx.viewer)
  const decision = decideRead(ctx.viewer, patientId)
  if (!decision.permit) {
    await logAccess(ctx, { subject: patientId, recordIds, decision: 'deny' })
    throw forbidden()
  }
  return decision.logged
}

/**
 * {@link checkRead} for records whose ids are known up front; logs a permitted read of someone else's records.
 * @throws MedledgerError UNAUTHENTICATED, FORBIDDEN
 */
export async function authorizeRead (ctx: SubgraphContext, patientId: string, recordIds: readonly string[]): Promise<void> {
  if (await checkRead(ctx, patientId, recordIds)) await logAccess(ctx, { subject: patientId, recordIds, decision: 'permit' })
}
