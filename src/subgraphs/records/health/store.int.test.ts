import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isError } from '../../../core/errors.ts'
import { HealthStore } from './store.ts'
import type { ReviewRow } from './store.ts'

const dirs: string[] = []
function file (): string {
  const dir = mkdtempSync(join(tmpdir(), 'medledger-health-store-'))
  dirs.push(dir)
  return join(dir, 'health.db')
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

const review = (over: Partial<ReviewRow> = {}): ReviewRow => ({ encounterId: 'e1', patientId: 'p1', practitionerId: 'd1', organizationId: 'o1', attitude: 4, outcome: 5, comment: null, time: 1000, entryIndex: 7, ...over })

describe('health store', () => {
  it('keeps one review per encounter, durably, and lists them by doctor and hospital', () => {
    const f = file()
    const s = new HealthStore(f)
    s.addReview(review())
    s.addReview(review({ encounterId: 'e2', organizationId: 'o2', time: 500 }))
    let err: unknown
    try { s.addReview(review({ attitude: 1 })) } catch (e) { err = e }
    expect(isError(err, 'CONFLICT')).toBe(true)
    s.close()
    const again = new HealthStore(f)
    expect(again.review('e1')).toEqual(review())
    expect(again.reviewsOf('d1').map((r) => r.encounterId)).toEqual(['e2', 'e1'])
    expect(again.reviewsOf('d1', 'o1').map((r) => r.encounterId)).toEqual(['e1'])
    expect(again.reviewsAt('o2').map((r) => r.encounterId)).toEqual(['e2'])
    again.close()
  })

  it('keeps regions and price updates per region', () => {
    const s = new HealthStore(file())
    expect(s.regionOf('o1')).toBeUndefined()
    s.setRegion('o1', 'US-MA')
    s.setRegion('o1', 'US-NY')
    expect(s.regionOf('o1')).toBe('US-NY')
    s.setPrice({ rxnorm: '308182', region: 'US-NY', unitPrice: 0.3, currency: 'USD', updatedBy: 'account:a', updatedAt: 1 })
    s.setPrice({ rxnorm: '308182', region: 'US-NY', unitPrice: 0.35, currency: 'USD', updatedBy: 'account:b', updatedAt: 2 })
    expect(s.pricesOf('US-NY')).toEqual([{ rxnorm: '308182', region: 'US-NY', unitPrice: 0.35, currency: 'USD', updatedBy: 'account:b', updatedAt: 2 }])
    expect(s.pricesOf('US-MA')).toEqual([])
    s.close()
  })
})
