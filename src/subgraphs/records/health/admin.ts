/**
 * Admin settings of the medication check: a hospital's price region and its region's standard prices. There
 * is no platform-admin role: the admins of a hospital set its region and update the table of that region only.
 */
import { validPrice } from '../../../core/health/medication/price-table.ts'
import { makeError } from '../../../core/errors.ts'
import { actorOf } from '../../context.ts'
import { signedIn } from '../access.ts'
import { dataOf } from '../data.ts'
import type { MutationResolvers, OrganizationResolvers, QueryResolvers } from '../resolvers-types.generated.ts'
import { assertAdmin } from './directory.ts'
import { DEFAULT_REGION, priceTable, regionOf } from './prices.ts'
import { healthStore } from './store.ts'

const REGION = /^[A-Za-z0-9-]{1,32}$/

/** Organization.region: the hospital's price region (DEFAULT until set); prices are not health data. */
export const OrganizationRegion: OrganizationResolvers = {
  __resolveReference: (ref) => ref,
  region: async (o, _a, ctx) => regionOf(ctx.services, o.id)
}

export const AdminQuery: Pick<QueryResolvers, 'standardPrices'> = {
  /** @throws MedledgerError UNAUTHENTICATED */
  standardPrices: async (_p, { region }, ctx) => {
    signedIn(ctx.viewer)
    return priceTable(ctx.services, region)
  }
}

export const AdminMutation: Pick<MutationResolvers, 'setHospitalRegion' | 'setStandardPrice'> = {
  /** @throws MedledgerError UNAUTHENTICATED; FORBIDDEN unless the caller administers the hospital; BAD_INPUT for a bad region */
  setHospitalRegion: async (_p, { organizationId, region }, ctx) => {
    assertAdmin(ctx.services, ctx.viewer, organizationId)
    if (!REGION.test(region)) throw makeError('region must be 1–32 letters, digits or -', 'BAD_INPUT')
    if (region === DEFAULT_REGION) throw makeError(`${DEFAULT_REGION} is the shared fallback table, not a region`, 'BAD_INPUT')
    await healthStore(ctx.services).setRegion(organizationId, region)
    return region
  },
  /**
   * Updates one drug's standard price in the region of a hospital the caller administers; a StandardPriceSet
   * ledger entry records who changed which price to what (prices are not health data).
   * @throws MedledgerError UNAUTHENTICATED; FORBIDDEN unless the caller administers the hospital, or with reason
   *   REGION_NOT_SET while the hospital is in the DEFAULT region; BAD_INPUT for a bad entry
   */
  setStandardPrice: async (_p, { input }, ctx) => {
    assertAdmin(ctx.services, ctx.viewer, input.organizationId)
    const region = await regionOf(ctx.services, input.organizationId)
    // DEFAULT is every hospital's fallback: one hospital's admin must not change other hospitals' checks (review fix)
    if (region === DEFAULT_REGION) {
      throw makeError('this hospital is in the shared DEFAULT price region, which no hospital may edit: set its own region with setHospitalRegion(organizationId, region) first', 'FORBIDDEN', { reason: 'REGION_NOT_SET' })
    }
    let price
    try {
      price = validPrice({ rxnorm: input.rxnorm, region, unitPrice: input.unitPrice, currency: input.currency })
    } catch (err) {
      throw makeError(err instanceof Error ? err.message : 'bad price', 'BAD_INPUT')
    }
    const actor = actorOf(ctx.viewer)
    const time = ctx.services.clock.now()
    await dataOf(ctx.services).ledger.append([{ type: 'StandardPriceSet', time, actor, ...price }])
    await healthStore(ctx.services).setPrice({ ...price, updatedBy: actor, updatedAt: time })
    return { ...price, source: actor }
  }
}
