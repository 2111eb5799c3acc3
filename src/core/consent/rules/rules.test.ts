import { describe, expect, it } from 'vitest'
import type { ConsentResource, ConsentSubject } from '../types.ts'
import { actionMatches } from './action.ts'
import { actorMatches } from './actor.ts'
import { codeMatches } from './code.ts'
import { dataMatches } from './data.ts'
import { dataPeriodMatches } from './data-period.ts'
import { periodMatches } from './period.ts'
import { purposeMatches } from './purpose.ts'
import { resourceTypeMatches } from './resource-class.ts'

const subject: ConsentSubject = { accountId: 'a1', practitionerId: 'pr1', organizationIds: ['o1'], roles: ['PRACTITIONER'] }
const resource: ConsentResource = { recordId: 'r1', patientId: 'p1', resourceType: 'Observation', codes: ['http://loinc.org|8867-4'], effective: '2026-03-01' }

describe('provision rules (one file each)', () => {
  it('actor: practitioner, organization, role, account; none means anyone', () => {
    expect(actorMatches(undefined, subject)).toBe(true)
    expect(actorMatches([{ kind: 'practitioner', id: 'pr1' }], subject)).toBe(true)
    expect(actorMatches([{ kind: 'organization', id: 'o1' }], subject)).toBe(true)
    expect(actorMatches([{ kind: 'role', role: 'PRACTITIONER' }], subject)).toBe(true)
    expect(actorMatches([{ kind: 'account', id: 'a1' }], subject)).toBe(true)
    expect(actorMatches([{ kind: 'practitioner', id: 'pr2' }, { kind: 'role', role: 'INSURER' }, { kind: 'organization', id: 'o2' }, { kind: 'account', id: 'a2' }], subject)).toBe(false)
  })
  it('action', () => {
    expect(actionMatches(undefined, 'access')).toBe(true)
    expect(actionMatches(['access'], 'access')).toBe(true)
    expect(actionMatches(['correct'], 'access')).toBe(false)
  })
  it('purpose', () => {
    expect(purposeMatches([], 'TREAT')).toBe(true)
    expect(purposeMatches(['ETREAT'], 'ETREAT')).toBe(true)
    expect(purposeMatches(['ETREAT'], 'TREAT')).toBe(false)
  })
  it('period: start inclusive, end exclusive', () => {
    expect(periodMatches(undefined, 5)).toBe(true)
    expect(periodMatches({ start: 5, end: 10 }, 5)).toBe(true)
    expect(periodMatches({ start: 5, end: 10 }, 10)).toBe(false)
    expect(periodMatches({ start: 5 }, 4)).toBe(false)
    expect(periodMatches({ end: 10 }, 9)).toBe(true)
  })
  it('data period: records without a date are outside', () => {
    expect(dataPeriodMatches(undefined, resource)).toBe(true)
    expect(dataPeriodMatches({ start: Date.parse('2026-01-01') }, resource)).toBe(true)
    expect(dataPeriodMatches({ end: Date.parse('2026-01-01') }, resource)).toBe(false)
    const { effective: _e, ...undated } = resource
    expect(dataPeriodMatches({ start: 0 }, undated)).toBe(false)
  })
  it('class (resource types), code, data (record ids)', () => {
    expect(resourceTypeMatches(['Observation'], resource)).toBe(true)
    expect(resourceTypeMatches(['Condition'], resource)).toBe(false)
    expect(codeMatches(['http://loinc.org|8867-4'], resource)).toBe(true)
    expect(codeMatches(['http://loinc.org|1-1'], resource)).toBe(false)
    expect(dataMatches(['r1'], resource)).toBe(true)
    expect(dataMatches(['r2'], resource)).toBe(false)
    expect(dataMatches(undefined, resource)).toBe(true)
  })
})
