/**
 * Medication checks of MedicationRequest records: each against the standard price table of its prescribing
 * hospital's region and against its own treatment course (pure check: src/core/health/medication).
 */
import { checkMedication, DEFAULT_PRICE_TOLERANCE, isAntibiotic, orderOf } from '../../../core/health/medication/index.ts'
import type { StandardPrice } from '../../../core/health/medication/index.ts'
import type { RecordRow } from '../../../ports/record-index.ts'
import type { SubgraphContext } from '../../context.ts'
import type { MedicationCheck } from '../resolvers-types.generated.ts'
import { recordBodies } from '../record-loaders.ts'
import { hospitalsOf } from './directory.ts'
import { priceLookup, regionOf, ANTIBIOTICS } from './prices.ts'

/** A check with the resource it read (monitoring groups by its encounter and requester). */
export interface CheckedRequest {
  check: MedicationCheck
  resource: Record<string, unknown>
  row: RecordRow
}

/**
 * Checks MedicationRequest rows the caller was allowed to read: decrypts them in one loader batch, finds each
 * one's hospital and region, and checks it. Rows that do not decrypt (shredded) are skipped.
 */
export async function checkRows (ctx: SubgraphContext, rows: readonly RecordRow[]): Promise<CheckedRequest[]> {
  const bodies = await recordBodies(ctx).loadMany(rows)
  const hospitals = await hospitalsOf(ctx.services, rows)
  // One region query per hospital and one price table per region, whatever the number of rows.
  const regions = new Map<string | undefined, string>()
  const lookups = new Map<string, (rxnorm: string | undefined) => StandardPrice | undefined>()
  for (const organizationId of new Set(rows.map((row) => hospitals.get(row.recordId)))) {
    const region = await regionOf(ctx.services, organizationId)
    regions.set(organizationId, region)
    if (!lookups.has(region)) lookups.set(region, await priceLookup(ctx.services, region))
  }
  const out: CheckedRequest[] = []
  rows.forEach((row, i) => {
    const resource = bodies[i]
    if (resource === undefined || resource instanceof Error) return
    const organizationId = hospitals.get(row.recordId)
    const region = regions.get(organizationId)!
    const lookup = lookups.get(region)!
    const order = orderOf(resource)
    const c = checkMedication(order, lookup(order.rxnorm))
    const requester = resource.requester as { reference?: unknown, display?: unknown } | undefined
    out.push({
      row,
      resource,
      check: {
        recordId: row.recordId,
        patientId: row.patientId,
        rxnorm: order.rxnorm ?? null,
        drug: order.display ?? null,
        authoredOn: order.authoredOn ?? null,
        organizationId: organizationId ?? null,
        region,
        prescriber: typeof requester?.display === 'string' ? requester.display : typeof requester?.reference === 'string' ? requester.reference : null,
        antibiotic: isAntibiotic(order, ANTIBIOTICS),
        price: { ...c.price, tolerance: DEFAULT_PRICE_TOLERANCE },
        quantity: c.quantity,
        flagged: c.flagged
      }
    })
  })
  return out
}
