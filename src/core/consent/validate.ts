import { makeError } from '../errors.ts'
import { CONSENT_ACTIONS, GRANTEE_ROLES } from './types.ts'
import type { Grant, Grantee, Period, Provision } from './types.ts'

const MAX_DEPTH = 8
const MAX_LIST = 200

/**
 * Checks that `value` is a well-formed grant: a patient, a root provision naming at least one grantee,
 * nested provisions at most 8 deep, lists of strings, periods with start before end.
 * @throws MedledgerError BAD_INPUT naming the first problem
 */
export function assertGrant (value: unknown): asserts value is Grant {
  const g = value as Grant
  if (g === null || typeof g !== 'object') throw bad('a grant must be an object')
  if (typeof g.id !== 'string' || g.id.length === 0) throw bad('a grant needs an id')
  if (typeof g.patientId !== 'string' || g.patientId.length === 0) throw bad('a grant needs a patient')
  assertProvision(g.provision, 0)
  if (g.provision.actors === undefined || g.provision.actors.length === 0) throw bad('a grant must name at least one grantee in its root provision')
}

function assertProvision (p: Provision, depth: number): void {
  if (depth > MAX_DEPTH) throw bad(`provisions nest at most ${MAX_DEPTH} deep`)
  if (p === null || typeof p !== 'object') throw bad('a provision must be an object')
  if (p.type !== 'permit' && p.type !== 'deny') throw bad('a provision type is permit or deny')
  if (p.actors !== undefined) {
    if (!Array.isArray(p.actors) || p.actors.length > MAX_LIST) throw bad('actors must be a list')
    p.actors.forEach(assertGrantee)
  }
  if (p.actions !== undefined && (!Array.isArray(p.actions) || !p.actions.every((a) => (CONSENT_ACTIONS as readonly string[]).includes(a)))) throw bad('unknown consent action')
  for (const key of ['purposes', 'resourceTypes', 'codes', 'recordIds'] as const) {
    const list = p[key]
    if (list !== undefined && (!Array.isArray(list) || list.length > MAX_LIST || !list.every((s) => typeof s === 'string' && s.length > 0))) throw bad(`${key} must be a list of strings`)
  }
  assertPeriod(p.period)
  assertPeriod(p.dataPeriod)
  if (p.provisions !== undefined) {
    if (!Array.isArray(p.provisions) || p.provisions.length > MAX_LIST) throw bad('provisions must be a list')
    for (const child of p.provisions) assertProvision(child, depth + 1)
  }
}

function assertGrantee (g: Grantee): void {
  if (g === null || typeof g !== 'object') throw bad('a grantee must be an object')
  if (g.kind === 'role') {
    if (!(GRANTEE_ROLES as readonly string[]).includes(g.role)) throw bad('unknown grantee role')
    return
  }
  if (g.kind !== 'practitioner' && g.kind !== 'organization' && g.kind !== 'account') throw bad('unknown grantee kind')
  if (typeof g.id !== 'string' || g.id.length === 0) throw bad('a grantee needs an id')
}

function assertPeriod (p: Period | undefined): void {
  if (p === undefined) return
  for (const v of [p.start, p.end]) if (v !== undefined && !Number.isSafeInteger(v)) throw bad('a period bound is ms since epoch')
  if (p.start !== undefined && p.end !== undefined && p.start >= p.end) throw bad('a period must start before it ends')
}

function bad (message: string): Error {
  return makeError(message, 'BAD_INPUT')
}
