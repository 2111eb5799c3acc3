/**
 * The contract every {@link HealthStore} passes (SQLite and PostgreSQL adapters alike):
 * `healthStoreContract('sqlite', make)` from a `*.int.test.ts` file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HealthStore, ReviewRow } from './health-store.ts'

/** A fresh, empty store; `reopen` gives a new handle on the same state (after a restart, or another process). */
export type MakeHealthStore = () => Promise<{ store: HealthStore, reopen(): Promise<HealthStore>, cleanup(): Promise<void> }>

const review = (over: Partial<ReviewRow> = {}): ReviewRow => ({ encounterId: 'e1', patientId: 'p1', practitionerId: 'd1', organizationId: 'o1', attitude: 4, outcome: 5, comment: null, time: 1000, entryIndex: 7, ...over })

/** Defines the HealthStore contract tests for `name`; each test gets its own store from `make`. */
export function healthStoreContract (name: string, make: MakeHealthStore): void {
  describe(`HealthStore contract: ${name}`, () => {
    let made: Awaited<ReturnType<MakeHealthStore>>
    let store: HealthStore
    beforeEach(async () => { made = await make(); store = made.store })
    afterEach(async () => { await made.cleanup() })

    it('keeps one review per encounter, durably, and lists them by doctor and hospital', async () => {
      await store.addReview(review())
      await store.addReview(review({ encounterId: 'e2', organizationId: 'o2', time: 500, comment: 'kind' }))
      await store.addReview(review({ encounterId: 'e0', practitionerId: 'd2', time: 500 }))
      await expect(store.addReview(review({ attitude: 1 }))).rejects.toMatchObject({ code: 'CONFLICT', info: { reason: 'ALREADY_DONE' } })
      const again = await made.reopen()
      expect(await again.review('e1')).toEqual(review())
      expect(await again.review('e9')).toBeUndefined()
      expect((await again.reviewsOf('d1')).map((r) => r.encounterId)).toEqual(['e2', 'e1'])
      expect((await again.reviewsOf('d1', 'o1')).map((r) => r.encounterId)).toEqual(['e1'])
      expect((await again.reviewsAt('o1')).map((r) => r.encounterId)).toEqual(['e0', 'e1'])
      expect((await again.reviewsAt('o2'))[0]).toEqual(review({ encounterId: 'e2', organizationId: 'o2', time: 500, comment: 'kind' }))
    })

    it('stores one review when two handles race for one encounter', async () => {
      const other = await made.reopen()
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : other).addReview(review({ attitude: 1 + (i % 5) }))))
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      expect(await store.reviewsOf('d1')).toHaveLength(1)
    })

    it('keeps regions and price updates per region', async () => {
      expect(await store.regionOf('o1')).toBeUndefined()
      await store.setRegion('o1', 'US-MA')
      await store.setRegion('o1', 'US-NY')
      expect(await store.regionOf('o1')).toBe('US-NY')
      await store.setPrice({ rxnorm: '308182', region: 'US-NY', unitPrice: 0.3, currency: 'USD', updatedBy: 'account:a', updatedAt: 1 })
      await store.setPrice({ rxnorm: '308182', region: 'US-NY', unitPrice: 0.35, currency: 'USD', updatedBy: 'account:b', updatedAt: 2 })
      await store.setPrice({ rxnorm: '1049221', region: 'US-NY', unitPrice: 1.25, currency: 'EUR', updatedBy: 'account:a', updatedAt: 3 })
      expect(await store.pricesOf('US-NY')).toEqual([
        { rxnorm: '1049221', region: 'US-NY', unitPrice: 1.25, currency: 'EUR', updatedBy: 'account:a', updatedAt: 3 },
        { rxnorm: '308182', region: 'US-NY', unitPrice: 0.35, currency: 'USD', updatedBy: 'account:b', updatedAt: 2 }
      ])
      expect(await store.pricesOf('US-MA')).toEqual([])
    })
  })
}
