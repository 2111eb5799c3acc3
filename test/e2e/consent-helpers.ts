// Helpers of the consent acceptance suite: SIWE login, the signed grant round trip, and a gateway client.
import type { Wallet } from 'ethers'
import { expect } from 'vitest'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import { post } from '../gateway/helpers.ts'
import type { GraphQLReply } from '../gateway/helpers.ts'

const CHALLENGE = 'mutation ($address: String!) { siweChallenge(address: $address) { message } }'
const SIGN_IN = 'mutation ($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { token account { id } } }'

/** What the suite needs of a wallet (ethers Wallet or HDNodeWallet). */
export type TestWallet = Pick<Wallet, 'address' | 'signMessage' | 'signTypedData'>

/** A caller of the gateway: a bearer token or an API key secret. */
export type Credential = { bearer: string } | { apiKey: string } | undefined

/** A gateway client at `url`. */
export function client (url: () => string): (query: string, variables?: Record<string, unknown>, who?: Credential) => Promise<GraphQLReply> {
  return async (query, variables = {}, who) => {
    const headers: Record<string, string> = who === undefined ? {} : 'bearer' in who ? { authorization: `Bearer ${who.bearer}` } : { authorization: `ApiKey ${who.apiKey}` }
    return post(url(), { query, variables }, headers)
  }
}

type Gql = ReturnType<typeof client>

/** Signs in `wallet` with SIWE; returns its bearer credential and account id. */
export async function login (gql: Gql, wallet: TestWallet): Promise<{ bearer: string, accountId: string }> {
  const c = await gql(CHALLENGE, { address: wallet.address })
  const message = (c.body.data!.siweChallenge as { message: string }).message
  const r = await gql(SIGN_IN, { message, signature: await wallet.signMessage(message) })
  expect(r.body.errors).toBeUndefined()
  const s = r.body.data!.signIn as { token: string, account: { id: string } }
  return { bearer: s.token, accountId: s.account.id }
}

/** Runs `query` and returns its data, failing on any error. */
export async function ok<T> (gql: Gql, query: string, variables: Record<string, unknown>, who: Credential): Promise<T> {
  const r = await gql(query, variables, who)
  expect(r.body.errors).toBeUndefined()
  return r.body.data as T
}

/** The patient asks for the typed data of `provision`, signs it with their wallet and submits it: the grant id. */
export async function signedGrant (gql: Gql, patient: { wallet: TestWallet, who: Credential, id: string }, provision: Record<string, unknown>): Promise<string> {
  const d = await ok<{ grantToSign: { typedData: TypedDataRequest } }>(gql, 'query ($i: GrantInput!) { grantToSign(input: $i) { typedData } }', { i: { patientId: patient.id, provision } }, patient.who)
  const typedData = d.grantToSign.typedData
  const g = await ok<{ grantConsent: { id: string } }>(gql, 'mutation ($t: JSON!, $s: String!) { grantConsent(typedData: $t, signature: $s) { id } }',
    { t: typedData, s: await signTypedData(patient.wallet, typedData) }, patient.who)
  return g.grantConsent.id
}

/** The patient revokes a grant with a signed Revocation. */
export async function signedRevoke (gql: Gql, patient: { wallet: TestWallet, who: Credential }, grantId: string): Promise<void> {
  const d = await ok<{ revocationToSign: { typedData: TypedDataRequest } }>(gql, 'query ($g: ID!) { revocationToSign(grantId: $g) { typedData } }', { g: grantId }, patient.who)
  await ok(gql, 'mutation ($t: JSON!, $s: String!) { revokeGrant(typedData: $t, signature: $s) { id } }',
    { t: d.revocationToSign.typedData, s: await signTypedData(patient.wallet, d.revocationToSign.typedData) }, patient.who)
}
