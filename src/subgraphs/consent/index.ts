/**
 * The consent subgraph: grants signed by the patient's wallet (EIP-712), their revocation, FHIR R4 Consent
 * import/export, and each patient's access log with inclusion proofs. The decision itself is pure
 * (src/core/consent); the records subgraph applies it on every read (records/access.ts).
 */
import { canonicalJson } from '../../core/canonical-json.ts'
import { grantToFhir } from '../../core/consent/index.ts'
import { isError, makeError } from '../../core/errors.ts'
import type { InclusionProofOut } from '../../ports/ledger.ts'
import type { Viewer } from '../context.ts'
import type { SubgraphModule } from '../subgraph.ts'
import type { AccessLogEntryResolvers, AccessLogProofResolvers, GrantResolvers, PatientResolvers, QueryResolvers, Resolvers } from './resolvers-types.generated.ts'
import { accessLogOf } from './access-log.ts'
import { Mutation } from './grant-mutations.ts'
import { grantsLoader } from './grants-loader.ts'
import { signingQueries } from './signing.ts'
import { consentStore } from './store.ts'

/** The most entries one accessLog call returns. */
export const MAX_ACCESS_LOG = 500

/** True when the viewer may read `patientId`'s access log and grants: the patient themself or an AUDITOR. */
export function mayReadAccessLog (viewer: Viewer, patientId: string): boolean {
  if (viewer.kind !== 'account') return false
  return viewer.patientId === patientId || viewer.roles.includes('AUDITOR')
}

function requireReader (viewer: Viewer, patientId: string, what: string): void {
  if (viewer.kind === 'anonymous') throw makeError(`sign in to read ${what}`, 'UNAUTHENTICATED')
  if (!mayReadAccessLog(viewer, patientId)) throw makeError(`only the patient and auditors read ${what}`, 'FORBIDDEN')
}

const Patient: PatientResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  /**
   * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN for anyone but the patient and auditors;
   *   BAD_INPUT for `first` outside 0…500
   */
  accessLog: (patient, { first }, ctx) => {
    requireReader(ctx.viewer, patient.id, 'an access log')
    const size = first ?? 50
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_ACCESS_LOG) throw makeError(`first must be between 0 and ${MAX_ACCESS_LOG}`, 'BAD_INPUT')
    return accessLogOf(ctx.services.ledger, patient.id, size)
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for anyone but the patient and auditors */
  grants: async (patient, _args, ctx) => {
    requireReader(ctx.viewer, patient.id, 'grants')
    return grantsLoader(ctx).load(patient.id)
  }
}

const Query: QueryResolvers = {
  ...signingQueries,
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for an unknown grant or anyone but its patient and auditors */
  exportConsent: async (_p, { id }, ctx) => {
    const row = await consentStore(ctx.services).grant(id)
    if (row === undefined) {
      if (ctx.viewer.kind === 'anonymous') throw makeError('sign in to read grants', 'UNAUTHENTICATED')
      throw makeError('only the patient and auditors read grants', 'FORBIDDEN')
    }
    requireReader(ctx.viewer, row.grant.patientId, 'grants')
    return grantToFhir(row.grant)
  }
}

const AccessLogEntry: AccessLogEntryResolvers = {
  decision: (row) => row.decision === 'permit' ? 'PERMIT' : 'DENY',
  grant: (row) => row.grant ?? null,
  time: (row) => row.time,
  proof: (row, _args, ctx) => {
    try {
      return ctx.services.ledger.inclusionProof(row.entryIndex)
    } catch (err) {
      if (isError(err, 'NOT_SEALED')) return null
      throw err
    }
  }
}

const AccessLogProof: AccessLogProofResolvers = {
  blockHeight: (p: InclusionProofOut) => p.block.height,
  entry: (p: InclusionProofOut, _args, ctx) => canonicalJson(ctx.services.ledger.entry(p.index)),
  treeSize: (p: InclusionProofOut) => p.treeSize,
  root: (p: InclusionProofOut) => p.root
}

const Grant: GrantResolvers = {
  id: (row) => row.grant.id,
  patient: (row) => ({ id: row.grant.patientId }),
  status: (row) => row.grant.revokedAt === undefined ? 'ACTIVE' : 'REVOKED',
  provision: (row) => row.grant.provision,
  fhir: (row) => grantToFhir(row.grant),
  grantedAt: (row) => row.grantedAt,
  revokedAt: (row) => row.grant.revokedAt ?? null
}

export const resolvers: Resolvers = { Query, Mutation, Patient, AccessLogEntry, AccessLogProof, Grant }

/** The consent subgraph module (schema/consent.graphql). */
export const consentSubgraph: SubgraphModule = { name: 'consent', resolvers }

export { grantsLoader } from './grants-loader.ts'
export { consentStore } from './store.ts'
