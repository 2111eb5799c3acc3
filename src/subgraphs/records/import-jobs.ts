import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve, sep } from 'node:path'
import { makeError } from '../../core/errors.ts'
import { postgresImportState } from '../../adapters/postgres/index.ts'
import type { ImportState } from '../../ports/import-state.ts'
import { discoverSources, ImportStateStore, jobIdOf, sqliteImportState, patientDirectory, runImport, toOperationOutcome } from '../../import/index.ts'
import type { JobRow } from '../../import/index.ts'
import { actorOf } from '../context.ts'
import type { Services, Viewer } from '../context.ts'
import { custodialKeysOf, custodialPatients } from '../identity/custodial.ts'
import { isoTime } from '../identity/ids.ts'
import { dataOf } from './data.ts'
import type { ImportJobResolvers, MutationResolvers, QueryResolvers } from './resolvers-types.generated.ts'

const running = new Set<string>()

/**
 * The import state of these services: the cluster's PostgreSQL when the services have one (`import_*` tables,
 * migrated on first use), else `<data>/import.db`.
 */
export function importState (services: Services): ImportState {
  const { postgres } = services
  return postgres !== undefined
    ? services.store('import-pg', () => postgresImportState(postgres))
    : services.store('import', (file) => sqliteImportState(new ImportStateStore(file)))
}

/**
 * Checks that the caller acts for `organizationId`: its HOSPITAL_ADMIN, or its API key with the IMPORT scope.
 * @throws MedledgerError UNAUTHENTICATED when anonymous; FORBIDDEN otherwise
 */
export function assertHospital (viewer: Viewer, organizationId: string): void {
  if (viewer.kind === 'anonymous') throw makeError('sign in first', 'UNAUTHENTICATED')
  if (viewer.kind === 'account' && viewer.roles.includes('HOSPITAL_ADMIN') && viewer.organizationIds.includes(organizationId)) return
  if (viewer.kind === 'apiKey' && viewer.organizationId === organizationId && viewer.scopes.includes('IMPORT')) return
  throw makeError('only the organization\'s admins or its API keys with IMPORT may do this', 'FORBIDDEN')
}

/** The folder server-side imports may read: `MEDLEDGER_IMPORT_ROOT`, else `<data>/import-inbox`. */
export function importRoot (services: Services): string {
  return resolve(process.env.MEDLEDGER_IMPORT_ROOT ?? join(services.dataDir, 'import-inbox'))
}

/** `paths` resolved under the import root. @throws MedledgerError BAD_INPUT for an absolute path or one escaping the root (symlinks followed); NOT_FOUND when absent */
function underRoot (root: string, paths: readonly string[]): string[] {
  const realRoot = existsSync(root) ? realpathSync(root) : root
  return paths.map((p) => {
    if (isAbsolute(p) || p.includes('\0')) throw makeError('import paths are relative to the import root', 'BAD_INPUT')
    const abs = resolve(realRoot, p)
    if (abs !== realRoot && !abs.startsWith(realRoot + sep)) throw makeError('import paths must stay under the import root', 'BAD_INPUT')
    if (!existsSync(abs)) throw makeError(`no such file under the import root: ${p}`, 'NOT_FOUND')
    const real = realpathSync(abs)
    if (real !== realRoot && !real.startsWith(realRoot + sep)) throw makeError('import paths must stay under the import root', 'BAD_INPUT')
    return real
  })
}

async function visibleJob (services: Services, viewer: Viewer, id: string): Promise<JobRow | null> {
  const job = await importState(services).job(id)
  if (job === undefined) return null
  try { assertHospital(viewer, job.hospital) } catch { return null }
  return job
}

export const ImportQuery: Pick<QueryResolvers, 'importJob' | 'importJobs'> = {
  importJob: async (_, { id }, ctx) => visibleJob(ctx.services, ctx.viewer, id),
  importJobs: async (_, { organizationId }, ctx) => {
    assertHospital(ctx.viewer, organizationId)
    return importState(ctx.services).jobsOf(organizationId)
  }
}

export const ImportMutation: Pick<MutationResolvers, 'startImport'> = {
  /**
   * Starts (or, for the same inputs, resumes or re-runs) an import job in the background and returns it.
   * @throws MedledgerError UNAUTHENTICATED / FORBIDDEN (assertHospital); BAD_INPUT for neither or both of
   *   paths and upload, a path outside the import root, an upload without its format; NOT_FOUND for a missing path
   */
  startImport: async (_, { input }, ctx) => {
    const { services, viewer } = ctx
    assertHospital(viewer, input.organizationId)
    const hasPaths = input.paths !== undefined && input.paths !== null && input.paths.length > 0
    const hasUpload = typeof input.upload === 'string'
    if (hasPaths === hasUpload) throw makeError('give paths or an upload', 'BAD_INPUT')
    let files: string[]
    if (hasUpload) {
      if (input.uploadFormat === undefined || input.uploadFormat === null) throw makeError('an upload needs its uploadFormat', 'BAD_INPUT')
      const dir = join(services.dataDir, 'import', 'uploads')
      mkdirSync(dir, { recursive: true })
      const name = createHash('sha256').update(input.organizationId).update('\0').update(input.upload!).digest('hex').slice(0, 32)
      const file = join(dir, `${name}.${input.uploadFormat === 'BUNDLE' ? 'json' : 'ndjson'}`)
      if (!existsSync(file)) writeFileSync(file, input.upload!)
      files = [file]
    } else {
      files = underRoot(importRoot(services), input.paths!)
    }
    const sources = await discoverSources(files)
    const jobId = jobIdOf(input.organizationId, sources)
    const state = importState(services)
    if (running.has(jobId)) return (await state.job(jobId))!
    const data = dataOf(services)
    const custodial = custodialKeysOf(services)
    running.add(jobId)
    const deps = { spine: data.spine, index: data.index, state, custodial, patients: patientDirectory(custodialPatients(services)), clock: services.clock }
    // the job row is stored before this answers (the import goes on in the background)
    await new Promise<void>((resolve) => {
      runImport(deps, sources, { hospital: input.organizationId, actor: actorOf(viewer), jobId, onStarted: resolve })
        .catch(() => { /* the job row says FAILED, with its error */ })
        .finally(() => { running.delete(jobId); resolve() })
    })
    return (await state.job(jobId))!
  }
}

export const ImportJob: ImportJobResolvers = {
  organizationId: (job) => job.hospital,
  startedAt: (job) => isoTime(job.startedAt),
  finishedAt: (job) => job.finishedAt === null ? null : isoTime(job.finishedAt),
  rejects: async (job, { offset, limit }, ctx) => {
    if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(limit) && limit >= 0 && limit <= 1000)) throw makeError('offset ≥ 0 and limit 0..1000', 'BAD_INPUT')
    return (await importState(ctx.services).issues(job.id, offset, limit)).map(toOperationOutcome)
  }
}
