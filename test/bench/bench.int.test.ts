import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../support/data.ts'
import type { BenchResult } from './harness.ts'

/** The benchmarks of docs/benchmarks.md, in the order `npm run bench` runs them. */
const NAMES = ['merkle.append', 'bodystore.put', 'import.throughput', 'envelope.share', 'import.memory',
  'gateway.rps', 'gateway.latency', 'consent.overhead', 'dataloader.calls', 'anchor.gas',
  'ledger.append.pg', 'ledger.proof', 'ledger.memory', 'bodystore.put.replicated', 'bodystore.get.remote']

describe('npm run bench (smoke: BENCH_QUICK=1, small workloads, ratios not evidence)', () => {
  it('runs every benchmark, prints the table and writes .bench/results.json as {name, value, unit, baseline, ratio, target, met}', async () => {
    const tmp = tempDir('medledger-bench-smoke-')
    try {
      // run.ts writes .bench/results.json under its working directory: a temp folder here
      const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'run.ts')], {
        cwd: tmp.dir, env: { ...process.env, BENCH_QUICK: '1' }, maxBuffer: 1 << 24, timeout: 150_000
      })
      const results = JSON.parse(readFileSync(join(tmp.dir, '.bench', 'results.json'), 'utf8')) as BenchResult[]
      expect(results.map((r) => r.name)).toEqual(NAMES)
      for (const r of results) {
        expect(Object.keys(r).sort()).toEqual(['baseline', 'met', 'name', 'ratio', 'target', 'unit', 'value'])
        for (const k of ['value', 'baseline', 'ratio'] as const) expect(Number.isFinite(r[k]), `${r.name}.${k}`).toBe(true)
        expect(r.unit.length).toBeGreaterThan(0)
        expect(r.target.length).toBeGreaterThan(0)
        expect(typeof r.met).toBe('boolean')
        // the printed table says the same, a miss as NO
        expect(stdout).toContain(`| ${r.name} |`)
        expect(stdout.split('\n').find((l) => l.startsWith(`| ${r.name} |`))!.endsWith(r.met ? '| yes |' : '| NO |')).toBe(true)
      }
      // the two benchmarks that count rather than time hold on any machine and any workload size
      const byName = new Map(results.map((r) => [r.name, r]))
      expect(byName.get('dataloader.calls')).toMatchObject({ value: 2, baseline: 2, ratio: 1, met: true })
      expect(byName.get('anchor.gas')!.value).toBeLessThanOrEqual(25)
      expect(byName.get('anchor.gas')!.met).toBe(true)
      expect(stdout).toContain('BENCH_QUICK=1')
    } finally {
      tmp.cleanup()
    }
  }, 180_000)
})
