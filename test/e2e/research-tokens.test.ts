// Acceptance of token accounts over HTTP through the gateway: a reward credited once per ref, the
// caller's own balance and history (patient, account, organization), an insurer's deposit, the supply, and
// the authorization negatives.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { identityStore } from '../../src/subgraphs/identity/store.ts'
import { tokenBank } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import { creditReward } from '../../src/subgraphs/research/economy/tokens/reward.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential } from './consent-helpers.ts'

const tmp = tempDir('medledger-tokens-')
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer
const gql = client(() => gw.url)
let patient: Credential
let patientId = ''
let insurer: Credential
let insurerAccount = ''
let admin: Credential
let org = ''

const MY = 'query ($o: ID, $n: Int, $a: String) { myTokens(organizationId: $o) { account balance history(first: $n, after: $a) { nodes { kind delta reason ref counterparty time } endCursor hasNextPage } } }'
type My = { myTokens: { account: string, balance: number, history: { nodes: Array<{ kind: string, delta: number, reason: string, ref: string }>, endCursor: string | null, hasNextPage: boolean } } }

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  patient = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  patientId = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, patient)).registerPatient.id
  const i = await login(gql, Wallet.createRandom())
  identityStore(services).grantRole(i.accountId, 'INSURER')
  insurer = { bearer: i.bearer }
  insurerAccount = i.accountId
  admin = { bearer: (await login(gql, Wallet.createRandom())).bearer }
  org = (await ok<{ registerOrganization: { id: string } }>(gql, 'mutation { registerOrganization(input: { name: "St Mary" }) { id } }', {}, admin)).registerOrganization.id
})
afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('token accounts', () => {
  it('credits a reward once per ref and shows it in the patient\'s own balance and history', async () => {
    expect((await ok<My>(gql, MY, {}, patient)).myTokens).toMatchObject({ account: `patient:${patientId}`, balance: 0 })
    for (let i = 0; i < 3; i++) expect((await creditReward(services, { account: `patient:${patientId}`, amount: 10, reason: 'research-share', ref: 'share:rec-1' })).credited).toBe(i === 0)
    await creditReward(services, { account: `patient:${patientId}`, amount: 5, reason: 'research-share', ref: 'share:rec-2' })
    const mine = (await ok<My>(gql, MY, { n: 1 }, patient)).myTokens
    expect(mine.balance).toBe(15)
    expect(mine.history.nodes).toEqual([expect.objectContaining({ kind: 'MINT', delta: 5, reason: 'research-share', ref: 'share:rec-2' })])
    expect(mine.history.hasNextPage).toBe(true)
    const next = (await ok<My>(gql, MY, { n: 5, a: mine.history.endCursor }, patient)).myTokens.history
    expect(next.nodes.map((n) => n.ref)).toEqual(['share:rec-1'])
    expect(next.hasNextPage).toBe(false)
  })

  it('lets an insurer deposit into its own account, once per ref', async () => {
    const DEPOSIT = 'mutation ($n: Int!, $r: String!) { depositTokens(amount: $n, ref: $r) { account balance } }'
    expect((await ok<{ depositTokens: { account: string, balance: number } }>(gql, DEPOSIT, { n: 500, r: 'wire-1' }, insurer)).depositTokens).toEqual({ account: `account:${insurerAccount}`, balance: 500 })
    // the same ref again mints nothing, and says so
    expect(reasons(await gql(DEPOSIT, { n: 500, r: 'wire-1' }, insurer))).toEqual(['CONFLICT/REPLAYED'])
    expect((await ok<My>(gql, MY, {}, insurer)).myTokens.balance).toBe(500)
    expect(codes(await gql(DEPOSIT, { n: 500, r: 'wire-2' }, patient))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(DEPOSIT, { n: 0, r: 'wire-3' }, insurer))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(DEPOSIT, { n: 1.5, r: 'wire-3' }, insurer))).toEqual(['BAD_USER_INPUT'])
  })

  it('shows an organization\'s account to its admin only', async () => {
    expect((await ok<My>(gql, MY, { o: org }, admin)).myTokens).toMatchObject({ account: `org:${org}`, balance: 0 })
    expect((await ok<My>(gql, MY, {}, admin)).myTokens.account).toMatch(/^account:/)
    expect(codes(await gql(MY, { o: org }, patient))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(MY, { o: org }, insurer))).toEqual(['FORBIDDEN'])
  })

  it('refuses anonymous callers', async () => {
    expect(codes(await gql(MY, {}))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql('{ tokenSupply { minted } }', {}))).toEqual(['UNAUTHENTICATED'])
  })

  it('reports a supply equal to the sum of balances', async () => {
    const s = (await ok<{ tokenSupply: { minted: number, burned: number, circulating: number } }>(gql, '{ tokenSupply { minted burned circulating } }', {}, patient)).tokenSupply
    expect(s).toEqual({ minted: 515, burned: 0, circulating: 515 })
    const sum = [...(await (await tokenBank(services)).balances()).values()].reduce((a, b) => a + b, 0)
    expect(sum).toBe(s.circulating)
  })
})
