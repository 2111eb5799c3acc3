/**
 * Who may read and write records, until consent (issue 6) takes over the read side. Pure: a decision from
 * the viewer and the record's patient, no I/O. Default deny: nothing here grants a read to anyone but the
 * patient — an API key with RECORDS_READ, a practitioner or an auditor read nothing until a consent grant says so.
 */
import type { Viewer } from '../context.ts'

/** The read policy's answer for one patient's records. */
export type ReadDecision =
  | { permit: true, /** True when the reader is someone else: the read must be logged (AccessLogged). */ logged: boolean }
  | { permit: false }

/** True when the viewer is the registered patient `patientId`. */
export function isPatientThemself (viewer: Viewer, patientId: string): boolean {
  return viewer.kind === 'account' && viewer.patientId !== undefined && viewer.patientId === patientId
}

/** Read policy: the patient reads their own records unlogged; everyone else is denied. */
export function decideRead (viewer: Viewer, patientId: string): ReadDecision {
  return isPatientThemself(viewer, patientId) ? { permit: true, logged: false } : { permit: false }
}

/**
 * True for callers that may write a record for any patient: practitioners (they write after a visit) and
 * API keys with RECORDS_WRITE (hospital integrations). Such callers may learn whether a record id exists.
 */
export function writesForAnyone (viewer: Viewer): boolean {
  if (viewer.kind === 'account') return viewer.roles.includes('PRACTITIONER')
  if (viewer.kind === 'apiKey') return viewer.scopes.includes('RECORDS_WRITE')
  return false
}

/** Write policy: the patient themself, or a caller that {@link writesForAnyone}. */
export function mayWrite (viewer: Viewer, patientId: string): boolean {
  return isPatientThemself(viewer, patientId) || writesForAnyone(viewer)
}
