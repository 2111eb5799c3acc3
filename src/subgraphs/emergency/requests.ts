/** In-hospital emergency requests: opening (with notifications), signed answers, the inbox and reads. */
import { canonicalJson } from '../../core/canonical-json.ts'
import { parseEmergencyTypedData, responseTypedData } from '../../core/emergency/index.ts'
import { makeError } from '../../core/errors.ts'
import { uuid } from '../../core/ids.ts'
import type { SubgraphContext } from '../context.ts'
import { actorOf } from '../context.ts'
import { patientWallet } from '../consent/patient-wallet.ts'
import type { EmergencyRequestRow } from '../../ports/emergency-store.ts'
import { closeContract, eligibleContacts, ensureContract } from './contract.ts'
import type { MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { personOf, verifySigner } from './signing.ts'
import { signatureExpiry, signatureNonce, signingRequest } from '../signature-window.ts'
import { emergencyStore, webhookDelivery } from './store-of.ts'
import { admitEmergencyRequest } from './limits.ts'
import { trustedPractitioner } from '../trust.ts'

/**
 * A request the caller may see: its doctor, the patient, or one of the patient's contacts.
 * @throws MedledgerError UNAUTHENTICATED; NOT_FOUND (unknown or not visible to the caller)
 */
export async function visibleRequest (ctx: SubgraphContext, id: string): Promise<EmergencyRequestRow> {
  if (ctx.viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  const row = await emergencyStore(ctx).aid.request(id)
  const v = ctx.viewer
  if (row === undefined || v.kind !== 'account') throw makeError('no such emergency request', 'NOT_FOUND')
  if (v.practitionerId === row.practitionerId || v.patientId === row.patientId) return row
  const contacts = (await emergencyStore(ctx).contactsOf([row.patientId])).get(row.patientId)!.contacts
  if (v.patientId !== undefined && contacts.some((c) => c.personId === v.patientId)) return row
  throw makeError('no such emergency request', 'NOT_FOUND')
}

export const requestQueries: Pick<QueryResolvers, 'emergencyRequest' | 'myEmergencyInbox' | 'emergencyResponseToSign' | 'aidContracts'> = {
  /** @throws MedledgerError UNAUTHENTICATED; NOT_FOUND */
  emergencyRequest: async (_p, { id }, ctx) => {
    const row = await visibleRequest(ctx, id)
    await ensureContract(ctx, row)
    return (await emergencyStore(ctx).aid.request(id))!
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a registered person) */
  myEmergencyInbox: async (_p, _a, ctx) => emergencyStore(ctx).aid.inbox(personOf(ctx)),
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a person); NOT_FOUND; BAD_INPUT (validForSeconds) */
  emergencyResponseToSign: async (_p, { requestId, decision, validForSeconds }, ctx) => {
    const contact = personOf(ctx)
    const row = await visibleRequest(ctx, requestId)
    return signingRequest(responseTypedData({ requestId, patient: row.patientId, contact, decision, nonce: signatureNonce(ctx), expiry: signatureExpiry(ctx, validForSeconds) }))
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN for anyone but the patient */
  aidContracts: async (_p, { patientId }, ctx) => {
    if (personOf(ctx) !== patientId) throw makeError('only the patient lists their aid contracts', 'FORBIDDEN')
    return emergencyStore(ctx).aid.contractsOf(patientId)
  }
}

export const requestMutations: Pick<MutationResolvers, 'openEmergencyRequest' | 'respondToEmergency' | 'closeAidContract'> = {
  /**
   * A practitioner of a verified organization opens a request; one outbox notification per accepted contact (with
   * its webhook URL, if any), in the same transaction; webhook delivery starts at once. Asking again for the same
   * patient within the hour answers with the request already open (nobody is notified twice).
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a practitioner of a verified organization); BAD_INPUT
   *   (empty or long reason); NOT_FOUND (unknown patient); RATE_LIMITED (limits.ts)
   */
  openEmergencyRequest: async (_p, { patientId, reason }, ctx) => {
    const practitioner = trustedPractitioner(ctx.viewer, 'opens an emergency request')
    if (reason.trim().length === 0 || reason.length > 2000) throw makeError('a reason of 1 to 2000 characters is required', 'BAD_INPUT')
    patientWallet(ctx.services, patientId)
    const again = await admitEmergencyRequest(ctx, { practitioner, patientId, kind: 'hospital' })
    if (again !== undefined) return (await emergencyStore(ctx).aid.request(again))!
    const now = ctx.services.clock.now()
    const row: EmergencyRequestRow = { id: uuid(ctx.services.rng), patientId, practitionerId: practitioner.practitionerId, requester: actorOf(ctx.viewer), reason, status: 'OPEN', openedAt: now }
    const contacts = (await eligibleContacts(ctx, patientId)).ids
    const urls = await emergencyStore(ctx).webhooks.urlsOf(contacts)
    const notifications = contacts.map((contactId) => ({ id: uuid(ctx.services.rng), requestId: row.id, contactId, time: now, ...(urls.has(contactId) ? { webhookUrl: urls.get(contactId)! } : {}) }))
    await emergencyStore(ctx).aid.openRequest(row, notifications)
    void webhookDelivery(ctx).runOnce()
    return row
  },
  /**
   * Records a contact's signed confirmation or denial, then forms the contract once M distinct accepted contacts confirmed.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (another person's answer or wallet, not an accepted contact);
   *   BAD_INPUT (malformed, expired); NOT_FOUND (unknown request); CONFLICT (replayed nonce, answered before, request not open)
   */
  respondToEmergency: async (_p, { typedData, signature }, ctx) => {
    const request = parseEmergencyTypedData(typedData, 'EmergencyResponse')
    const m = request.message
    if (personOf(ctx) !== m.contact) throw makeError('a contact answers only for themself', 'FORBIDDEN')
    const row = await visibleRequest(ctx, m.requestId)
    if (row.patientId !== m.patient) throw makeError('the answer names another patient', 'BAD_INPUT')
    if (!(await eligibleContacts(ctx, row.patientId)).ids.includes(m.contact)) throw makeError('only an accepted contact answers', 'FORBIDDEN')
    if (row.status !== 'OPEN') throw makeError('the request is not open', 'CONFLICT')
    const signer = verifySigner(ctx, request, m.contact, signature)
    const store = emergencyStore(ctx).aid
    await store.addResponse({ requestId: row.id, contactId: m.contact, decision: m.decision, typedData: canonicalJson(request), signature, time: ctx.services.clock.now() }, signer, m.nonce)
    await ensureContract(ctx, row)
    return (await store.request(row.id))!
  },
  /** @throws see closeContract */
  closeAidContract: async (_p, { id }, ctx) => closeContract(ctx, id)
}
