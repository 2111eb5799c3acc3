import { makeError } from '../../core/errors.ts'
import { exportJob, startExportJob } from '../../export/index.ts'
import type { ExportJobRow } from '../../export/index.ts'
import type { Viewer } from '../context.ts'
import { dataOf } from './data.ts'
import { assertHospital, importState } from './import-jobs.ts'
import type { ExportJobResolvers, MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'
import { randomUUID } from 'node:crypto'
import { RESOURCE_TYPE } from '../../core/fhir/grammar.ts'

/** Path of an export job's status URL (served by the gateway: src/gateway/fhir-export.ts). */
export const exportStatusPath = (id: string): string => `/fhir/$export-status/${id}`
/** Path of one output file of an export job. */
export const exportFilePath = (id: string, type: string): string => `/fhir/$export-file/${id}/${type}.ndjson`

/** The export job `id` when the viewer acts for its organization; undefined otherwise (it reads as absent). */
export function visibleExportJob (viewer: Viewer, id: string): ExportJobRow | undefined {
  const job = exportJob(id)
  if (job === undefined) return undefined
  try { assertHospital(viewer, job.organizationId) } catch { return undefined }
  return job
}

export const ExportQuery: Pick<QueryResolvers, 'exportJob'> = {
  exportJob: (_, { id }, ctx) => visibleExportJob(ctx.viewer, id) ?? null
}

export const ExportMutation: Pick<MutationResolvers, 'startHospitalExport'> = {
  /**
   * Starts a hospital's NDJSON export of what it imported (until consent lands) in the background.
   * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN (assertHospital); BAD_INPUT for a malformed type
   */
  startHospitalExport: (_, { organizationId, types }, ctx) => {
    assertHospital(ctx.viewer, organizationId)
    const list = types ?? []
    if (!list.every((t) => RESOURCE_TYPE.test(t))) throw makeError('types are FHIR resource type names', 'BAD_INPUT')
    const data = dataOf(ctx.services)
    return startExportJob({ spine: data.spine, index: data.index, state: importState(ctx.services), dataDir: ctx.services.dataDir, now: () => ctx.services.clock.now() },
      { id: randomUUID(), organizationId, types: list })
  }
}

export const ExportJob: ExportJobResolvers = {
  statusUrl: (job) => exportStatusPath(job.id),
  output: (job) => job.output.map((o) => ({ type: o.type, count: o.count, url: exportFilePath(job.id, o.type) }))
}
