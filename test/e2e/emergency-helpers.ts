// Helpers of the emergency acceptance suite: signed contact lists and signed answers to a request.
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import { Wallet } from 'ethers'
import type { client, Credential, TestWallet } from './consent-helpers.ts'
import { login, ok } from './consent-helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'
import type { Services } from '../../src/subgraphs/context.ts'
import { verifyOrganization } from '../support/trust.ts'

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

/** A person with a fresh wallet, not yet signed in. */
export function newPerson (): Person {
  return { wallet: Wallet.createRandom(), who: undefined, id: '' }
}

/** Signs `p` in and registers them as a patient (sets `who` and `id`). */
export async function registerPatient (gql: Gql, p: Person): Promise<void> {
  p.who = { bearer: (await login(gql, p.wallet)).bearer }
  p.id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, p.who)).registerPatient.id
}

/**
 * A verified hospital (registered by a fresh admin, verified as an operator would) with one practitioner signing
 * in with `wallet`: the doctor's credential.
 */
export async function hospitalDoctor (gql: Gql, services: Pick<Services, 'store' | 'clock'>, hospital: string, name: string, wallet: TestWallet = Wallet.createRandom()): Promise<Credential> {
  const admin = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  const org = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation ($n: String!) { registerOrganization(input: { name: $n }) { id } }', { n: hospital }, admin)).registerOrganization.id
  verifyOrganization(services, org)
  await login(gql, wallet)
  await ok(gql, 'mutation ($i: RegisterPractitionerInput!) { registerPractitioner(input: $i) { id } }', { i: { address: wallet.address, name, organizationId: org } }, admin)
  // a new sign-in carries the PRACTITIONER role
  return { bearer: (await login(gql, wallet)).bearer }
}
