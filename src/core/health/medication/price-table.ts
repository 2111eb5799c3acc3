import type { StandardPrice } from './check.ts'

/**
 * Validates a standard price table (the shipped JSON, or an admin's update): an array of
 * `{ rxnorm, region, unitPrice, currency }`, RxNorm codes digits, ISO 4217 currencies, prices > 0, at most
 * one entry per (rxnorm, region).
 * @throws TypeError for a value that is not such an array; RangeError for a bad or duplicate entry
 */
export function parsePriceTable (value: unknown): StandardPrice[] {
  if (!Array.isArray(value)) throw new TypeError('a price table is an array')
  const seen = new Set<string>()
  return value.map((e, i) => {
    const v = validPrice(e, i)
    const key = `${v.rxnorm}\0${v.region}`
    if (seen.has(key)) throw new RangeError(`entry ${i}: duplicate drug and region`)
    seen.add(key)
    return v
  })
}

/**
 * One validated price entry.
 * @throws RangeError naming what is wrong
 */
export function validPrice (e: unknown, i = 0): StandardPrice {
  const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>
  if (typeof o.rxnorm !== 'string' || !/^\d{1,10}$/.test(o.rxnorm)) throw new RangeError(`entry ${i}: rxnorm must be an RxNorm code (digits)`)
  if (typeof o.region !== 'string' || !/^[A-Za-z0-9-]{1,32}$/.test(o.region)) throw new RangeError(`entry ${i}: region must be 1–32 letters, digits or -`)
  if (typeof o.unitPrice !== 'number' || !Number.isFinite(o.unitPrice) || o.unitPrice <= 0) throw new RangeError(`entry ${i}: unitPrice must be a positive number`)
  if (typeof o.currency !== 'string' || !/^[A-Z]{3}$/.test(o.currency)) throw new RangeError(`entry ${i}: currency must be an ISO 4217 code`)
  return { rxnorm: o.rxnorm, region: o.region, unitPrice: o.unitPrice, currency: o.currency }
}
