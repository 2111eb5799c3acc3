import { describe, expect, it } from 'vitest'
import { decide } from '../consent/index.ts'
import { aidProvision, distinctConfirmations, thresholdMet, timeBox } from './index.ts'

describe('M-of-N confirmations', () => {
  const eligible = ['c1', 'c2', 'c3']
  it('counts distinct eligible confirmers only', () => {
    expect(thresholdMet([{ contactId: 'c1', decision: 'CONFIRM' }], eligible, 2)).toBe(false)
    expect(thresholdMet([{ contactId: 'c1', decision: 'CONFIRM' }, { contactId: 'c1', decision: 'CONFIRM' }], eligible, 2)).toBe(false)
    expect(thresholdMet([{ contactId: 'c1', decision: 'CONFIRM' }, { contactId: 'x', decision: 'CONFIRM' }], eligible, 2)).toBe(false)
    expect(thresholdMet([{ contactId: 'c1', decision: 'CONFIRM' }, { contactId: 'c2', decision: 'DENY' }], eligible, 2)).toBe(false)
    expect(distinctConfirmations([{ contactId: 'c2', decision: 'CONFIRM' }, { contactId: 'c1', decision: 'CONFIRM' }], eligible)).toEqual(['c2', 'c1'])
    expect(thresholdMet([{ contactId: 'c2', decision: 'CONFIRM' }, { contactId: 'c1', decision: 'CONFIRM' }], eligible, 2)).toBe(true)
  })
  it('refuses bad arguments', () => {
    expect(() => thresholdMet([], eligible, 0)).toThrow(RangeError)
    expect(() => distinctConfirmations(null as never, eligible)).toThrow(TypeError)
    expect(() => timeBox(0, -1)).toThrow(RangeError)
  })
})

describe('aid provision', () => {
  const period = timeBox(1_000_000_000_000)
  const grant = { id: 'g', patientId: 'p', provision: aidProvision({ kind: 'practitioner', id: 'doc' }, period) }
  const ask = (resourceType: string, over: Partial<{ purpose: string, time: number, codes: string[], effective: string, practitionerId: string }> = {}): string =>
    decide({
      subject: { practitionerId: over.practitionerId ?? 'doc', organizationIds: [], roles: ['PRACTITIONER'] },
      action: 'access',
      resource: { recordId: 'r', patientId: 'p', resourceType, codes: over.codes ?? [], ...(over.effective === undefined ? {} : { effective: over.effective }) },
      purpose: over.purpose ?? 'ETREAT',
      time: over.time ?? period.start + 1,
      grants: [grant]
    }).decision
  it('permits the emergency categories for ETREAT within the time box, to that practitioner', () => {
    expect(['AllergyIntolerance', 'Condition', 'MedicationRequest', 'MedicationStatement'].map((t) => ask(t))).toEqual(['permit', 'permit', 'permit', 'permit'])
    expect(ask('Observation', { codes: ['http://loinc.org|882-1'] })).toBe('permit')
    expect(ask('Observation', { codes: ['http://loinc.org|8867-4'] })).toBe('deny')
    expect(ask('Encounter', { effective: new Date(period.start - 86_400_000).toISOString().slice(0, 10) })).toBe('permit')
    expect(ask('Encounter', { effective: '2001-01-01' })).toBe('deny')
    expect(ask('Immunization')).toBe('deny')
    expect(ask('Condition', { purpose: 'TREAT' })).toBe('deny')
    expect(ask('Condition', { time: period.end })).toBe('deny')
    expect(ask('Condition', { practitionerId: 'other' })).toBe('deny')
  })
})
