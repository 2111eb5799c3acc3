/** Signed contact management and a contact's answer to the role. */
import { contactsTypedData, parseEmergencyTypedData } from '../../core/emergency/index.ts'
import { makeError } from '../../core/errors.ts'
import { patientWallet } from '../consent/patient-wallet.ts'
import type { MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { personOf, verifySigner } from './signing.ts'
import { signatureExpiry, signatureNonce, signingRequest } from '../signature-window.ts'
import { emergencyStore } from './store-of.ts'
import { webhookUrlProblem } from './webhook-url.ts'

export const contactQueries: Pick<QueryResolvers, 'emergencyContactsToSign'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a patient); BAD_INPUT (validForSeconds) */
  emergencyContactsToSign: (_p, { contactIds, threshold, validForSeconds }, ctx) => {
    const patient = personOf(ctx)
    return signingRequest(contactsTypedData({ patient, contacts: contactIds, threshold, nonce: signatureNonce(ctx), expiry: signatureExpiry(ctx, validForSeconds) }))
  }
}

export const contactMutations: Pick<MutationResolvers, 'setEmergencyContacts' | 'answerContactRole' | 'setEmergencyWebhook'> = {
  /**
   * The signed-in person sets (or clears, with null) the URL their emergency notifications are POSTed to.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a person); BAD_INPUT (not an https URL of a public
   *   host up to 2000 characters; see webhook-url.ts)
   */
  setEmergencyWebhook: async (_p, { url }, ctx) => {
    const person = personOf(ctx)
    const problem = url == null ? undefined : webhookUrlProblem(url)
    if (problem !== undefined) throw makeError(problem, 'BAD_INPUT')
    await emergencyStore(ctx).webhooks.setUrl(person, url ?? null)
    return url ?? null
  },
  /**
   * Verifies the patient's signature, spends its nonce and replaces contacts and M.
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (another patient or wallet); BAD_INPUT (malformed, expired,
   *   duplicate or self contact, impossible M); CONFLICT (replayed nonce); NOT_FOUND (unregistered contact)
   */
  setEmergencyContacts: async (_p, { typedData, signature }, ctx) => {
    const request = parseEmergencyTypedData(typedData, 'EmergencyContacts')
    const m = request.message
    if (personOf(ctx) !== m.patient) throw makeError('only the patient sets their contacts', 'FORBIDDEN')
    const signer = verifySigner(ctx, request, m.patient, signature)
    for (const c of m.contacts) patientWallet(ctx.services, c)
    const store = emergencyStore(ctx)
    await store.aid.spend(signer, m.nonce)
    try {
      await store.setContacts(m.patient, m.contacts, m.threshold)
    } catch (err) {
      if (err instanceof RangeError || err instanceof TypeError) throw makeError(err.message, 'BAD_INPUT')
      throw err
    }
    return (await store.contactsOf([m.patient])).get(m.patient)!.contacts
  },
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN (not a person); NOT_FOUND (not named by that patient) */
  answerContactRole: async (_p, { patientId, accept }, ctx) => emergencyStore(ctx).answerRole(patientId, personOf(ctx), accept ? 'ACCEPTED' : 'DECLINED')
}
