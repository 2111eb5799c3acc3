import type { ConsentDecision, DecideInput, Provision } from './types.ts'
import { actionMatches } from './rules/action.ts'
import { actorMatches } from './rules/actor.ts'
import { codeMatches } from './rules/code.ts'
import { dataMatches } from './rules/data.ts'
import { dataPeriodMatches } from './rules/data-period.ts'
import { periodMatches } from './rules/period.ts'
import { purposeMatches } from './rules/purpose.ts'
import { resourceTypeMatches } from './rules/resource-class.ts'

/**
 * The consent decision (FHIR R4 Consent, https://hl7.org/fhir/R4/consent.html#6.2.4): pure, no I/O.
 *
 * - Default deny: no matching permit means deny (`no-matching-grant`).
 * - Revoked grants, grants of another patient, grants whose root names no grantee and grants whose root
 *   period does not cover `time` (expired or not yet valid) never match.
 * - Within a grant the deepest matching provision decides (a nested rule is an exception to its parent);
 *   when sibling rules both match, deny wins.
 * - Across grants, a deciding deny overrides any permit: a narrower deny beats a broader permit.
 * @throws nothing; malformed grants are rejected where they enter (assertGrant in validate.ts)
 */
export function decide (input: DecideInput): ConsentDecision {
  let permittedBy: string | undefined
  for (const grant of input.grants) {
    if (grant.revokedAt !== undefined) continue
    if (grant.patientId !== input.resource.patientId) continue
    if (grant.provision.actors === undefined || grant.provision.actors.length === 0) continue
    const rule = decidingRule(grant.provision, input)
    if (rule === undefined) continue
    if (rule.type === 'deny') return { decision: 'deny', reason: 'denied-by-provision', grantId: grant.id }
    permittedBy ??= grant.id
  }
  return permittedBy === undefined ? { decision: 'deny', reason: 'no-matching-grant' } : { decision: 'permit', reason: 'permitted', grantId: permittedBy }
}

/** The deepest provision of the tree under `p` that matches the request, or undefined when `p` does not. */
function decidingRule (p: Provision, input: DecideInput): Provision | undefined {
  if (!provisionMatches(p, input)) return undefined
  let found: Provision | undefined
  for (const child of p.provisions ?? []) {
    const rule = decidingRule(child, input)
    if (rule === undefined) continue
    if (rule.type === 'deny') return rule
    found ??= rule
  }
  return found ?? p
}

/** True when every criterion set on `p` (one rule file each, rules/) holds for the request. */
export function provisionMatches (p: Provision, input: Omit<DecideInput, 'grants'>): boolean {
  return actorMatches(p.actors, input.subject) &&
    actionMatches(p.actions, input.action) &&
    purposeMatches(p.purposes, input.purpose) &&
    periodMatches(p.period, input.time) &&
    resourceTypeMatches(p.resourceTypes, input.resource) &&
    codeMatches(p.codes, input.resource) &&
    dataMatches(p.recordIds, input.resource) &&
    dataPeriodMatches(p.dataPeriod, input.resource)
}
