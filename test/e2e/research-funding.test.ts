// Acceptance of crowdfunding over HTTP through the gateway, with an injected clock: a RESEARCHER
// opens campaigns; donors sign EIP-712 donations that move tokens into the campaign's escrow; a campaign
// that misses its goal refunds every donor exactly (lazily on read after the deadline, idempotently); one
// that meets it anchors a funding contract with the donors' signatures, releases escrow to the team, and the
// team's CarePlan reaches qualifying donors only. Tokens are conserved throughout.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TypedDataRequest } from '../../src/core/consent/index.ts'
import { signTypedData } from '../../src/subgraphs/consent/test-kit.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import type { RunningServer } from '../../src/gateway/listen.ts'
import { identityStore } from '../../src/subgraphs/identity/store.ts'
import { tokenBank } from '../../src/subgraphs/research/economy/tokens/bank.ts'
import { creditReward } from '../../src/subgraphs/research/economy/tokens/reward.ts'
import { openServices } from '../../src/subgraphs/services.ts'
import { codes, reasons } from '../gateway/helpers.ts'
import { tempDir } from '../support/data.ts'
import { client, login, ok } from './consent-helpers.ts'
import type { Credential, TestWallet } from './consent-helpers.ts'

const DAY = 86_400_000
const tmp = tempDir('medledger-funding-')
const clock = { t: Date.parse('2026-11-28T12:00:00Z'), now () { return this.t } }
let services: Awaited<ReturnType<typeof openServices>>
let gw: RunningServer
const gql = client(() => gw.url)

interface Donor { wallet: TestWallet, who: Credential, account: string }
const donors: Donor[] = []
let team: Credential
let teamAccount = ''
let outsider: Credential
const teamWallet = Wallet.createRandom()
const outsiderWallet = Wallet.createRandom()

/** Moves the clock on; bearer tokens expire with it, so everyone signs in again. */
async function advance (ms: number): Promise<void> {
  clock.t += ms
  for (const d of donors) d.who = { bearer: (await login(gql, d.wallet)).bearer }
  team = { bearer: (await login(gql, teamWallet)).bearer }
  outsider = { bearer: (await login(gql, outsiderWallet)).bearer }
}

const CAMPAIGN = 'id status goal raised escrow team myDonation contractLedgerIndex treatmentPlan'
type Campaign = { id: string, status: string, raised: number, escrow: string, team: string, myDonation: number, contractLedgerIndex: number | null, treatmentPlan: unknown }

async function open (goal: number, days: number, qualifyingAmount = 20): Promise<string> {
  return (await ok<{ openFundingCampaign: { id: string } }>(gql, 'mutation ($g: Int!, $d: DateTime!, $q: Int!) { openFundingCampaign(title: "TB relapse study", plan: "Compare 4- and 6-month regimens", goal: $g, deadline: $d, qualifyingAmount: $q) { id } }',
    { g: goal, d: new Date(clock.t + days * DAY).toISOString(), q: qualifyingAmount }, team)).openFundingCampaign.id
}

async function signed (donor: Donor, campaignId: string, amount: number, signer: TestWallet = donor.wallet): Promise<{ t: TypedDataRequest, s: string }> {
  const d = await ok<{ donationToSign: { typedData: TypedDataRequest } }>(gql, 'query ($c: ID!, $n: Int!) { donationToSign(campaignId: $c, amount: $n) { typedData } }', { c: campaignId, n: amount }, donor.who)
  return { t: d.donationToSign.typedData, s: await signTypedData(signer, d.donationToSign.typedData) }
}

const DONATE = `mutation ($t: JSON!, $s: String!) { donate(typedData: $t, signature: $s) { ${CAMPAIGN} } }`
async function donate (donor: Donor, campaignId: string, amount: number): Promise<Campaign> {
  return (await ok<{ donate: Campaign }>(gql, DONATE, await signed(donor, campaignId, amount), donor.who)).donate
}

async function campaign (id: string, who: Credential): Promise<Campaign> {
  return (await ok<{ fundingCampaign: Campaign }>(gql, `query ($id: ID!) { fundingCampaign(id: $id) { ${CAMPAIGN} } }`, { id }, who)).fundingCampaign
}

const balance = async (account: string): Promise<number> => (await tokenBank(services)).balance(account)

async function conserved (): Promise<void> {
  const cache = await tokenBank(services)
  const { minted, burned } = await cache.totals()
  expect([...(await cache.balances()).values()].reduce((a, b) => a + b, 0)).toBe(minted - burned)
}

