// Child process of import.memory (a fresh heap, so earlier benchmarks do not inflate or hide the growth):
// imports `first` then `total - first` Synthea resources through the streaming importer into one data
// folder and prints {rss after first, rss after total, peak rss, resources/s} as JSON on stdout.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { discoverSources, importDeps, openImportStores, runImport } from '../../src/import/index.ts'
import { openCustodialPatients } from '../../src/subgraphs/identity/custodial.ts'
import { openDataDir } from '../../src/spine/data-dir.ts'
import { syntheaSample, tempDir } from '../support/data.ts'

const first = Number(process.argv[2] ?? 10_000)
const total = Number(process.argv[3] ?? 100_000)

/**
 * NDJSON of copies of the Synthea sample (40 resources, one patient): copy k renames every id to `<id>-k`
 * and turns the bundle's `urn:uuid:<id>` references into `<Type>/<id>-k`, as a bulk export has them.
 */
function ndjson (from: number, to: number): string {
  const sample = syntheaSample()
  const types = new Map(sample.map((r) => [r.id as string, r.resourceType]))
  const lines = sample.map((r) => JSON.stringify(r))
  const re = new RegExp(`(urn:uuid:)?(${[...types.keys()].join('|')})`, 'g')
  const out: string[] = []
  for (let i = from; i < to; i++) {
    const k = Math.floor(i / lines.length)
    out.push(lines[i % lines.length]!.replace(re, (_m, urn: string | undefined, id: string) => urn === undefined ? `${id}-${k}` : `${types.get(id)!}/${id}-${k}`))
  }
  return out.join('\n') + '\n'
}

/** A full GC when the process runs with --expose-gc (import.bench.ts starts it so), so RSS counts what is retained. */
function collectGarbage (): void {
  (globalThis as { gc?: () => void }).gc?.()
}

const tmp = tempDir('medledger-bench-import-')
try {
  const a = join(tmp.dir, 'a.ndjson')
  const b = join(tmp.dir, 'b.ndjson')
  writeFileSync(a, ndjson(0, first))
  writeFileSync(b, ndjson(first, total))
  const data = await openDataDir(join(tmp.dir, 'data'), { fsync: false })
  const stores = openImportStores(join(tmp.dir, 'data'), { openPatients: openCustodialPatients })
  let peak = 0
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()) }, 100)
  const deps = importDeps(data, stores)
  const opts = { hospital: 'bench', actor: 'hospital:bench' }
  const t0 = performance.now()
  const s1 = await runImport(deps, await discoverSources([a]), opts)
  collectGarbage()
  const rssFirst = process.memoryUsage.rss()
  const s2 = await runImport(deps, await discoverSources([b]), opts)
  collectGarbage()
  const rssTotal = process.memoryUsage.rss()
  const ms = performance.now() - t0
  clearInterval(timer)
  stores.close()
  await data.close()
  process.stdout.write(JSON.stringify({ rssFirst, rssTotal, peak: Math.max(peak, rssTotal), perSecond: total / (ms / 1000), s1, s2 }) + '\n')
} finally {
  tmp.cleanup()
}
