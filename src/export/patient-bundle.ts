import type { FhirResource } from '../core/fhir/metadata.ts'
import type { RecordIndex, RecordRow } from '../ports/record-index.ts'
import type { RecordSpine } from '../spine/record-spine.ts'
import { DIRECTORY_TYPES } from '../import/references.ts'
import { RELATIVE_REFERENCE } from '../core/fhir/grammar.ts'


/**
 * The Bundle types a patient export is written as: `searchset` (what `Patient/$everything` answers, like HAPI
 * and Medplum: `total` counts the patient's own records, each entry's `search.mode` is `match`, or `include`
 * for a directory resource they reference) or `collection` (the CLI's file; no `total`, which FHIR R4's
 * bdl-1 allows only for searchset and history).
 */
export type PatientBundleType = 'searchset' | 'collection'

/**
 * A patient's whole record as a FHIR R4 Bundle, decrypted (for the owner): the latest version of each of
 * their records, plus the directory resources (Organization, Practitioner, Location, …) their records
 * reference, transitively, so the Bundle is self-contained and re-imports without missing references. Each
 * entry's fullUrl is `urn:uuid:<record id>` and each resource's `id` its record id.
 * @throws MedledgerError from the spine's reads (KEY_NOT_FOUND for a shredded record, CID_MISMATCH, DECRYPT_FAILED)
 */
export async function exportPatientBundle (deps: { spine: RecordSpine, index: RecordIndex }, patientId: string, now: number, type: PatientBundleType = 'collection'): Promise<FhirResource> {
  const rows = deps.index.byPatient(patientId, { latestOnly: true })
  const seen = new Set(rows.map((r) => r.recordId))
  const entries: Array<{ row: RecordRow, resource: FhirResource }> = []
  let queue = rows
  while (queue.length > 0) {
    const resources = await deps.spine.readRows(queue)
    const next: RecordRow[] = []
    resources.forEach((resource, i) => {
      if (resource instanceof Error) throw resource
      entries.push({ row: queue[i]!, resource })
      for (const ref of references(resource)) {
        const m = RELATIVE_REFERENCE.exec(ref)
        if (m === null || !DIRECTORY_TYPES.has(m[1]!) || seen.has(m[2]!)) continue
        seen.add(m[2]!)
        const row = deps.index.record(m[2]!)
        if (row !== undefined && row.resourceType === m[1] && row.patientId !== patientId) next.push(row)
      }
    })
    queue = next
  }
  const own = rows.length
  return {
    resourceType: 'Bundle',
    type,
    timestamp: new Date(now).toISOString(),
    ...(type === 'searchset' ? { total: own } : {}),
    entry: entries.map(({ row, resource }, i) => ({
      fullUrl: `urn:uuid:${row.recordId}`,
      resource: { ...resource, id: row.recordId },
      ...(type === 'searchset' ? { search: { mode: i < own ? 'match' : 'include' } } : {})
    }))
  }
}

function references (value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out)
  else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    if (typeof obj.reference === 'string') out.push(obj.reference)
    for (const v of Object.values(obj)) references(v, out)
  }
  return out
}
