/**
 * Who may read and write records. Reads go through the consent engine (src/core/consent, pure): the patient
 * reads their own records unlogged; anyone else reads what a grant permits for the purpose of use they name,
 * and that read is logged. Default deny: without a matching grant, a practitioner, an API key with
 * RECORDS_READ or an auditor reads nothing.
 */
import { decide } from '../../core/consent/index.ts'
import type { ConsentSubject, Grant } from '../../core/consent/index.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import type { Viewer } from '../context.ts'
import { trustedOrganizationIds } from '../trust.ts'

/** The read policy's answer for one record version. */
export type ReadDecision =
  | { permit: true, /** True when the reader is someone else: the read must be logged (AccessLogged). */ logged: boolean, grantId?: string }
  | { permit: false, /** The grant whose deny provision decided, if one did. */ grantId?: string }

/** True when the viewer is the registered patient `patientId`. */
export function isPatientThemself (viewer: Viewer, patientId: string): boolean {
  return viewer.kind === 'account' && viewer.patientId !== undefined && viewer.patientId === patientId
}

/**
 * The viewer as the consent engine sees it: an API key acts for its organization. Organization-wide grants
 * count only for organizations verified now (trust.ts): a grant to an unverified or suspended organization lets
 * none of its staff read. Grants to the account or the practitioner themself are the patient's choice and count.
 */
export function subjectOf (viewer: Viewer): ConsentSubject {
  const organizationIds = trustedOrganizationIds(viewer)
  switch (viewer.kind) {
    case 'account': {
      const s: ConsentSubject = { accountId: viewer.accountId, organizationIds, roles: viewer.roles }
      if (viewer.practitionerId !== undefined) s.practitionerId = viewer.practitionerId
      return s
    }
    case 'apiKey': return { organizationIds, roles: [] }
    default: return { organizationIds: [], roles: [] }
  }
}

/** What decideRead needs besides the viewer and the row. */
export interface ReadContext {
  purpose: string
  /** ms since epoch. */
  time: number
  /** The record's patient's grants (revoked ones never match). */
  grants: readonly Grant[]
}

/**
 * Read policy for one record version: the patient themself (unlogged), else the consent decision for the
 * `access` action. Anonymous callers are denied.
 */
export function decideRead (viewer: Viewer, row: RecordRow, read: ReadContext): ReadDecision {
  if (isPatientThemself(viewer, row.patientId)) return { permit: true, logged: false }
  if (viewer.kind === 'anonymous') return { permit: false }
  const resource = { recordId: row.recordId, patientId: row.patientId, resourceType: row.resourceType, codes: row.codes, ...(row.effective === undefined ? {} : { effective: row.effective }) }
  const d = decide({ subject: subjectOf(viewer), action: 'access', resource, purpose: read.purpose, time: read.time, grants: read.grants })
  const grant = d.grantId === undefined ? {} : { grantId: d.grantId }
  return d.decision === 'permit' ? { permit: true, logged: true, ...grant } : { permit: false, ...grant }
}

/**
 * True for callers that may write a record for any patient: practitioners of a verified organization (they
 * write after a visit) and that organization's API keys with RECORDS_WRITE (hospital integrations). A
 * self-registered, unverified organization writes into nobody's history (trust.ts). Such callers may learn
 * whether a record id exists.
 */
export function writesForAnyone (viewer: Viewer): boolean {
  if (viewer.kind === 'account') {
    return viewer.roles.includes('PRACTITIONER') && viewer.practitionerOrganizationId !== undefined && viewer.verifiedOrganizationIds.includes(viewer.practitionerOrganizationId)
  }
  if (viewer.kind === 'apiKey') return viewer.scopes.includes('RECORDS_WRITE') && viewer.organizationVerified
  return false
}

/** Write policy: the patient themself, or a caller that {@link writesForAnyone}. */
export function mayWrite (viewer: Viewer, patientId: string): boolean {
  return isPatientThemself(viewer, patientId) || writesForAnyone(viewer)
}
