/**
 * The records subgraph: FHIR records encrypted in IPFS, anchored in the ledger, read through the policy
 * (policy.ts) with every denied attempt and every read of another person's records audited (audit.ts).
 */
import type { SubgraphModule } from '../subgraph.ts'
import type { Resolvers } from './resolvers-types.generated.ts'
import { Mutation } from './mutations.ts'
import { Patient, Query } from './queries.ts'
import { Anchor, HealthRecord } from './record-fields.ts'

export const resolvers: Resolvers = { Query, Mutation, Patient, HealthRecord, Anchor }

/** The records subgraph module (schema/records.graphql). */
export const recordsSubgraph: SubgraphModule = { name: 'records', resolvers }

export { decideRead, mayWrite, writesForAnyone } from './policy.ts'
export type { ReadDecision } from './policy.ts'
export { patientKey } from './patient-keys.ts'
