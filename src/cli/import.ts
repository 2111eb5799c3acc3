import { join, resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { makeError } from '../core/errors.ts'
import { discoverSources, importDeps, jobIdOf, openImportStores, runImport, writeRejectsFile } from '../import/index.ts'
import { openCustodialPatients } from '../subgraphs/identity/custodial.ts'
import type { JobRow } from '../import/index.ts'
import { openDataDir } from '../spine/data-dir.ts'
import type { CommonOptions } from './common.ts'
import { dataDirOf, print } from './common.ts'

export interface ImportCommandOptions extends CommonOptions {
  hospital?: string
  batch?: string
  rejects?: string
}

/**
 * `medledger import <files|folders…> --hospital <id>`: imports FHIR Bundles and bulk NDJSON (plain or .gz),
 * resuming an interrupted run of the same files. A progress bar on a terminal (stderr), plain log lines
 * otherwise; a summary on stdout; rejects and warnings as OperationOutcome NDJSON in the rejects file.
 * @throws MedledgerError BAD_INPUT without --hospital or inputs, or for a bad --batch; what the import throws
 */
export async function importCommand (paths: string[], options: ImportCommandOptions): Promise<number> {
  if (options.hospital === undefined) throw makeError('--hospital <organization id> is required', 'BAD_INPUT')
  if (paths.length === 0) throw makeError('name the files or folders to import', 'BAD_INPUT')
  const batchSize = options.batch === undefined ? undefined : Number(options.batch)
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= 10_000)) throw makeError('--batch must be 1..10000', 'BAD_INPUT')
  const sources = await discoverSources(paths)
  const dir = dataDirOf(options)
  const data = await openDataDir(dir)
  const stores = openImportStores(dir, { openPatients: openCustodialPatients })
  const jobId = jobIdOf(options.hospital, sources)
  const rejectsFile = resolve(options.rejects ?? join(dir, 'import', `${jobId}.rejects.ndjson`))
  const progress = progressReporter()
  try {
    const summary = await runImport(importDeps(data, stores), sources, {
      hospital: options.hospital, actor: `hospital:${options.hospital}`, jobId, ...(batchSize === undefined ? {} : { batchSize }), onProgress: progress.update
    })
    progress.stop()
    await writeRejectsFile(stores.state, jobId, rejectsFile)
    const rate = summary.ms > 0 ? Math.round((summary.done / summary.ms) * 1000) : 0
    print(options,
      `${summary.resumed ? 'resumed job' : 'job'} ${jobId}: imported ${summary.imported}, unchanged ${summary.unchanged}, rejected ${summary.rejected}, ` +
      `warnings ${summary.warnings} of ${summary.done} in ${(summary.ms / 1000).toFixed(1)} s (${rate} resources/s)\nrejects: ${rejectsFile}`,
      { ...summary, rejectsFile, resourcesPerSecond: rate })
    return 0
  } finally {
    progress.stop()
    stores.close()
    await data.close()
  }
}

/** A cli-progress bar when stderr is a terminal; a log line every 2 s (and at the end) otherwise. */
function progressReporter (): { update: (job: JobRow) => void, stop: () => void } {
  const startedAt = Date.now()
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream: process.stderr,
      format: 'import |{bar}| {value}/{total} resources | {rate} res/s | ETA {eta_formatted}',
      etaBuffer: 50
    }, cliProgress.Presets.shades_classic)
    let started = false
    return {
      update (job) {
        const rate = Math.round(job.done / Math.max(0.001, (Date.now() - startedAt) / 1000))
        if (!started) { bar.start(job.total, job.done, { rate }); started = true } else bar.update(job.done, { rate })
      },
      stop () { if (started) { bar.stop(); started = false } }
    }
  }
  let last = 0
  return {
    update (job) {
      const now = Date.now()
      if (now - last < 2000 && job.done < job.total) return
      last = now
      const rate = Math.round(job.done / Math.max(0.001, (now - startedAt) / 1000))
      process.stderr.write(`import: ${job.done}/${job.total} resources, imported ${job.imported}, unchanged ${job.unchanged}, rejected ${job.rejected} (${rate} resources/s)\n`)
    },
    stop () {}
  }
}
