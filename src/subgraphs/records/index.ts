/**
 * The records subgraph: FHIR records encrypted in IPFS, anchored in the ledger, read through consent
 * (policy.ts, access.ts) with every denied attempt and every read of another person's records audited (audit.ts).
 */
import type { SubgraphModule } from '../subgraph.ts'
import type { Resolvers } from './resolvers-types.generated.ts'
import { Mutation } from './mutations.ts'
import { Patient, Query } from './queries.ts'
import { findPatients } from './lookup.ts'
import { Anchor, HealthRecord } from './record-fields.ts'
import { ImportJob, ImportMutation, ImportQuery } from './import-jobs.ts'
import { ExportJob, ExportMutation, ExportQuery } from './export.ts'
import { AdminMutation, AdminQuery, HealthPatient, MonitoringQuery, OrganizationRegion, ReviewMutation, ReviewQuery } from './health/index.ts'
import { ClinicalHealthRecord, ClinicalMutations, ClinicalPatientFields, clinicalResolvers } from './clinical/index.ts'

export const resolvers: Resolvers = {
  Query: { ...Query, findPatients: async (_p, { input }, ctx) => findPatients(ctx, input), ...ImportQuery, ...ExportQuery, ...ReviewQuery, ...MonitoringQuery, ...AdminQuery },
  Mutation: { ...Mutation, ...ImportMutation, ...ExportMutation, ...ReviewMutation, ...AdminMutation, ...ClinicalMutations },
  Patient: { ...Patient, ...HealthPatient, ...ClinicalPatientFields },
  HealthRecord: { ...HealthRecord, ...ClinicalHealthRecord },
  Organization: OrganizationRegion,
  Anchor, ImportJob, ExportJob,
  ...clinicalResolvers
}

/** The records subgraph module (schema/records.graphql). */
export const recordsSubgraph: SubgraphModule = { name: 'records', resolvers }

export { decideRead, mayWrite, subjectOf, writesForAnyone } from './policy.ts'
export type { ReadDecision } from './policy.ts'
export { patientKey } from './patient-keys.ts'
