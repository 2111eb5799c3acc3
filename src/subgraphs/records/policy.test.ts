import { describe, expect, it } from 'vitest'
import { decideRead, mayWrite, writesForAnyone } from './policy.ts'
import { accountViewer, apiKeyViewer } from './test-kit.ts'
import type { Viewer } from '../context.ts'

const alice = accountViewer('alice', ['PATIENT'], 'patient-alice')
const doctor = accountViewer('doctor', ['PRACTITIONER'])
const doctorPatient = accountViewer('dr-pat', ['PATIENT', 'PRACTITIONER'], 'patient-dr')
const anonymous: Viewer = { kind: 'anonymous' }

describe('records policy (until consent)', () => {
  it('permits a read only to the patient themself, unlogged', () => {
    expect(decideRead(alice, 'patient-alice')).toEqual({ permit: true, logged: false })
    expect(decideRead(doctorPatient, 'patient-dr')).toEqual({ permit: true, logged: false })
  })

  it('denies every other reader by default', () => {
    for (const viewer of [doctor, doctorPatient, anonymous, apiKeyViewer('k', ['RECORDS_READ', 'RECORDS_WRITE', 'IMPORT']), accountViewer('aud', ['AUDITOR'])]) {
      expect(decideRead(viewer, 'patient-alice')).toEqual({ permit: false })
    }
    // an account without a patient id is nobody's patient
    expect(decideRead(accountViewer('x', ['PATIENT']), 'undefined')).toEqual({ permit: false })
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
