import type DataLoader from 'dataloader'
import type { RecordRow } from '../../../ports/record-index.ts'
import type { SubgraphContext } from '../../context.ts'
import { loader } from '../../loaders.ts'
import { dataOf } from '../data.ts'
import { recordBodies } from '../record-loaders.ts'
import { clinicalView } from '../../../core/health/clinical/index.ts'
import type { ViewedRecord } from './model.ts'

/**
 * The latest version of each of a patient's records (index metadata only): DataLoader 'records.patientRows',
 * one index query per patient per request, counted in services.metrics — what every clinical view starts from.
 */
export function patientRows (ctx: SubgraphContext): DataLoader<string, RecordRow[]> {
  return loader<string, RecordRow[]>(ctx, 'records.patientRows', async (ids) => {
    const index = dataOf(ctx.services).index
    return ids.map((id) => index.byPatient(id))
  })
}

/**
 * Decrypts rows in one 'records.bodies' batch and gives each its typed view, in order. Counts the rows in
 * services.metrics 'records.decrypted', so tests can show a view decrypts only what it picked.
 * @throws the first row's failure (MedledgerError KEY_NOT_FOUND, BODY_NOT_FOUND, …; masked as internal)
 */
export async function viewRows (ctx: SubgraphContext, rows: readonly RecordRow[]): Promise<ViewedRecord[]> {
  if (rows.length === 0) return []
  ctx.services.metrics.count('records.decrypted', rows.length)
  const bodies = await recordBodies(ctx).loadMany([...rows])
  return rows.map((row, i) => {
    const resource = bodies[i]
    if (resource instanceof Error || resource === undefined) throw resource ?? new Error('no body')
    return { ...clinicalView(resource), row, resource }
  })
}
