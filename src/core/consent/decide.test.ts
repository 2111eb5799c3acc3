import { describe, expect, it } from 'vitest'
import { decide } from './decide.ts'
import type { ConsentResource, ConsentSubject, DecideInput, Grant } from './types.ts'

const T = Date.parse('2026-06-01T00:00:00Z')
const DAY = 86_400_000
const drHouse: ConsentSubject = { accountId: 'acct-house', practitionerId: 'pr-house', organizationIds: ['org-pp'], roles: ['PRACTITIONER'] }
const nurse: ConsentSubject = { accountId: 'acct-nurse', organizationIds: ['org-f001'], roles: ['PRACTITIONER'] }
const insurer: ConsentSubject = { accountId: 'acct-ins', organizationIds: [], roles: ['INSURER'] }
const lab: ConsentResource = { recordId: 'r-lab', patientId: 'p1', resourceType: 'Observation', codes: ['http://loinc.org|8867-4'], effective: '2026-01-10' }
const med: ConsentResource = { recordId: 'r-med', patientId: 'p1', resourceType: 'MedicationRequest', codes: [], effective: '2025-01-10' }

const permitHouse: Grant = { id: 'g-house', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], purposes: ['TREAT'] } }
const labsOnly: Grant = { id: 'g-labs', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'role', role: 'INSURER' }], purposes: ['HPAYMT'], resourceTypes: ['Observation'] } }
const period: Grant = { id: 'g-week', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'account', id: 'acct-house' }], period: { start: T - DAY, end: T + DAY } } }
const withDeny: Grant = {
  id: 'g-nested',
  patientId: 'p1',
  provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], provisions: [{ type: 'deny', resourceTypes: ['MedicationRequest'] }] }
}
// consent-example-Emergency as the model holds it: base deny for Organization/f001, permit for ETREAT.
const emergency: Grant = { id: 'g-emergency', patientId: 'p1', provision: { type: 'deny', actors: [{ kind: 'organization', id: 'org-f001' }], provisions: [{ type: 'permit', purposes: ['ETREAT'] }] } }

const cases: Array<{ desc: string, subject: ConsentSubject, resource?: ConsentResource, purpose?: string, time?: number, grants: Grant[], want: 'permit' | 'deny', reason: string, grantId?: string }> = [
  { desc: 'no grants: default deny', subject: drHouse, grants: [], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'practitioner grant, TREAT', subject: drHouse, grants: [permitHouse], want: 'permit', reason: 'permitted', grantId: 'g-house' },
  { desc: 'practitioner grant, wrong purpose', subject: drHouse, purpose: 'HRESEARCH', grants: [permitHouse], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'practitioner grant, someone else', subject: nurse, grants: [permitHouse], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'grant of another patient', subject: drHouse, grants: [{ ...permitHouse, patientId: 'p2' }], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'revoked grant never matches', subject: drHouse, grants: [{ ...permitHouse, revokedAt: T - 1 }], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'role + resource type scope: inside', subject: insurer, purpose: 'HPAYMT', grants: [labsOnly], want: 'permit', reason: 'permitted', grantId: 'g-labs' },
  { desc: 'role + resource type scope: outside', subject: insurer, purpose: 'HPAYMT', resource: med, grants: [labsOnly], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'inside the period', subject: drHouse, grants: [period], want: 'permit', reason: 'permitted', grantId: 'g-week' },
  { desc: 'before the period', subject: drHouse, time: T - 2 * DAY, grants: [period], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'expired (end is exclusive)', subject: drHouse, time: T + DAY, grants: [period], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'nested deny overrides its permit', subject: drHouse, resource: med, grants: [withDeny], want: 'deny', reason: 'denied-by-provision', grantId: 'g-nested' },
  { desc: 'nested deny leaves the rest permitted', subject: drHouse, grants: [withDeny], want: 'permit', reason: 'permitted', grantId: 'g-nested' },
  { desc: 'a deny in one grant overrides a broader permit in another', subject: drHouse, resource: med, grants: [permitHouse, withDeny], want: 'deny', reason: 'denied-by-provision', grantId: 'g-nested' },
  { desc: 'Emergency: ETREAT permitted', subject: nurse, purpose: 'ETREAT', grants: [emergency], want: 'permit', reason: 'permitted', grantId: 'g-emergency' },
  { desc: 'Emergency: TREAT denied by the base', subject: nurse, purpose: 'TREAT', grants: [emergency], want: 'deny', reason: 'denied-by-provision', grantId: 'g-emergency' },
  { desc: 'Emergency: another organization is not covered', subject: drHouse, purpose: 'ETREAT', grants: [emergency], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'single record scope', subject: drHouse, grants: [{ id: 'g-one', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], recordIds: ['r-lab'] } }], want: 'permit', reason: 'permitted', grantId: 'g-one' },
  { desc: 'single record scope, other record', subject: drHouse, resource: med, grants: [{ id: 'g-one', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], recordIds: ['r-lab'] } }], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'code scope', subject: drHouse, grants: [{ id: 'g-code', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], codes: ['http://loinc.org|8867-4'] } }], want: 'permit', reason: 'permitted', grantId: 'g-code' },
  { desc: 'data period excludes older records', subject: drHouse, resource: med, grants: [{ id: 'g-dp', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], dataPeriod: { start: Date.parse('2026-01-01') } } }], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'organization grant covers its staff', subject: nurse, grants: [{ id: 'g-org', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'organization', id: 'org-f001' }] } }], want: 'permit', reason: 'permitted', grantId: 'g-org' },
  { desc: 'a root without grantees never matches', subject: drHouse, grants: [{ id: 'g-any', patientId: 'p1', provision: { type: 'permit' } }], want: 'deny', reason: 'no-matching-grant' },
  { desc: 'action scope: correct only', subject: drHouse, grants: [{ id: 'g-act', patientId: 'p1', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-house' }], actions: ['correct'] } }], want: 'deny', reason: 'no-matching-grant' }
]

describe('decide', () => {
  for (const c of cases) {
    it(c.desc, () => {
      const input: DecideInput = { subject: c.subject, action: 'access', resource: c.resource ?? lab, purpose: c.purpose ?? 'TREAT', time: c.time ?? T, grants: c.grants }
      const got = decide(input)
      expect(got.decision).toBe(c.want)
      expect(got.reason).toBe(c.reason)
      expect(got.grantId).toBe(c.grantId)
    })
  }
})
