/**
 * Who is trusted as a hospital (docs/security.md): registering an organization is self-service, trust is not.
 * Only practitioners of a VERIFIED organization open emergency requests, accept field emergencies, break the
 * glass, ask for research shares or act through organization-wide grants; only admins of one bill. The
 * viewer is resolved fresh per request, so a suspension counts from the caller's next request.
 */
import { makeError } from '../core/errors.ts'
import type { Viewer } from './context.ts'

/** A practitioner of a verified organization, as the caller of this request. */
export interface TrustedPractitioner {
  accountId: string
  practitionerId: string
  organizationId: string
  /** When they became that organization's practitioner (ms; 0 = before this was kept). */
  since: number
}

/**
 * The caller as a practitioner of a verified organization; `what` completes the refusal ("… opens an
 * emergency request").
 * @throws MedledgerError UNAUTHENTICATED (anonymous); FORBIDDEN (not a practitioner, or their organization is
 *   not verified — unverified or suspended)
 */
export function trustedPractitioner (viewer: Viewer, what: string): TrustedPractitioner {
  if (viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (viewer.kind !== 'account' || viewer.practitionerId === undefined || viewer.practitionerOrganizationId === undefined || !viewer.roles.includes('PRACTITIONER')) {
    throw makeError(`only a practitioner ${what}`, 'FORBIDDEN')
  }
  if (!viewer.verifiedOrganizationIds.includes(viewer.practitionerOrganizationId)) {
    throw makeError(`only a practitioner of a verified organization ${what}; yours is not verified (ask a regulator)`, 'FORBIDDEN', { reason: 'ORGANIZATION_NOT_VERIFIED' })
  }
  return { accountId: viewer.accountId, practitionerId: viewer.practitionerId, organizationId: viewer.practitionerOrganizationId, since: viewer.practitionerSince ?? 0 }
}

/** The organizations the caller acts for that are trusted as hospitals (an API key: its own, when verified). */
export function trustedOrganizationIds (viewer: Viewer): readonly string[] {
  switch (viewer.kind) {
    case 'account': return viewer.verifiedOrganizationIds
    case 'apiKey': return viewer.organizationVerified ? [viewer.organizationId] : []
    default: return []
  }
}
