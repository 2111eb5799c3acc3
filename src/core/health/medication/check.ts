import type { MedicationOrder } from './order.ts'

/** A regional standard price: what one unit of a drug should cost in a region. */
export interface StandardPrice {
  rxnorm: string
  region: string
  unitPrice: number
  currency: string
}

/** OK, FLAGGED, or UNKNOWN when an input the check needs is missing (or prices are in other currencies). */
export type CheckStatus = 'OK' | 'FLAGGED' | 'UNKNOWN'

export interface MedicationCheck {
  price: { status: CheckStatus, charged: number | null, standard: number | null, currency: string | null, /** charged / standard − 1 */ excess: number | null }
  quantity: { status: CheckStatus, dispensed: number | null, /** dose × doses per day × days */ course: number | null }
  flagged: boolean
}

/** Default price tolerance: a unit price more than 20 % above the regional standard is flagged. */
export const DEFAULT_PRICE_TOLERANCE = 0.2

/**
 * Checks one prescription: its unit price against the regional standard (flagged above standard × (1 +
 * tolerance)) and the quantity dispensed against the treatment course, dose × frequency × duration (flagged
 * when more is dispensed than the course uses; a tiny epsilon absorbs floating-point rounding). Pure.
 * @throws RangeError for a negative or non-finite tolerance
 */
export function checkMedication (order: MedicationOrder, standard: StandardPrice | undefined, tolerance = DEFAULT_PRICE_TOLERANCE): MedicationCheck {
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new RangeError('tolerance must be a finite number ≥ 0')
  const price = priceCheck(order, standard, tolerance)
  const quantity = quantityCheck(order)
  return { price, quantity, flagged: price.status === 'FLAGGED' || quantity.status === 'FLAGGED' }
}

function priceCheck (order: MedicationOrder, standard: StandardPrice | undefined, tolerance: number): MedicationCheck['price'] {
  const charged = order.unitPrice
  if (charged === undefined || standard === undefined || charged.currency !== standard.currency || standard.unitPrice <= 0) {
    return { status: 'UNKNOWN', charged: charged?.value ?? null, standard: standard?.unitPrice ?? null, currency: charged?.currency ?? standard?.currency ?? null, excess: null }
  }
  const excess = charged.value / standard.unitPrice - 1
  const status = charged.value > standard.unitPrice * (1 + tolerance) + 1e-9 ? 'FLAGGED' : 'OK'
  return { status, charged: charged.value, standard: standard.unitPrice, currency: standard.currency, excess: Math.round(excess * 10_000) / 10_000 }
}

function quantityCheck (order: MedicationOrder): MedicationCheck['quantity'] {
  const { dose, dosesPerDay, durationDays, quantity } = order
  if (dose === undefined || dosesPerDay === undefined || durationDays === undefined || quantity === undefined) {
    return { status: 'UNKNOWN', dispensed: quantity ?? null, course: null }
  }
  const course = dose * dosesPerDay * durationDays
  return { status: quantity > course + 1e-9 ? 'FLAGGED' : 'OK', dispensed: quantity, course: Math.round(course * 1000) / 1000 }
}

/** True for an antibiotic: ATC J01 (antibacterials for systemic use) or an RxNorm code in `antibiotics`. */
export function isAntibiotic (order: MedicationOrder, antibiotics: ReadonlySet<string>): boolean {
  return order.atc.some((c) => c.startsWith('J01')) || (order.rxnorm !== undefined && antibiotics.has(order.rxnorm))
}
