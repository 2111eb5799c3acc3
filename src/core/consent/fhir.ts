/**
 * FHIR R4 Consent (https://hl7.org/fhir/R4/consent.html) to and from the grant model.
 *
 * Mapped: `patient`, `status` (active; anything else is not importable), nested `provision` with `type`,
 * `actor.reference` (Practitioner/… and Organization/…, or an identifier `urn:medledger:role` /
 * `urn:medledger:account` for a role or one account), `action`, `purpose`, `period`, `class` (resource-types
 * system), `code`, `data` (meaning `instance`; the reference's id is the record id) and `dataPeriod`.
 * Not representable, and refused with BAD_INPUT: `securityLabel`, other `class` systems, `data` meanings
 * other than instance, actors of other kinds, and consents whose root names no actor (a grant has grantees).
 *
 * The root rule's type: its `type` when given, else deny under policyRule OPTOUT and permit otherwise. A root
 * without type whose nested rules are all `deny` rules that only restate the root's actors is the shape of
 * consent-example-Emergency: base deny for those actors, with the root's other criteria (purpose, class,
 * code, data) as the permitted exception. Export writes the model as is, with a type on every rule.
 */
import { makeError } from '../errors.ts'
import { CONSENT_ACTIONS } from './types.ts'
import type { ConsentAction, Grant, Grantee, Period, Provision } from './types.ts'
import { assertGrant } from './validate.ts'

const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types'
const ACTION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentaction'
const PURPOSE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason'
const ROLE_ID = 'urn:medledger:role'
const ACCOUNT_ID = 'urn:medledger:account'
const RECORD_REF = 'urn:medledger:record:'

type Json = Record<string, unknown>

/**
 * The grant a FHIR R4 Consent describes. Its id is the Consent's `id`, or `options.id` when given.
 * @throws MedledgerError BAD_INPUT when the resource is not an active Consent or uses what the model cannot hold
 */
export function grantFromFhir (resource: unknown, options: { id?: string } = {}): Grant {
  const c = obj(resource, 'the consent')
  if (c.resourceType !== 'Consent') throw bad('not a FHIR Consent')
  if (c.status !== 'active') throw bad('only an active Consent can be imported')
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON input: a non-string stringifies to text the check below rejects
  const patientRef = String(obj(c.patient, 'Consent.patient').reference ?? '')
  const patient = /^Patient\/([^/]+)$/.exec(patientRef)
  if (patient === null) throw bad('Consent.patient must reference Patient/<id>')
  const root = obj(c.provision, 'Consent.provision')
  const optOut = codings(c.policyRule).some((x) => x.code === 'OPTOUT')
  const id = options.id ?? (typeof c.id === 'string' ? c.id : undefined)
  if (id === undefined) throw bad('the consent needs an id')
  const grant: Grant = { id, patientId: patient[1]!, provision: rootProvision(root, optOut) }
  assertGrant(grant)
  return grant
}

