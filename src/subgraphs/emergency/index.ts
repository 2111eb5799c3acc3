/**
 * The emergency subgraph. For now: a patient's emergency contacts and threshold M. Signed contact
 * management and the aid flow (requests, confirmations, contracts) arrive with issue 7.
 */
import type DataLoader from 'dataloader'
import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import { loader } from '../loaders.ts'
import type { SubgraphModule } from '../subgraph.ts'
import type { EmergencyContactResolvers, PatientResolvers, Resolvers } from './resolvers-types.generated.ts'
import { openEmergencyStore } from './store.ts'
import type { EmergencySettings, EmergencyStore } from './store.ts'

export { DEFAULT_THRESHOLD, openEmergencyStore } from './store.ts'
export type { EmergencyContactRow, EmergencyContactStatus, EmergencySettings, EmergencyStore, SetContactsOptions } from './store.ts'

/** This process's emergency store (`<data folder>/emergency.db`), opened on first use. */
export function emergencyStore (ctx: Pick<SubgraphContext, 'services'>): EmergencyStore {
  return ctx.services.store('emergency', (file) => openEmergencyStore(file, ctx.services.clock))
}

/** Settings by patient: DataLoader 'emergency.settings', one store query per batch. */
function settingsOf (ctx: SubgraphContext): DataLoader<string, EmergencySettings> {
  return loader<string, EmergencySettings>(ctx, 'emergency.settings', async (ids) => {
    const found = emergencyStore(ctx).contactsOf(ids)
    return ids.map((id) => found.get(id)!)
  })
}

const Patient: PatientResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  /** @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN for anyone but the patient themself */
  emergencyContacts: async (patient, _args, ctx) => {
    if (ctx.viewer.kind === 'anonymous') throw makeError('sign in to see emergency contacts', 'UNAUTHENTICATED')
    if (ctx.viewer.kind !== 'account' || ctx.viewer.patientId !== patient.id) {
      throw makeError('only the patient sees their emergency contacts', 'FORBIDDEN')
    }
    return (await settingsOf(ctx).load(patient.id)).contacts
  },
  /** How many contacts must confirm; any signed-in caller may see it (it names nobody). @throws MedledgerError UNAUTHENTICATED */
  emergencyThreshold: async (patient, _args, ctx) => {
    if (ctx.viewer.kind === 'anonymous') throw makeError('sign in to see emergency settings', 'UNAUTHENTICATED')
    return (await settingsOf(ctx).load(patient.id)).threshold
  }
}

const EmergencyContact: EmergencyContactResolvers = {
  person: (row) => ({ id: row.personId }),
  since: (row) => new Date(row.since).toISOString()
}

export const resolvers: Resolvers = { Patient, EmergencyContact }

/** The emergency subgraph module (schema/emergency.graphql). */
export const emergencySubgraph: SubgraphModule = { name: 'emergency', resolvers }
