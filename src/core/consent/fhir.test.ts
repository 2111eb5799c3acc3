import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isError } from '../errors.ts'
import { decide } from './decide.ts'
import { grantFromFhir, grantToFhir } from './fhir.ts'
import type { ConsentSubject } from './types.ts'

const dir = join(import.meta.dirname, '../../../test/fixtures/fhir-examples')
const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, `Consent-consent-example-${name}.json`), 'utf8')) as Record<string, unknown>

function code (fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return isError(err, 'BAD_INPUT') ? 'BAD_INPUT' : String(err)
  }
  return undefined
}

describe('FHIR R4 Consent import and export', () => {
  const representable = ['Emergency', 'Out', 'notAuthor', 'notOrg', 'notThem']
  for (const name of representable) {
    it(`round-trips the official example consent-example-${name}`, () => {
      const grant = grantFromFhir(example(name))
      expect(grant.patientId).toBe('f001')
      const exported = grantToFhir(grant)
      expect(exported.resourceType).toBe('Consent')
      expect(grantFromFhir(exported)).toEqual(grant)
      expect(grantFromFhir(JSON.parse(JSON.stringify(exported)))).toEqual(grant)
    })
  }

  it('reads consent-example-Emergency as base deny for Organization/f001 with a permit for ETREAT', () => {
    const grant = grantFromFhir(example('Emergency'))
    expect(grant.provision).toEqual({ type: 'deny', actors: [{ kind: 'organization', id: 'f001' }], provisions: [{ type: 'permit', purposes: ['ETREAT'] }] })
    const staff: ConsentSubject = { organizationIds: ['f001'], roles: ['PRACTITIONER'] }
    const resource = { recordId: 'r', patientId: 'f001', resourceType: 'Observation', codes: [] }
    expect(decide({ subject: staff, action: 'access', resource, purpose: 'ETREAT', time: 0, grants: [grant] }).decision).toBe('permit')
    expect(decide({ subject: staff, action: 'access', resource, purpose: 'TREAT', time: 0, grants: [grant] }).decision).toBe('deny')
  })

  it('reads OPTOUT without type as deny and OPTIN as permit', () => {
    expect(grantFromFhir(example('Out')).provision.type).toBe('deny')
    expect(grantFromFhir(example('notThem')).provision).toMatchObject({ type: 'permit', actors: [{ kind: 'practitioner', id: 'f204' }], actions: ['access', 'correct'] })
    expect(grantFromFhir(example('notOrg')).provision.type).toBe('deny')
  })

  it('refuses with BAD_INPUT what the model cannot represent', () => {
    for (const name of ['pkb', 'signature', 'basic', 'grantor', 'notThis', 'smartonfhir']) {
      expect(code(() => grantFromFhir(example(name))), name).toBe('BAD_INPUT')
    }
    expect(code(() => grantFromFhir({ resourceType: 'Patient' }))).toBe('BAD_INPUT')
    expect(code(() => grantFromFhir({ ...example('Out'), status: 'rejected' }))).toBe('BAD_INPUT')
  })

  it('maps period, class, code, data and dataPeriod both ways', () => {
    const grant = {
      id: 'g1',
      patientId: 'p1',
      provision: {
        type: 'permit' as const,
        actors: [{ kind: 'role' as const, role: 'INSURER' }, { kind: 'account' as const, id: 'acct-9' }],
        purposes: ['HPAYMT'],
        period: { start: 1_700_000_000_000, end: 1_800_000_000_000 },
        provisions: [{ type: 'deny' as const, resourceTypes: ['Condition'], codes: ['http://snomed.info/sct|44054006'], recordIds: ['r-1'], dataPeriod: { end: 1_600_000_000_000 } }]
      }
    }
    expect(grantFromFhir(grantToFhir(grant))).toEqual(grant)
    expect(grantToFhir({ ...grant, revokedAt: 5 }).status).toBe('inactive')
  })
})