/** The FHIR R4 Consent of a grant (inactive once revoked). */
export function grantToFhir (grant: Grant): Json {
  return {
    resourceType: 'Consent',
    id: grant.id,
    status: grant.revokedAt === undefined ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${grant.patientId}` },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: provisionToFhir(grant.provision)
  }
}

function rootProvision (root: Json, optOut: boolean): Provision {
  if (root.type === undefined) {
    const base = provisionFromFhir({ ...root, type: 'deny', provision: undefined })
    const nested = list(root.provision).map((p) => provisionFromFhir(obj(p, 'provision')))
    const restatesBase = nested.length > 0 && nested.every((n) => n.type === 'deny' && onlyActors(n) && sameActors(n.actors, base.actors))
    if (restatesBase) {
      const { actors, period, ...exception } = base
      const out: Provision = { type: 'deny', actors: actors ?? [] }
      if (period !== undefined) out.period = period
      if (Object.keys(exception).length > 1) out.provisions = [{ ...exception, type: 'permit' }]
      return out
    }
    return provisionFromFhir({ ...root, type: optOut ? 'deny' : 'permit' })
  }
  return provisionFromFhir(root)
}

function provisionFromFhir (p: Json): Provision {
  if (p.securityLabel !== undefined) throw bad('provision.securityLabel is not supported')
  if (p.type !== 'permit' && p.type !== 'deny') throw bad('provision.type must be permit or deny')
  const out: Provision = { type: p.type }
  if (p.actor !== undefined) out.actors = list(p.actor).map((a) => granteeOf(obj(a, 'provision.actor')))
  if (p.action !== undefined) out.actions = list(p.action).flatMap((a) => codings(a)).map((x) => actionOf(x.code))
  if (p.purpose !== undefined) out.purposes = list(p.purpose).map((x) => String(obj(x, 'provision.purpose').code))
  if (p.period !== undefined) out.period = periodOf(p.period)
  if (p.class !== undefined) {
    out.resourceTypes = list(p.class).map((x) => {
      const coding = obj(x, 'provision.class')
      if (coding.system !== RESOURCE_TYPES) throw bad('provision.class must use the FHIR resource-types system')
      return String(coding.code)
    })
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON input: a non-string system becomes a code no grant or record carries
  if (p.code !== undefined) out.codes = list(p.code).flatMap((x) => codings(x)).map((x) => `${String(x.system ?? '')}|${String(x.code)}`)
  if (p.data !== undefined) out.recordIds = list(p.data).map((d) => recordIdOf(obj(d, 'provision.data')))
  if (p.dataPeriod !== undefined) out.dataPeriod = periodOf(p.dataPeriod)
  if (p.provision !== undefined) out.provisions = list(p.provision).map((x) => provisionFromFhir(obj(x, 'provision')))
  return out
}

function provisionToFhir (p: Provision): Json {
  const out: Json = { type: p.type }
  if (p.period !== undefined) out.period = periodToFhir(p.period)
  if (p.actors !== undefined) out.actor = p.actors.map(granteeToFhir)
  if (p.actions !== undefined) out.action = p.actions.map((code) => ({ coding: [{ system: ACTION_SYSTEM, code }] }))
  if (p.purposes !== undefined) out.purpose = p.purposes.map((code) => ({ system: PURPOSE_SYSTEM, code }))
  if (p.resourceTypes !== undefined) out.class = p.resourceTypes.map((code) => ({ system: RESOURCE_TYPES, code }))
  if (p.codes !== undefined) {
    out.code = p.codes.map((c) => {
      const at = c.lastIndexOf('|')
      return { coding: [at < 0 ? { code: c } : { system: c.slice(0, at), code: c.slice(at + 1) }] }
    })
  }
  if (p.dataPeriod !== undefined) out.dataPeriod = periodToFhir(p.dataPeriod)
  if (p.recordIds !== undefined) out.data = p.recordIds.map((id) => ({ meaning: 'instance', reference: { reference: RECORD_REF + id } }))
  if (p.provisions !== undefined) out.provision = p.provisions.map(provisionToFhir)
  return out
}

function granteeOf (actor: Json): Grantee {
  const ref = obj(actor.reference, 'provision.actor.reference')
  if (typeof ref.reference === 'string') {
    const m = /^(Practitioner|Organization)\/([^/]+)$/.exec(ref.reference)
    if (m === null) throw bad('provision.actor must reference a Practitioner or an Organization')
    return m[1] === 'Practitioner' ? { kind: 'practitioner', id: m[2]! } : { kind: 'organization', id: m[2]! }
  }
  const identifier = obj(ref.identifier, 'provision.actor.reference.identifier')
  if (identifier.system === ROLE_ID) return { kind: 'role', role: String(identifier.value) }
  if (identifier.system === ACCOUNT_ID) return { kind: 'account', id: String(identifier.value) }
  throw bad('provision.actor identifier must be a medledger role or account')
}

function granteeToFhir (g: Grantee): Json {
  const role = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PRCP' }] }
  switch (g.kind) {
    case 'practitioner': return { role, reference: { reference: `Practitioner/${g.id}` } }
    case 'organization': return { role, reference: { reference: `Organization/${g.id}` } }
    case 'role': return { role, reference: { identifier: { system: ROLE_ID, value: g.role } } }
    case 'account': return { role, reference: { identifier: { system: ACCOUNT_ID, value: g.id } } }
  }
}

function recordIdOf (data: Json): string {
  if (data.meaning !== 'instance') throw bad('provision.data meaning must be instance')
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON input: a non-string stringifies to text the check below rejects
  const ref = String(obj(data.reference, 'provision.data.reference').reference ?? '')
  if (ref.startsWith(RECORD_REF)) return ref.slice(RECORD_REF.length)
  const m = /^[A-Za-z]+\/([^/]+)$/.exec(ref)
  if (m === null) throw bad('provision.data must reference a record')
  return m[1]!
}

function actionOf (code: unknown): ConsentAction {
  if (!(CONSENT_ACTIONS as readonly unknown[]).includes(code)) throw bad('unknown provision.action')
  return code as ConsentAction
}

function periodOf (value: unknown): Period {
  const p = obj(value, 'period')
  const out: Period = {}
  for (const key of ['start', 'end'] as const) {
    if (p[key] === undefined) continue
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON input: a non-string stringifies to text the check below rejects
    const t = Date.parse(String(p[key]))
    if (Number.isNaN(t)) throw bad(`period.${key} is not a dateTime`)
    out[key] = t
  }
  return out
}

function periodToFhir (p: Period): Json {
  const out: Json = {}
  if (p.start !== undefined) out.start = new Date(p.start).toISOString()
  if (p.end !== undefined) out.end = new Date(p.end).toISOString()
  return out
}

function onlyActors (p: Provision): boolean {
  return Object.keys(p).every((k) => k === 'type' || k === 'actors')
}

function sameActors (a: Grantee[] | undefined, b: Grantee[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? [])
}

function codings (value: unknown): Json[] {
  if (value === undefined || value === null) return []
  return list(obj(value, 'CodeableConcept').coding).map((x) => obj(x, 'coding'))
}

function list (value: unknown): unknown[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw bad('expected a list')
  return value
}

function obj (value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(`${what} must be an object`)
  return value as Json
}

function bad (message: string): Error {
  return makeError(message, 'BAD_INPUT')
}
