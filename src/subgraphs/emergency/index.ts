/**
 * The emergency subgraph: a patient's emergency contacts and threshold M (signed changes, accept/decline), and
 * the in-hospital aid flow: a doctor's request, durable notifications (outbox, pollable inbox), contacts'
 * EIP-712 confirmations, and the aid contract formed at M distinct confirmations (contract.ts), break-glass (break-glass.ts); out of hospital,
 * nearest hospitals in escalation rings and the first acceptance (field.ts).
 */
import type DataLoader from 'dataloader'
import { makeError } from '../../core/errors.ts'
import type { SubgraphContext } from '../context.ts'
import { loader } from '../loaders.ts'
import type { SubgraphModule } from '../subgraph.ts'
import { breakGlassMutations, breakGlassQueries } from './break-glass.ts'
import { contactMutations, contactQueries } from './contacts.ts'
import { FieldEmergencyRequest, fieldMutations, fieldQueries } from './field.ts'
import { requestMutations, requestQueries } from './requests.ts'
import { reviewMutations, reviewQueries } from './review.ts'
import type { AidContractResolvers, BreakGlassReviewResolvers, EmergencyContactResolvers, EmergencyNotificationResolvers, EmergencyRequestResolvers, EmergencyResponseResolvers, PatientResolvers, Resolvers } from './resolvers-types.generated.ts'
import type { EmergencySettings } from './store.ts'
import { emergencyStore } from './store-of.ts'

export { DEFAULT_THRESHOLD, openEmergencyStore } from './store.ts'
export type { EmergencyContactRow, EmergencyContactStatus, EmergencySettings, EmergencyStore, SetContactsOptions } from '../../ports/emergency-store.ts'
export { emergencyStore } from './store-of.ts'

/** Settings by patient: DataLoader 'emergency.settings', one store query per batch. */
function settingsOf (ctx: SubgraphContext): DataLoader<string, EmergencySettings> {
  return loader<string, EmergencySettings>(ctx, 'emergency.settings', async (ids) => {
    const found = await emergencyStore(ctx).contactsOf(ids)
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

const iso = (ms: number): string => new Date(ms).toISOString()

const EmergencyContact: EmergencyContactResolvers = {
  person: (row) => ({ id: row.personId }),
  since: (row) => iso(row.since)
}

const EmergencyRequest: EmergencyRequestResolvers = {
  patient: (row) => ({ id: row.patientId }),
  openedAt: (row) => iso(row.openedAt),
  responses: (row, _a, ctx) => emergencyStore(ctx).aid.responses(row.id),
  contract: async (row, _a, ctx) => await emergencyStore(ctx).aid.contract({ requestId: row.id }) ?? null
}

const EmergencyResponse: EmergencyResponseResolvers = {
  contact: (row) => ({ id: row.contactId }),
  time: (row) => iso(row.time)
}

const AidContract: AidContractResolvers = {
  patient: (row) => ({ id: row.patientId }),
  start: (row) => iso(row.start),
  end: (row) => iso(row.end),
  closedAt: (row) => row.closedAt === undefined ? null : iso(row.closedAt),
  review: async (row, _a, ctx) => await emergencyStore(ctx).reviews.review(row.id) ?? null,
  breakGlassSigners: async (row, _a, ctx) => row.breakGlass ? (await emergencyStore(ctx).aid.breakGlass(row.requestId)).map((s) => s.practitionerId) : []
}

const BreakGlassReview: BreakGlassReviewResolvers = {
  time: (row) => iso(row.time)
}

const EmergencyNotification: EmergencyNotificationResolvers = {
  kind: (row) => row.kind ?? 'REQUEST',
  request: async (row, _a, ctx) => (await emergencyStore(ctx).aid.request(row.requestId))!,
  contract: async (row, _a, ctx) => row.contractId === undefined ? null : await emergencyStore(ctx).aid.contract({ id: row.contractId }) ?? null,
  time: (row) => iso(row.time)
}

export const resolvers: Resolvers = {
  Query: { ...contactQueries, ...requestQueries, ...fieldQueries, ...breakGlassQueries, ...reviewQueries },
  Mutation: { ...contactMutations, ...requestMutations, ...fieldMutations, ...breakGlassMutations, ...reviewMutations },
  FieldEmergencyRequest, Patient, EmergencyContact, EmergencyRequest, EmergencyResponse, AidContract, EmergencyNotification, BreakGlassReview
}

/** The emergency subgraph module (schema/emergency.graphql). */
export const emergencySubgraph: SubgraphModule = { name: 'emergency', resolvers }
