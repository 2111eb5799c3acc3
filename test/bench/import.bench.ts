import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { size } from './harness.ts'
import type { BenchResult } from './harness.ts'

/** Resources imported before the first RSS reading and in total (BENCH_IMPORT_TOTAL overrides the total). */
const FIRST = Number(process.env.BENCH_IMPORT_FIRST ?? size(10_000, 500))
const TOTAL = Number(process.env.BENCH_IMPORT_TOTAL ?? size(100_000, 1_500))

/**
 * import.memory: RSS growth of a fresh process from FIRST to TOTAL Synthea resources imported through the
 * streaming importer (two NDJSON files into one data folder). A constant-memory importer grows by ~0. Both
 * readings follow a full GC (the child runs with --expose-gc), so garbage not yet collected at either
 * moment does not count as growth or hide it.
 */
export async function importMemory (): Promise<BenchResult> {
  const out = execFileSync(process.execPath, ['--expose-gc', join(import.meta.dirname, 'import-memory-child.ts'), String(FIRST), String(TOTAL)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { rssFirst: number, rssTotal: number, peak: number, perSecond: number, s1: { imported: number }, s2: { imported: number } }
  const imported = r.s1.imported + r.s2.imported
  if (imported !== TOTAL) throw new Error(`imported ${imported} of ${TOTAL}: ${out}`)
  const growth = (r.rssTotal - r.rssFirst) / r.rssFirst
  process.stderr.write(`import.memory: rss ${(r.rssFirst / 2 ** 20).toFixed(0)} MiB at ${FIRST}, ${(r.rssTotal / 2 ** 20).toFixed(0)} MiB at ${TOTAL}, peak ${(r.peak / 2 ** 20).toFixed(0)} MiB, ${r.perSecond.toFixed(0)} resources/s\n`)
  return {
    name: 'import.memory',
    value: r.rssTotal / 2 ** 20,
    unit: `MiB RSS after ${TOTAL / 1000}k (after ${FIRST / 1000}k = baseline)`,
    baseline: r.rssFirst / 2 ** 20,
    ratio: r.rssTotal / r.rssFirst,
    target: `growth <= 10 % (${FIRST / 1000}k -> ${TOTAL / 1000}k${TOTAL < 100_000 ? ', not 100k: time on 2 cores' : ''})`,
    met: growth <= 0.1
  }
}
