/**
 * The contract every {@link FundingCampaigns} passes (SQLite and PostgreSQL adapters alike):
 * `fundingCampaignsContract('sqlite', make)` from a `*.int.test.ts` file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FundingCampaigns } from './funding-campaigns.ts'

/** A fresh, empty store; `reopen` opens a second handle on the same storage (another process's view). */
export type MakeFundingCampaigns = () => Promise<{ store: FundingCampaigns, reopen(): Promise<FundingCampaigns>, cleanup(): Promise<void> }>

const T = 1_700_000_000_000
const campaign = (id: string, openedAt = T) => ({ id, teamAccountId: 'team', title: `t ${id}`, plan: 'p', goal: 100, deadline: T + 86_400_000, qualifyingAmount: 10, openedAt })

/** Defines the FundingCampaigns contract tests for `name`; each test gets its own store from `make`. */
export function fundingCampaignsContract (name: string, make: MakeFundingCampaigns): void {
  describe(`FundingCampaigns contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeFundingCampaigns>>
    let store: FundingCampaigns
    beforeEach(async () => { made = await make(); store = made.store })
    afterEach(async () => { await made.cleanup() })

    it('opens campaigns and lists them newest first', async () => {
      expect(await store.get('c1')).toBeUndefined()
      expect(await store.insert(campaign('c1'))).toEqual({ ...campaign('c1'), status: 'OPEN', contractLedgerIndex: null, treatmentPlan: null })
      await store.insert(campaign('c2', T + 5))
      await store.insert(campaign('c0', T + 5))
      expect((await store.list()).map((c) => c.id)).toEqual(['c0', 'c2', 'c1'])
      await expect(store.insert(campaign('c1'))).rejects.toThrow()
    })

    it('settles an OPEN campaign once', async () => {
      await store.insert(campaign('c1'))
      await store.settle('c1', 'FUNDED', 42)
      await store.settle('c1', 'REFUNDED', null)
      expect(await store.get('c1')).toMatchObject({ status: 'FUNDED', contractLedgerIndex: 42 })
    })

    it('keeps the treatment plan and per-donor plans (the last one per donor)', async () => {
      await store.insert(campaign('c1'))
      await store.setTreatmentPlan('c1', { resourceType: 'CarePlan', id: 'all' })
      await store.setDonorPlan('c1', 'patient:a', { resourceType: 'CarePlan', id: 'a1' })
      await store.setDonorPlan('c1', 'patient:a', { resourceType: 'CarePlan', id: 'a2' })
      expect((await store.get('c1'))!.treatmentPlan).toEqual({ resourceType: 'CarePlan', id: 'all' })
      expect(await store.donorPlan('c1', 'patient:a')).toEqual({ resourceType: 'CarePlan', id: 'a2' })
      expect(await store.donorPlan('c1', 'patient:b')).toBeUndefined()
    })

    it('keeps the first signature per donation ref', async () => {
      await store.insert(campaign('c1'))
      const sig = { ref: 'donation:c1:a:n1', campaignId: 'c1', donor: 'patient:a', amount: 5, nonce: 'n1', signature: '0x01' }
      await store.addSignature(sig)
      await store.addSignature({ ...sig, signature: '0x02' })
      await store.addSignature({ ...sig, ref: 'donation:c2:a:n1', campaignId: 'c2' })
      expect(await store.signatures('c1')).toEqual(new Map([[sig.ref, sig]]))
    })

    it('is shared by a second handle, and admits one exclusive turn at a time', async () => {
      await store.insert(campaign('c1'))
      const second = await made.reopen()
      try {
        expect((await second.get('c1'))!.title).toBe('t c1')
        let inside = 0
        let most = 0
        const turn = async (s: FundingCampaigns, fail: boolean): Promise<void> => s.exclusive(async () => {
          inside++
          most = Math.max(most, inside)
          await new Promise((resolve) => setTimeout(resolve, 2))
          inside--
          if (fail) throw new RangeError('boom')
        })
        const all = await Promise.allSettled(Array.from({ length: 10 }, async (_, i) => turn(i % 2 === 0 ? store : second, i % 4 === 0)))
        expect(all.filter((r) => r.status === 'rejected')).toHaveLength(3)
        if (name === 'postgres') expect(most).toBe(1) // across handles only where the store is shared by processes
        await turn(store, false)
      } finally { second.close() }
    })
  })
}
