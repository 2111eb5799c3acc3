// Helpers of the emergency acceptance suite: signed contact lists and signed answers to a request.
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-sign.ts'
import type { client, Credential, TestWallet } from './consent-helpers.ts'
import { ok } from './consent-helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'

type Gql = ReturnType<typeof client>
/** A registered person with a wallet. */
export interface Person { wallet: TestWallet, who: Credential, id: string }

/** The typed data of a contact list and the patient's signature of it. */
export async function signedContacts (gql: Gql, patient: Person, contactIds: string[], threshold: number, signer: TestWallet = patient.wallet): Promise<{ t: unknown, s: string }> {
  const d = await ok<{ emergencyContactsToSign: { typedData: TypedDataRequest } }>(gql, 'query ($c: [ID!]!, $m: Int!) { emergencyContactsToSign(contactIds: $c, threshold: $m) { typedData } }', { c: contactIds, m: threshold }, patient.who)
  return { t: d.emergencyContactsToSign.typedData, s: await signTypedData(signer, d.emergencyContactsToSign.typedData) }
}

/** Submits a signed contact list. */
export async function setContacts (gql: Gql, patient: Person, signed: { t: unknown, s: string }): Promise<GraphQLReply> {
  return gql('mutation ($t: JSON!, $s: String!) { setEmergencyContacts(typedData: $t, signature: $s) { person { id } status } }', signed, patient.who)
}

/** A contact signs and submits an answer to request `requestId`. */
export async function respond (gql: Gql, contact: Person, requestId: string, decision: 'CONFIRM' | 'DENY'): Promise<GraphQLReply> {
  const d = await ok<{ emergencyResponseToSign: { typedData: TypedDataRequest } }>(gql, 'query ($r: ID!, $d: EmergencyDecision!) { emergencyResponseToSign(requestId: $r, decision: $d) { typedData } }', { r: requestId, d: decision }, contact.who)
  const t = d.emergencyResponseToSign.typedData
  return gql('mutation ($t: JSON!, $s: String!) { respondToEmergency(typedData: $t, signature: $s) { id status contract { id grantId end } } }', { t, s: await signTypedData(contact.wallet, t) }, contact.who)
}
