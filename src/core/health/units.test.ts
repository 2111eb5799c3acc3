import { describe, expect, it } from 'vitest'
import { ucumCode, ucumUnit } from './units.ts'

describe('units as the API emits them', () => {
  it('turns the near-UCUM spellings of Synthea-derived data into UCUM codes, keeping the text for people', () => {
    expect(ucumUnit({ unit: 'mmHg', code: 'mmHg' })).toEqual({ code: 'mm[Hg]', display: 'mmHg' })
    expect(ucumUnit({ unit: 'beats/minute', code: 'beats/minute' })).toEqual({ code: '/min', display: 'beats/minute' })
    expect(ucumUnit({ unit: 'C', code: 'C' })).toEqual({ code: 'Cel', display: 'C' })
    expect(ucumUnit({ unit: 'tablet' })).toEqual({ code: '{tablet}', display: 'tablet' })
    expect(ucumUnit({ code: 'mm[Hg]' })).toEqual({ code: 'mm[Hg]', display: 'mmHg' })
    expect(ucumUnit({ unit: 'days', code: 'd' })).toEqual({ code: 'd', display: 'days' })
  })

  it('passes UCUM codes unchanged and answers nothing without a unit', () => {
    for (const c of ['mm[Hg]', 'kg/m2', '%', 'mg/dL', '/min', 'kg', 'cm', 'h', 'min/d', 'd/wk', '{score}', 'mmol/L', 'Cel']) expect(ucumCode(c)).toBe(c)
    expect(ucumUnit({})).toBeUndefined()
    expect(ucumUnit({ unit: ' ', code: 42 })).toBeUndefined()
  })
})