beforeAll(async () => {
  services = await openServices({ dataDir: tmp.dir, ownsData: true, clock, sealIntervalMs: 50, fsync: false })
  gw = await createGateway({ services, port: 0 })
  for (let i = 0; i < 3; i++) {
    const wallet = Wallet.createRandom()
    const who = { bearer: (await login(gql, wallet)).bearer }
    const id = (await ok<{ registerPatient: { id: string } }>(gql, 'mutation { registerPatient { id } }', {}, who)).registerPatient.id
    donors.push({ wallet, who, account: `patient:${id}` })
    await creditReward(services, { account: `patient:${id}`, amount: 100, reason: 'research-share', ref: `share:seed-${i}` })
  }
  const t = await login(gql, teamWallet)
  identityStore(services).grantRole(t.accountId, 'RESEARCHER')
  team = { bearer: t.bearer }
  teamAccount = `account:${t.accountId}`
  outsider = { bearer: (await login(gql, outsiderWallet)).bearer }
})
afterAll(async () => {
  await gw?.stop()
  await services?.close()
  tmp.cleanup()
})

describe('crowdfunding', () => {
  it('lets only a RESEARCHER open a campaign, with a future deadline and positive amounts', async () => {
    const OPEN = 'mutation ($d: DateTime!, $g: Int!) { openFundingCampaign(title: "x", plan: "y", goal: $g, deadline: $d, qualifyingAmount: 1) { id } }'
    const later = new Date(clock.t + DAY).toISOString()
    expect(codes(await gql(OPEN, { d: later, g: 10 }, donors[0]!.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(OPEN, { d: later, g: 10 }))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql(OPEN, { d: new Date(clock.t - 1).toISOString(), g: 10 }, team))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await gql(OPEN, { d: later, g: 0 }, team))).toEqual(['BAD_USER_INPUT'])
  })

  it('refunds every donor exactly when the goal is missed by the deadline', async () => {
    const id = await open(1000, 7)
    const before = await Promise.all(donors.map(async (d) => balance(d.account)))
    await donate(donors[0]!, id, 30)
    await donate(donors[1]!, id, 15)
    const c = await donate(donors[0]!, id, 12)
    expect(c).toMatchObject({ status: 'OPEN', raised: 57, myDonation: 42, escrow: `escrow:${id}` })
    expect(await balance(`escrow:${id}`)).toBe(57)
    expect(await Promise.all(donors.map(async (d) => balance(d.account)))).toEqual([before[0]! - 42, before[1]! - 15, before[2]])
    // The team holds no key to escrow: nothing reaches it before settlement.
    expect(await balance(teamAccount)).toBe(0)
    // before the deadline nothing settles, and the caller is told why: the team below its goal, anyone else not due
    expect(reasons(await gql('mutation ($id: ID!) { settleFundingCampaign(id: $id) { status } }', { id }, team))).toEqual(['CONFLICT/GOAL_NOT_MET'])
    expect(reasons(await gql('mutation ($id: ID!) { settleFundingCampaign(id: $id) { status } }', { id }, outsider))).toEqual(['CONFLICT/NOT_DUE'])
    expect((await campaign(id, donors[1]!.who)).status).toBe('OPEN')

    await advance(7 * DAY)
    expect(codes(await gql(DONATE, await signedAfter(donors[2]!, id), donors[2]!.who))).toEqual(['CONFLICT'])
    expect((await campaign(id, donors[1]!.who)).status).toBe('REFUNDED')
    expect(await Promise.all(donors.map(async (d) => balance(d.account)))).toEqual(before)
    expect(await balance(`escrow:${id}`)).toBe(0)
    const refunds = [...services.ledger.entries()].map(({ entry }) => entry as Record<string, unknown>).filter((e) => e.reason === 'refund' && e.from === `escrow:${id}`)
    expect(refunds.map((e) => [e.to, e.amount])).toEqual([[donors[0]!.account, 30], [donors[1]!.account, 15], [donors[0]!.account, 12]])
    // Settling again, on demand or on read, moves nothing; on demand it says so.
    const size = services.ledger.size()
    expect(reasons(await gql('mutation ($id: ID!) { settleFundingCampaign(id: $id) { status } }', { id }, outsider))).toEqual(['CONFLICT/ALREADY_DONE'])
    await campaign(id, donors[0]!.who)
    expect(services.ledger.size()).toBe(size)
    await conserved()
  })

  it('anchors a funding contract, releases escrow to the team and shows the plan to qualifying donors only', async () => {
    const id = await open(50, 5, 20)
    const teamBefore = await balance(teamAccount)
    await donate(donors[0]!, id, 30)
    await donate(donors[1]!, id, 10)
    const last = await signed(donors[2]!, id, 20)
    await ok(gql, DONATE, last, donors[2]!.who)
    // A replayed signature gives nothing twice, and says so.
    const replayed = await gql(DONATE, last, donors[2]!.who)
    expect(reasons(replayed)).toEqual(['CONFLICT/REPLAYED'])
    expect(replayed.body.data?.donate ?? null).toBeNull()
    expect((await campaign(id, donors[2]!.who)).raised).toBe(60)

    const DONATIONS = 'query ($id: ID!) { fundingCampaign(id: $id) { donations { donor amount } } }'
    expect(codes(await gql(DONATIONS, { id }, donors[0]!.who))).toEqual(['FORBIDDEN'])
    expect((await ok<{ fundingCampaign: { donations: unknown[] } }>(gql, DONATIONS, { id }, team)).fundingCampaign.donations).toHaveLength(3)

    await advance(5 * DAY)
    const settled = (await ok<{ settleFundingCampaign: Campaign }>(gql, `mutation ($id: ID!) { settleFundingCampaign(id: $id) { ${CAMPAIGN} } }`, { id }, outsider)).settleFundingCampaign
    expect(settled).toMatchObject({ status: 'FUNDED', raised: 60, team: teamAccount })
    expect(await balance(teamAccount)).toBe(teamBefore + 60)
    expect(await balance(`escrow:${id}`)).toBe(0)
    const contract = services.ledger.entry(settled.contractLedgerIndex!) as unknown as { type: string, campaignId: string, raised: number, donations: Array<{ donor: string, amount: number, signature: string }> }
    expect(contract).toMatchObject({ type: 'FundingContractAnchored', campaignId: id, raised: 60 })
    expect(contract.donations.map((d) => [d.donor, d.amount])).toEqual([[donors[0]!.account, 30], [donors[1]!.account, 10], [donors[2]!.account, 20]])
    expect(contract.donations.every((d) => /^0x[0-9a-f]{130}$/.test(d.signature))).toBe(true)

    const carePlan = { resourceType: 'CarePlan', status: 'active', intent: 'plan', title: '6-month regimen with adherence support' }
    const DELIVER = 'mutation ($c: ID!, $p: JSON!) { deliverTreatmentPlan(campaignId: $c, carePlan: $p) { id } }'
    expect(codes(await gql(DELIVER, { c: id, p: carePlan }, donors[0]!.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(DELIVER, { c: id, p: { resourceType: 'Patient' } }, team))).toEqual(['BAD_USER_INPUT'])
    await ok(gql, DELIVER, { c: id, p: carePlan }, team)
    expect((await campaign(id, donors[0]!.who)).treatmentPlan).toEqual(carePlan)
    expect((await campaign(id, donors[1]!.who)).treatmentPlan).toBeNull()
    expect((await campaign(id, outsider)).treatmentPlan).toBeNull()
    expect((await campaign(id, team)).treatmentPlan).toEqual(carePlan)
    // A plan customized for one qualifying donor reaches that donor alone.
    const custom = { ...carePlan, title: 'regimen adjusted for the donor', subject: { reference: `Patient/${donors[2]!.account.slice('patient:'.length)}` } }
    const DELIVER_TO = 'mutation ($c: ID!, $p: JSON!, $d: String) { deliverTreatmentPlan(campaignId: $c, carePlan: $p, donor: $d) { id } }'
    expect(codes(await gql(DELIVER_TO, { c: id, p: custom, d: donors[1]!.account }, team))).toEqual(['BAD_USER_INPUT'])
    await ok(gql, DELIVER_TO, { c: id, p: custom, d: donors[2]!.account }, team)
    expect((await campaign(id, donors[2]!.who)).treatmentPlan).toEqual(custom)
    expect((await campaign(id, donors[0]!.who)).treatmentPlan).toEqual(carePlan)
    await conserved()
  })

  it('leads from contractLedgerIndex to the entry, for the team and auditors, PENDING until sealed', async () => {
    const id = await open(20, 1, 20)
    await donate(donors[1]!, id, 20)
    await advance(DAY)
    const settled = (await ok<{ settleFundingCampaign: Campaign }>(gql, `mutation ($id: ID!) { settleFundingCampaign(id: $id) { ${CAMPAIGN} } }`, { id }, team)).settleFundingCampaign
    const index = settled.contractLedgerIndex!
    const CONTRACT = 'query ($id: ID!) { fundingCampaign(id: $id) { contract { index type status leafHash block { height treeSize root } inclusionProof entry } } }'
    type Entry = { index: number, type: string, status: string, leafHash: string | null, block: { height: number, treeSize: number, root: string } | null, inclusionProof: string[] | null, entry: Record<string, unknown> }
    const before = (await ok<{ fundingCampaign: { contract: Entry } }>(gql, CONTRACT, { id }, team)).fundingCampaign.contract
    expect(before).toMatchObject({ index, type: 'FundingContractAnchored', entry: { campaignId: id, raised: 20, team: teamAccount } })
    // a pointer says whether its entry is sealed: PENDING has no proof yet
    if (before.status === 'PENDING') expect([before.leafHash, before.block, before.inclusionProof]).toEqual([null, null, null])
    await services.data!.ledger.seal()
    const after = (await ok<{ fundingCampaign: { contract: Entry } }>(gql, CONTRACT, { id }, team)).fundingCampaign.contract
    expect(after.status).toBe('SEALED')
    const { fromHex, verifyInclusion } = await import('../../src/core/merkle/index.ts')
    expect(verifyInclusion(fromHex(after.leafHash!), index, after.block!.treeSize, after.inclusionProof!.map(fromHex), fromHex(after.block!.root))).toBe(true)
    // a donor and an outsider get null (no error) through the pointer, FORBIDDEN asking by index
    for (const who of [donors[1]!.who, outsider]) {
      const r = await gql(CONTRACT, { id }, who)
      expect(r.body.errors).toBeUndefined()
      expect((r.body.data!.fundingCampaign as { contract: unknown }).contract).toBeNull()
    }
    const ENTRY = 'query ($i: Int!) { ledgerEntry(index: $i) { type status entry } }'
    expect(codes(await gql(ENTRY, { i: index }, donors[1]!.who))).toEqual(['FORBIDDEN'])
    expect(codes(await gql(ENTRY, { i: index }))).toEqual(['UNAUTHENTICATED'])
    expect(codes(await gql(ENTRY, { i: services.ledger.size() + 5 }, team))).toEqual(['NOT_FOUND'])
    // the donor reads the entry of their own signed donation; an auditor reads any entry
    const mine = [...services.ledger.entries()].find(({ entry }) => entry.type === 'DonationSigned' && (entry as Record<string, unknown>).campaignId === id)!.index
    expect((await ok<{ ledgerEntry: { entry: { donor: string } } }>(gql, ENTRY, { i: mine }, donors[1]!.who)).ledgerEntry.entry.donor).toBe(donors[1]!.account)
    expect(codes(await gql(ENTRY, { i: mine }, donors[0]!.who))).toEqual(['FORBIDDEN'])
    const auditorWallet = Wallet.createRandom()
    identityStore(services).grantRole((await login(gql, auditorWallet)).accountId, 'AUDITOR')
    const auditor = { bearer: (await login(gql, auditorWallet)).bearer }
    expect((await ok<{ ledgerEntry: { type: string, status: string } }>(gql, ENTRY, { i: index }, auditor)).ledgerEntry).toMatchObject({ type: 'FundingContractAnchored', status: 'SEALED' })
    await conserved()
  })

  it('refuses a donation signed by another wallet, naming another donor, or above the balance', async () => {
    const id = await open(10, 3)
    const d0 = donors[0]!
    expect(codes(await gql(DONATE, await signed(d0, id, 5, Wallet.createRandom()), d0.who))).toEqual(['FORBIDDEN'])
    const theirs = await signed(donors[1]!, id, 5)
    expect(codes(await gql(DONATE, theirs, d0.who))).toEqual(['FORBIDDEN'])
    const size = services.ledger.size()
    expect(codes(await gql(DONATE, await signed(d0, id, await balance(d0.account) + 1), d0.who))).toEqual(['CONFLICT'])
    expect(services.ledger.size()).toBe(size)
    expect(codes(await gql('query { donationToSign(campaignId: "nope", amount: 1) { digest } }', {}, d0.who))).toEqual(['NOT_FOUND'])
    expect(codes(await gql('query ($c: ID!) { donationToSign(campaignId: $c, amount: 1) { digest } }', { c: id }))).toEqual(['UNAUTHENTICATED'])
  })
})

/** Typed data for a closed campaign cannot be requested; build it by hand to try donating anyway. */
async function signedAfter (donor: Donor, campaignId: string): Promise<{ t: unknown, s: string }> {
  const { donationTypedData } = await import('../../src/core/tokens/index.ts')
  const t = donationTypedData({ campaign: campaignId, donor: donor.account, amount: 5, nonce: 'late', expiry: Math.floor(clock.t / 1000) + 600 })
  return { t, s: await signTypedData(donor.wallet, t as unknown as TypedDataRequest) }
}
