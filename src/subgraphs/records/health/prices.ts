/**
 * The regional standard price table: the shipped data (data/standard-prices.json) overlaid with the updates
 * hospital admins made for their own region (health.db). There is no platform-admin role, so a table is
 * updated by the admins of a hospital in that region, each only for the region of a hospital they administer.
 */
import { readFileSync } from 'node:fs'
import { parsePriceTable } from '../../../core/health/medication/index.ts'
import type { StandardPrice } from '../../../core/health/medication/index.ts'
import type { Services } from '../../context.ts'
import { healthStore } from './store.ts'

/** The region of a hospital that has not set one, and the fallback for drugs a region does not list. */
export const DEFAULT_REGION = 'DEFAULT'

/** A price entry with where it came from: SHIPPED, or the admin account that set it. */
export interface PriceEntry extends StandardPrice { source: string }

const shipped: readonly StandardPrice[] = parsePriceTable(JSON.parse(readFileSync(new URL('./data/standard-prices.json', import.meta.url), 'utf8')))
const antibioticList = JSON.parse(readFileSync(new URL('./data/antibiotics.json', import.meta.url), 'utf8')) as { rxnorm: string[] }

/** RxNorm codes counted as antibiotics (data/antibiotics.json). */
export const ANTIBIOTICS: ReadonlySet<string> = new Set(antibioticList.rxnorm)

/** The price region of a hospital (DEFAULT until its admins set one). */
export async function regionOf (services: Services, organizationId: string | undefined): Promise<string> {
  return organizationId === undefined ? DEFAULT_REGION : await healthStore(services).regionOf(organizationId) ?? DEFAULT_REGION
}

/** The table of `region`: shipped entries, overridden by admins' updates, by RxNorm code. */
export async function priceTable (services: Services, region: string): Promise<PriceEntry[]> {
  const out = new Map<string, PriceEntry>()
  for (const p of shipped) if (p.region === region) out.set(p.rxnorm, { ...p, source: 'SHIPPED' })
  for (const p of await healthStore(services).pricesOf(region)) out.set(p.rxnorm, { rxnorm: p.rxnorm, region, unitPrice: p.unitPrice, currency: p.currency, source: p.updatedBy })
  return [...out.values()].sort((a, b) => a.rxnorm.localeCompare(b.rxnorm))
}

/** A lookup of standard prices for a region, falling back to DEFAULT for drugs it does not list. */
export async function priceLookup (services: Services, region: string): Promise<(rxnorm: string | undefined) => StandardPrice | undefined> {
  const [mine, shared] = await Promise.all([priceTable(services, region), priceTable(services, DEFAULT_REGION)])
  const own = new Map(mine.map((p) => [p.rxnorm, p]))
  const fallback = new Map(shared.map((p) => [p.rxnorm, p]))
  return (rxnorm) => rxnorm === undefined ? undefined : own.get(rxnorm) ?? fallback.get(rxnorm)
}
