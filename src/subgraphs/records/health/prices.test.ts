import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fixtureResources } from '../../../../test/support/fixture-resources.ts'
import { checkMedication, orderOf, parsePriceTable, UNIT_PRICE_URL } from '../../../core/health/medication/index.ts'
import { DEFAULT_REGION } from './prices.ts'

const shipped = parsePriceTable(JSON.parse(readFileSync(new URL('./data/standard-prices.json', import.meta.url), 'utf8')))

describe('the shipped standard price table', () => {
  it('has a DEFAULT price for every drug the fixture patients are prescribed, so no check is UNKNOWN for want of one', () => {
    const requests = fixtureResources().filter((r) => r.resourceType === 'MedicationRequest')
    const codes = new Set(requests.map((r) => orderOf(r).rxnorm).filter((c): c is string => c !== undefined))
    expect(codes.has('314076')).toBe(true) // the demo patient's lisinopril
    const priced = new Map(shipped.filter((p) => p.region === DEFAULT_REGION).map((p) => [p.rxnorm, p]))
    expect([...codes].filter((c) => !priced.has(c))).toEqual([])
    // with a charged unit price every one of them gets a price verdict
    for (const r of requests) {
      const order = orderOf({ ...r, extension: [{ url: UNIT_PRICE_URL, valueMoney: { value: 0.01, currency: 'USD' } }] })
      expect(checkMedication(order, priced.get(order.rxnorm!)).price.status, order.rxnorm).toBe('OK')
    }
  })
})
