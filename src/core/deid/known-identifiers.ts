/**
 * The strings that identify one person in their own records, collected so that none of them survives
 * de-identification even inside text a copy keeps: Safe Harbor's names (A), addresses below the state (B),
 * dates (C: birth date), telephone, fax and e-mail (D–F), and every identifier value (G–M, R: SSN, MRN,
 * licence, passport, FHIR `id`s, `identifier`s and `reference`s) of the Patient resource and of every record.
 * 45 CFR 164.514(b)(2)(i).
 */
import type { FhirResource } from '../fhir/metadata.ts'

/** Keys under identifying fields whose values are vocabulary or coarse geography, not identity. */
const NOT_IDENTIFYING: ReadonlySet<string> = new Set(['system', 'use', 'type', 'status', 'gender', 'url', 'state', 'country', 'relationship', 'rank'])

/** Subtrees of a Patient resource that are identifying as a whole (every string inside counts). */
const PATIENT_FIELDS = ['id', 'identifier', 'name', 'telecom', 'address', 'birthDate', 'contact', 'photo', 'link', 'generalPractitioner', 'managingOrganization']

/**
 * Every identifying string of `patient` (may be undefined) and `records`, plus `extra` (the person's
 * medledger ids): distinct, trimmed, longer than one character. Patient: every string under its identifying
 * fields and extensions whose value is a string or an address; records: ids, identifier values and references.
 */
export function identifyingStrings (patient: FhirResource | undefined, records: readonly FhirResource[], extra: readonly string[] = []): string[] {
  const out = new Set<string>()
  const add = (s: unknown): void => {
    if (typeof s !== 'string') return
    const t = s.trim()
    if (t.length > 1) out.add(t)
    // A reference also names the id alone (Patient/abc → abc).
    const slash = t.lastIndexOf('/')
    if (slash >= 0 && slash < t.length - 2) out.add(t.slice(slash + 1))
    if (t.startsWith('urn:uuid:') || t.startsWith('urn:oid:')) out.add(t.slice(t.indexOf(':', 4) + 1))
  }
  if (patient !== undefined) {
    for (const f of PATIENT_FIELDS) walkStrings(patient[f], add)
    for (const ext of asArray(patient.extension)) {
      const e = ext as Record<string, unknown>
      walkStrings(e.valueString, add)
      walkStrings(e.valueAddress, add)
      walkStrings(e.valueHumanName, add)
      for (const sub of asArray(e.extension)) walkStrings((sub as Record<string, unknown>).valueString, add)
    }
  }
  for (const r of records) walkKeys(r, add)
  for (const s of extra) add(s)
  return [...out]
}

/** Calls `add` with every string under `v`, skipping keys in `skip`. */
function walkStrings (v: unknown, add: (s: unknown) => void, skip: ReadonlySet<string> = NOT_IDENTIFYING): void {
  if (typeof v === 'string') { add(v); return }
  if (Array.isArray(v)) { for (const x of v) walkStrings(x, add, skip); return }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!skip.has(k)) walkStrings(x, add, skip)
  }
}

/** Calls `add` with the string values of identifying keys of a record: its id, identifier values and references. */
function walkKeys (v: unknown, add: (s: unknown) => void, parent = ''): void {
  if (Array.isArray(v)) { for (const x of v) walkKeys(x, add, parent); return }
  if (v === null || typeof v !== 'object') return
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') {
      if (k === 'id' || k === 'reference' || (parent === 'identifier' && k === 'value')) add(x)
    } else {
      walkKeys(x, add, k)
    }
  }
}

function asArray (v: unknown): unknown[] {
  if (v === undefined || v === null) return []
  return Array.isArray(v) ? v : [v]
}
