import { importedRecordId } from './ids.ts'
import type { BundleContext } from './sources.ts'
import { FHIR_ID_SOURCE, RESOURCE_TYPE_SOURCE } from '../core/fhir/grammar.ts'

/** Resource types a hospital directory holds: owned by the hospital, not by a patient. */
export const DIRECTORY_TYPES: ReadonlySet<string> = new Set([
  'Organization', 'Location', 'Endpoint', 'HealthcareService', 'Practitioner', 'PractitionerRole', 'Medication', 'Substance', 'Device'
])
/** Fields that name the patient a resource is about, in the order they are preferred. */
const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary']
const RELATIVE = new RegExp(`^(${RESOURCE_TYPE_SOURCE})\\/(${FHIR_ID_SOURCE})(\\/_history\\/${FHIR_ID_SOURCE})?$`)
const CONDITIONAL = new RegExp(`^(${RESOURCE_TYPE_SOURCE})\\?(.+)$`)

export interface ReferenceTarget {
  type: string
  sourceId: string
  /** The reference as written in the input. */
  original: string
}

export interface RefContext {
  hospital: string
  bundle?: BundleContext
  /** Source ids of the resources of `type` carrying identifier (system, value). */
  lookupIdentifier(type: string, system: string, value: string): string[]
}

export interface Rewritten {
  /** A copy of the resource, its references rewritten to `Type/<medledger id>` where they resolve. */
  resource: Record<string, unknown>
  targets: ReferenceTarget[]
  /** References left as written because they do not resolve, with why. */
  unresolved: Array<{ reference: string, reason: string }>
  /** The patient the resource is about (source id), when a patient field or any reference names one. */
  patient?: ReferenceTarget
  /** A patient field names something that does not resolve. */
  patientUnresolved?: string
}

/**
 * Rewrites every `Reference.reference` of a resource: Bundle fullUrls (`urn:uuid:…`), relative `Type/id`
 * and conditional `Type?identifier=system|value` become `Type/<medledger id>` (a pure function of hospital,
 * type and source id: see ids.ts); contained (`#…`) and absolute references to other servers stay as they
 * are; what cannot resolve stays as written and is reported. Pure: no I/O beyond `lookupIdentifier`.
 */
export function rewriteReferences (resource: Record<string, unknown>, ctx: RefContext): Rewritten {
  const targets: ReferenceTarget[] = []
  const unresolved: Rewritten['unresolved'] = []
  const fieldRefs = new Map<string, ReferenceTarget | string>()
  const copy = walk(resource, ctx, targets, unresolved, fieldRefs, undefined) as Record<string, unknown>
  const out: Rewritten = { resource: copy, targets, unresolved }
  for (const field of PATIENT_FIELDS) {
    const hit = fieldRefs.get(field)
    if (hit === undefined) continue
    if (typeof hit === 'string') { out.patientUnresolved = hit; break }
    if (hit.type === 'Patient') { out.patient = hit; break }
  }
  if (out.patient === undefined && out.patientUnresolved === undefined) out.patient = targets.find((t) => t.type === 'Patient')
  return out
}

function walk (value: unknown, ctx: RefContext, targets: ReferenceTarget[], unresolved: Rewritten['unresolved'],
  fieldRefs: Map<string, ReferenceTarget | string>, topField: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, ctx, targets, unresolved, fieldRefs, topField))
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) out[k] = walk(v, ctx, targets, unresolved, fieldRefs, topField ?? k)
  if (typeof obj.reference === 'string') {
    const r = resolve(obj.reference, ctx)
    if (r.target !== undefined) {
      targets.push(r.target)
      out.reference = `${r.target.type}/${importedRecordId(ctx.hospital, r.target.type, r.target.sourceId)}`
      if (topField !== undefined && !fieldRefs.has(topField)) fieldRefs.set(topField, r.target)
    } else if (r.reason !== undefined) {
      unresolved.push({ reference: obj.reference, reason: r.reason })
      if (topField !== undefined && !fieldRefs.has(topField)) fieldRefs.set(topField, obj.reference)
    }
  }
  return out
}

function resolve (ref: string, ctx: RefContext): { target?: ReferenceTarget, reason?: string } {
  if (ref.startsWith('#')) return {}
  const inBundle = ctx.bundle?.fullUrls.get(ref)
  if (inBundle !== undefined) return { target: { ...inBundle, original: ref } }
  if (/^urn:(uuid|oid):/.test(ref)) return { reason: 'not a fullUrl of this Bundle' }
  const rel = RELATIVE.exec(ref)
  if (rel !== null) return { target: { type: rel[1]!, sourceId: rel[2]!, original: ref } }
  const cond = CONDITIONAL.exec(ref)
  if (cond !== null) {
    const params = new URLSearchParams(cond[2])
    const identifier = params.get('identifier')
    if (identifier === null || [...params.keys()].length !== 1) return { reason: 'conditional reference other than ?identifier=system|value' }
    const bar = identifier.indexOf('|')
    const system = bar === -1 ? '' : identifier.slice(0, bar)
    const value = bar === -1 ? identifier : identifier.slice(bar + 1)
    const found = ctx.lookupIdentifier(cond[1]!, system, value)
    if (found.length === 1) return { target: { type: cond[1]!, sourceId: found[0]!, original: ref } }
    return { reason: found.length === 0 ? 'no imported resource has that identifier' : 'identifier matches more than one resource' }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return {} // absolute reference to another server: kept as is
  return { reason: 'not a reference medledger can resolve' }
}

/** The identifiers (system, value) of a resource, for conditional references to it. */
export function identifiersOf (resource: Record<string, unknown>): Array<{ system: string, value: string }> {
  const list = Array.isArray(resource.identifier) ? resource.identifier as unknown[] : []
  const out: Array<{ system: string, value: string }> = []
  for (const i of list) {
    const { system, value } = (i ?? {}) as { system?: unknown, value?: unknown }
    if (typeof value === 'string') out.push({ system: typeof system === 'string' ? system : '', value })
  }
  return out
}
