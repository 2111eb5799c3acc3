import type DataLoader from 'dataloader'
import type { FhirResource } from '../../core/fhir/metadata.ts'
import type { RecordRow } from '../../ports/record-index.ts'
import type { SubgraphContext } from '../context.ts'
import { loader } from '../loaders.ts'
import { dataOf } from './data.ts'

/**
 * Every version of a record, oldest first (empty for an unknown id): DataLoader 'records.rows', one index
 * query per batch however many ids it holds.
 */
export function recordVersions (ctx: SubgraphContext): DataLoader<string, RecordRow[]> {
  return loader<string, RecordRow[]>(ctx, 'records.rows', async (ids) => {
    const byId = new Map<string, RecordRow[]>(ids.map((id) => [id, []]))
    for (const row of dataOf(ctx.services).index.records(ids)) byId.get(row.recordId)?.push(row)
    return ids.map((id) => byId.get(id)!)
  })
}

/**
 * The decrypted resource of a record version: DataLoader 'records.bodies', one spine call (one concurrent
 * batch of BodyStore gets) per batch. Keyed by row object; equal versions in a batch are decrypted once.
 * A failed row rejects only its own load (MedledgerError KEY_NOT_FOUND, BODY_NOT_FOUND, CID_MISMATCH, DECRYPT_FAILED).
 */
export function recordBodies (ctx: SubgraphContext): DataLoader<RecordRow, FhirResource> {
  return loader<RecordRow, FhirResource>(ctx, 'records.bodies', async (rows) => {
    const unique = new Map<string, RecordRow>()
    for (const row of rows) unique.set(versionKey(row), row)
    const opened = await dataOf(ctx.services).spine.readRows([...unique.values()])
    const byKey = new Map([...unique.keys()].map((key, i) => [key, opened[i]!]))
    return rows.map((row) => byKey.get(versionKey(row))!)
  })
}

function versionKey (row: RecordRow): string {
  return `${row.recordId}@${row.version}`
}
