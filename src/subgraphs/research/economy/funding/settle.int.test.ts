import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness } from '../../../records/test-kit.ts'
import type { Harness } from '../../../records/test-kit.ts'
import { moveTokens, moveTokensWith, tokenBank } from '../tokens/bank.ts'
import { creditReward } from '../tokens/reward.ts'
import { donationsOf, escrowOf, fundingStore, settleCampaign } from './settle.ts'

let h: Harness
const clock = { t: 1_800_000_000_000 }

beforeAll(async () => {
  h = await openHarness()
  ;(h.services as { clock: { now(): number } }).clock = { now: () => clock.t }
})
afterAll(async () => { await h.close() })

async function campaignWith (id: string, goal: number, gifts: Array<[string, number]>): Promise<void> {
  await fundingStore(h.services).insert({ id, teamAccountId: 'team', title: 't', plan: 'p', goal, deadline: clock.t + 1000, qualifyingAmount: 1, openedAt: clock.t })
  for (const [i, [donor, amount]] of gifts.entries()) {
    await creditReward(h.services, { account: donor, amount, reason: 'research-share', ref: `seed:${id}:${i}` })
    await moveTokensWith(h.services, [{ type: 'TokensTransferred', from: donor, to: escrowOf(id), amount, reason: 'donation', ref: `donation:${id}:n${i}`, actor: 'account:x' }])
  }
}

describe('campaign settlement', () => {
  it('after a crash between the refunds and the status update, settling again refunds nobody twice', async () => {
    await campaignWith('c-crash', 100, [['patient:a', 7], ['patient:b', 11], ['patient:a', 3]])
    clock.t += 1000
    // The "crashed" run: the refunds reached the ledger, the status did not.
    const refunds = (await donationsOf(h.services, 'c-crash')).map((d) => ({ type: 'TokensTransferred' as const, from: escrowOf('c-crash'), to: d.donor, amount: d.amount, reason: 'refund', ref: `refund:${d.ref}`, actor: 'system:escrow' }))
    await moveTokens(h.services, refunds.slice(0, 2))
    expect((await fundingStore(h.services).get('c-crash'))!.status).toBe('OPEN')
    const settled = await settleCampaign(h.services, (await fundingStore(h.services).get('c-crash'))!)
    expect(settled.status).toBe('REFUNDED')
    const cache = await tokenBank(h.services)
    expect([await cache.balance('patient:a'), await cache.balance('patient:b'), await cache.balance(escrowOf('c-crash'))]).toEqual([10, 11, 0])
    expect((await cache.allMoves(escrowOf('c-crash'))).filter((m) => m.reason === 'refund')).toHaveLength(3)
  })

  it('after a crash between the release and the status update, the contract is found and not anchored twice', async () => {
    clock.t += 10_000
    await campaignWith('c-ok', 10, [['patient:c', 6], ['patient:d', 6]])
    clock.t += 1000
    const first = await settleCampaign(h.services, (await fundingStore(h.services).get('c-ok'))!)
    const index = first.contractLedgerIndex
    expect(index).not.toBeNull()
    // Pretend the status update was lost, then settle again.
    const again = await settleCampaign(h.services, { ...first, status: 'OPEN' })
    expect(again.contractLedgerIndex).toBe(index)
    expect([...h.services.ledger.entries()].filter(({ entry }) => entry.type === 'FundingContractAnchored')).toHaveLength(1)
    expect(await (await tokenBank(h.services)).balance('account:team')).toBe(12)
  })
})
