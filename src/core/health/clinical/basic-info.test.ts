import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isError } from '../../errors.ts'
import { syntheaClinicalPatient } from '../../../../test/support/synthea-clinical.ts'
import { applyBasicInfo, BASIC_INFO_FIELDS, BASIC_INFO_POLICY, basicInfoOf, visibleFields } from './basic-info.ts'

const TODAY = '2026-11-28'
const code = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (err) {
    return isError(err, 'BAD_INPUT') ? 'BAD_INPUT' : String(err)
  }
  return undefined
}

describe('basicInfoOf a Synthea Patient', () => {
  it('reads identifiers, official name, sex, birth date, ethnicity (US Core), native place (birthPlace) and home address', () => {
    const info = basicInfoOf(syntheaClinicalPatient().find((r) => r.resourceType === 'Patient')!)
    expect(info.identifiers.map((i) => i.type)).toContain('Social Security Number')
    expect(info.name?.family).toBeTypeOf('string')
    expect(info.name?.given.length).toBeGreaterThan(0)
    expect(['male', 'female']).toContain(info.sex)
    expect(info.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(info.ethnicity?.code).toMatch(/^2\d{3}-\d$/)
    expect(info.ethnicity?.display).toMatch(/Hispanic/)
    expect(info.nativePlace?.city).toBeTypeOf('string')
    expect(info.address?.line.length).toBeGreaterThan(0)
  })
})

describe('applyBasicInfo', () => {
  it('creates a Patient resource the reader reads back', () => {
    const r = applyBasicInfo(undefined, {
      identifiers: [{ system: 'urn:oid:2.16.156', value: '110101199001011234', type: 'Resident identity card' }],
      name: { family: '王', given: ['芳'], text: '王芳' }, sex: 'female', birthDate: '1990-01-01', ethnicity: 'Han',
      nativePlace: { city: 'Hangzhou', state: 'Zhejiang', country: 'CN' }, address: { line: ['1 Road'], city: 'Beijing', country: 'CN' }
    }, 'patient-1', TODAY)
    expect(r).toMatchObject({ resourceType: 'Patient', id: 'patient-1', gender: 'female', birthDate: '1990-01-01' })
    expect(basicInfoOf(r)).toEqual({
      identifiers: [{ system: 'urn:oid:2.16.156', value: '110101199001011234', type: 'Resident identity card' }],
      name: { family: '王', given: ['芳'], text: '王芳' }, sex: 'female', birthDate: '1990-01-01', ethnicity: { display: 'Han' },
      nativePlace: { line: [], city: 'Hangzhou', state: 'Zhejiang', country: 'CN' }, address: { line: ['1 Road'], city: 'Beijing', country: 'CN' }
    })
  })

  it('keeps what the input leaves out, removes what it sets to null, and keeps unrelated fields (telecom, a coded ethnicity)', () => {
    const synthea = syntheaClinicalPatient().find((r) => r.resourceType === 'Patient')!
    const before = basicInfoOf(synthea)
    const next = applyBasicInfo(synthea, { birthDate: '1921-01-01', address: null }, 'patient-1', TODAY)
    const after = basicInfoOf(next)
    expect(after).toMatchObject({ birthDate: '1921-01-01', name: before.name, ethnicity: before.ethnicity, nativePlace: before.nativePlace, identifiers: before.identifiers })
    expect(after.address).toBeUndefined()
    expect(next.telecom).toEqual(synthea.telecom)
    expect(applyBasicInfo(next, { ethnicity: null, nativePlace: null }, 'patient-1', TODAY).extension).toEqual((synthea.extension as Array<{ url: string }>).filter((e) => !/ethnicity|birthPlace/.test(e.url)))
  })

  it('refuses bad values with BAD_INPUT', () => {
    const bad = [
      { sex: 'M' }, { birthDate: '1990-13-01' }, { birthDate: '01/02/1990' }, { birthDate: '2099-01-01' }, { identifiers: [{ value: '  ' }] },
      { name: { family: 'x'.repeat(201) } }, { address: {} }
    ]
    for (const input of bad) expect(code(() => applyBasicInfo(undefined, input, 'p', TODAY)), JSON.stringify(input)).toBe('BAD_INPUT')
  })

  it('bounds every list field (review fix: identifiers, given names and address lines were unbounded)', () => {
    const many = Array.from({ length: 11 }, (_, i) => `x${i}`)
    for (const input of [{ identifiers: many.map((value) => ({ value })) }, { name: { given: many } }, { address: { line: many } }, { nativePlace: { line: many } }]) {
      expect(code(() => applyBasicInfo(undefined, input, 'p', TODAY)), Object.keys(input)[0]).toBe('BAD_INPUT')
    }
    expect(basicInfoOf(applyBasicInfo(undefined, { name: { given: many.slice(0, 10) } }, 'p', TODAY)).name!.given).toHaveLength(10)
  })
})

describe('field policy', () => {
  it('shows the patient everything, other readers only their purpose’s fields, never the native place', () => {
    expect(visibleFields(true, 'HRESEARCH')).toEqual(BASIC_INFO_FIELDS)
    expect(visibleFields(false, 'TREAT')).toEqual(['IDENTIFIERS', 'NAME', 'SEX', 'BIRTH_DATE', 'ETHNICITY'])
    expect(visibleFields(false, 'HRESEARCH')).not.toContain('ADDRESS')
    expect(visibleFields(false, 'HRESEARCH')).not.toContain('NAME')
    expect(visibleFields(false, 'HOPERAT')).toEqual([])
    for (const fields of Object.values(BASIC_INFO_POLICY)) expect(fields).not.toContain('NATIVE_PLACE')
  })
})

describe('round trip', () => {
  it('property: what the patient sets is what basicInfoOf reads back', () => {
    const text = fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() === t && t.length > 0)
    fc.assert(fc.property(fc.record({
      family: text, given: fc.array(text, { maxLength: 3 }), sex: fc.constantFrom('male', 'female', 'other', 'unknown'),
      birthDate: fc.date({ min: new Date('1900-01-01'), max: new Date('2026-11-27'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ethnicity: text, city: text, value: text
    }), (x) => {
      const r = applyBasicInfo(undefined, { name: { family: x.family, given: x.given }, sex: x.sex, birthDate: x.birthDate, ethnicity: x.ethnicity, nativePlace: { city: x.city }, address: { city: x.city }, identifiers: [{ value: x.value }] }, 'p', TODAY)
      const info = basicInfoOf(r)
      expect(info).toMatchObject({ sex: x.sex, birthDate: x.birthDate, ethnicity: { display: x.ethnicity }, nativePlace: { city: x.city }, address: { city: x.city }, identifiers: [{ value: x.value }] })
      expect(info.name).toMatchObject({ family: x.family, given: x.given })
    }))
  })
})
