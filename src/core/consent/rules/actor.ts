import type { ConsentSubject, Grantee } from '../types.ts'

/**
 * FHIR R4 `Consent.provision.actor` (https://hl7.org/fhir/R4/consent-definitions.html#Consent.provision.actor):
 * the rule applies when the caller is one of the named actors — the practitioner, a member (or API key) of
 * the organization, an account holding the role, or the account itself. No actors: anyone.
 */
export function actorMatches (actors: readonly Grantee[] | undefined, subject: ConsentSubject): boolean {
  if (actors === undefined || actors.length === 0) return true
  return actors.some((a) => isGrantee(a, subject))
}

/** True when `subject` is the grantee `g`. */
export function isGrantee (g: Grantee, subject: ConsentSubject): boolean {
  switch (g.kind) {
    case 'practitioner': return subject.practitionerId === g.id
    case 'organization': return subject.organizationIds.includes(g.id)
    case 'role': return subject.roles.includes(g.role)
    case 'account': return subject.accountId === g.id
  }
}
