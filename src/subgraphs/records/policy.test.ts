import { describe, expect, it } from 'vitest'
import type { Grant } from '../../core/consent/index.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import { decideRead, mayWrite, subjectOf, writesForAnyone } from './policy.ts'
import { accountViewer, apiKeyViewer } from './test-kit.ts'
import type { Viewer } from '../context.ts'

const alice = accountViewer('alice', ['PATIENT'], 'patient-alice')
const doctor: Viewer = { ...accountViewer('doctor', ['PRACTITIONER']), practitionerId: 'pr-1', organizationIds: ['org-1'], verifiedOrganizationIds: ['org-1'] } as Viewer
const doctorPatient = accountViewer('dr-pat', ['PATIENT', 'PRACTITIONER'], 'patient-dr')
const anonymous: Viewer = { kind: 'anonymous' }
const row = (patientId: string): RecordRow => ({ recordId: 'r1', version: 1, patientId, resourceType: 'Observation', cid: 'bafy', entryIndex: 0, actor: 'a', anchoredAt: 0, codes: [] })
const none = { purpose: 'TREAT', time: 1000, grants: [] }
const grant: Grant = { id: 'g1', patientId: 'patient-alice', provision: { type: 'permit', actors: [{ kind: 'practitioner', id: 'pr-1' }], purposes: ['TREAT'] } }

describe('records read policy', () => {
  it('permits a read to the patient themself, unlogged, without any grant', () => {
    expect(decideRead(alice, row('patient-alice'), none)).toEqual({ permit: true, logged: false })
    expect(decideRead(doctorPatient, row('patient-dr'), none)).toEqual({ permit: true, logged: false })
  })

  it('denies every other reader without a grant (default deny)', () => {
    for (const viewer of [doctor, doctorPatient, anonymous, apiKeyViewer('k', ['RECORDS_READ', 'RECORDS_WRITE', 'IMPORT']), accountViewer('aud', ['AUDITOR'])]) {
      expect(decideRead(viewer, row('patient-alice'), none)).toEqual({ permit: false })
    }
    expect(decideRead(accountViewer('x', ['PATIENT']), row('undefined'), none)).toEqual({ permit: false })
  })

  it('permits, logged and naming the grant, what a grant covers; nothing for another purpose', () => {
    expect(decideRead(doctor, row('patient-alice'), { ...none, grants: [grant] })).toEqual({ permit: true, logged: true, grantId: 'g1' })
    expect(decideRead(doctor, row('patient-alice'), { ...none, purpose: 'HRESEARCH', grants: [grant] })).toEqual({ permit: false })
    expect(decideRead(anonymous, row('patient-alice'), { ...none, grants: [grant] })).toEqual({ permit: false })
  })

  it('an API key acts for its organization', () => {
    expect(subjectOf(apiKeyViewer('k', ['RECORDS_READ']))).toEqual({ organizationIds: ['org-1'], roles: [] })
  })

  it('acts through organization-wide grants only for organizations verified now', () => {
    const orgGrant: Grant = { id: 'g2', patientId: 'patient-alice', provision: { type: 'permit', actors: [{ kind: 'organization', id: 'org-1' }], purposes: ['TREAT'] } }
    const unverified = { ...doctor, verifiedOrganizationIds: [] } as Viewer
    expect(subjectOf(unverified).organizationIds).toEqual([])
    expect(decideRead(unverified, row('patient-alice'), { ...none, grants: [orgGrant] })).toEqual({ permit: false })
    expect(decideRead(doctor, row('patient-alice'), { ...none, grants: [orgGrant] })).toEqual({ permit: true, logged: true, grantId: 'g2' })
    const key = { ...apiKeyViewer('k', ['RECORDS_READ']), organizationVerified: false } as Viewer
    expect(subjectOf(key)).toEqual({ organizationIds: [], roles: [] })
    // a grant to the practitioner themself is the patient's own choice: it counts whatever their organization's status
    expect(decideRead(unverified, row('patient-alice'), { ...none, grants: [grant] })).toEqual({ permit: true, logged: true, grantId: 'g1' })
  })

  it('permits a write to the patient, practitioners and RECORDS_WRITE keys', () => {
    expect(mayWrite(alice, 'patient-alice')).toBe(true)
    expect(mayWrite(alice, 'patient-bob')).toBe(false)
    expect(mayWrite(doctor, 'patient-bob')).toBe(true)
    expect(mayWrite(apiKeyViewer('k', ['RECORDS_WRITE']), 'patient-bob')).toBe(true)
    expect(mayWrite(apiKeyViewer('k', ['RECORDS_READ', 'IMPORT']), 'patient-bob')).toBe(false)
    expect(mayWrite(anonymous, 'patient-bob')).toBe(false)
    expect(writesForAnyone(alice)).toBe(false)
    expect(writesForAnyone(doctor)).toBe(true)
  })
})
