import { makeError } from '../../core/errors.ts'
import type { Viewer } from '../context.ts'

/** A signed-in wallet, as the gateway resolved it for this request. */
export type AccountViewer = Extract<Viewer, { kind: 'account' }>

/**
 * The caller as a signed-in account.
 * @throws MedledgerError UNAUTHENTICATED for an anonymous caller, FORBIDDEN for an API key (service work
 * has no account to act as)
 */
export function requireAccount (viewer: Viewer): AccountViewer {
  if (viewer.kind === 'account') return viewer
  if (viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  throw makeError('API keys cannot do this; sign in with a wallet', 'FORBIDDEN')
}

/** Whether `viewer` may look up patients by person ID at all: practitioners and hospital admins. */
export function looksUpPatients (viewer: Viewer): boolean {
  return viewer.kind === 'account' && (viewer.roles.includes('PRACTITIONER') || viewer.roles.includes('HOSPITAL_ADMIN'))
}

/**
 * Checks that `viewer` may look up the patient `patientId`: the patient themself, any practitioner or
 * hospital admin.
 * @throws MedledgerError UNAUTHENTICATED when anonymous, FORBIDDEN otherwise
 */
export function assertMayLookUpPatient (viewer: Viewer, patientId: string): void {
  if (viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (viewer.kind === 'account' && viewer.patientId === patientId) return
  if (!looksUpPatients(viewer)) throw makeError('only the patient, practitioners and hospital admins may look up a patient', 'FORBIDDEN')
}
