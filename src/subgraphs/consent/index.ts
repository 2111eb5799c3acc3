/**
 * The consent subgraph. For now it serves each patient's access log from the ledger; grants, revocations
 * and the consent decision arrive with issue 6.
 */
import { makeError } from '../../core/errors.ts'
import type { Viewer } from '../context.ts'
import type { SubgraphModule } from '../subgraph.ts'
import type { AccessLogEntryResolvers, PatientResolvers, Resolvers } from './resolvers-types.generated.ts'
import { accessLogOf } from './access-log.ts'

/** The most entries one accessLog call returns. */
export const MAX_ACCESS_LOG = 500

/** True when the viewer may read `patientId`'s access log: the patient themself or an AUDITOR. */
export function mayReadAccessLog (viewer: Viewer, patientId: string): boolean {
  if (viewer.kind !== 'account') return false
  return viewer.patientId === patientId || viewer.roles.includes('AUDITOR')
}

const Patient: PatientResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  /**
   * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN for anyone but the patient and auditors;
   *   BAD_INPUT for `first` outside 0…500
   */
  accessLog: (patient, { first }, ctx) => {
    if (ctx.viewer.kind === 'anonymous') throw makeError('sign in to read an access log', 'UNAUTHENTICATED')
    if (!mayReadAccessLog(ctx.viewer, patient.id)) throw makeError('only the patient and auditors read an access log', 'FORBIDDEN')
    const size = first ?? 50
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_ACCESS_LOG) throw makeError(`first must be between 0 and ${MAX_ACCESS_LOG}`, 'BAD_INPUT')
    return accessLogOf(ctx.services.ledger, patient.id, size)
  }
}

const AccessLogEntry: AccessLogEntryResolvers = {
  decision: (row) => row.decision === 'permit' ? 'PERMIT' : 'DENY',
  time: (row) => new Date(row.time).toISOString()
}

export const resolvers: Resolvers = { Patient, AccessLogEntry }

/** The consent subgraph module (schema/consent.graphql). */
export const consentSubgraph: SubgraphModule = { name: 'consent', resolvers }
