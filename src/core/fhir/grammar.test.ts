import { describe, expect, it } from 'vitest'
import { FHIR_ID, RELATIVE_REFERENCE, RESOURCE_TYPE, isResourceType, referenceTo } from './grammar.ts'

describe('FHIR grammar', () => {
  it('ids: 1 to 64 of letters, digits, - and .', () => {
    for (const id of ['a', 'A-1.b', 'x'.repeat(64)]) expect(FHIR_ID.test(id)).toBe(true)
    for (const id of ['', 'x'.repeat(65), 'a_b', 'a/b', 'é']) expect(FHIR_ID.test(id)).toBe(false)
  })

  it('resource types: a capital, then 1 to 63 letters', () => {
    for (const t of ['Patient', 'Observation', 'AB']) expect(RESOURCE_TYPE.test(t)).toBe(true)
    for (const t of ['patient', 'P', 'Patient1', 'Pat-ient', 'P'.repeat(65)]) expect(isResourceType(t)).toBe(false)
    expect(isResourceType(3)).toBe(false)
  })

  it('references: Type/id, and Type/id of one type', () => {
    expect(RELATIVE_REFERENCE.exec('Practitioner/p-1')?.slice(1)).toEqual(['Practitioner', 'p-1'])
    expect(RELATIVE_REFERENCE.test('Practitioner/p/1')).toBe(false)
    expect(referenceTo('Encounter').exec('Encounter/e.1')?.[1]).toBe('e.1')
    expect(referenceTo('Encounter').test('Practitioner/e.1')).toBe(false)
    expect(() => referenceTo('not a type')).toThrow(TypeError)
  })
})
