// `npm run bench`: every benchmark as a ratio against a baseline measured in the same run; writes .bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { bodystorePut, merkleAppend } from './core.bench.ts'
import type { BenchResult } from './harness.ts'
import { spineWrite } from './spine.bench.ts'

const only = process.argv[2]
const benches: Array<[string, () => Promise<BenchResult | BenchResult[]>]> = [
  ['merkle.append', merkleAppend],
  ['bodystore.put', bodystorePut],
  ['import.throughput', spineWrite]
]

const results: BenchResult[] = []
for (const [name, run] of benches) {
  if (only !== undefined && !name.startsWith(only)) continue
  process.stderr.write(`running ${name}…\n`)
  const r = await run()
  results.push(...(Array.isArray(r) ? r : [r]))
}

const fmt = (x: number): string => x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`)
console.log('| name | value | unit | baseline | ratio | target | met |\n|---|---|---|---|---|---|---|')
for (const r of results) console.log(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${r.ratio.toFixed(3)} | ${r.target} | ${r.met ? 'yes' : 'NO'} |`)
mkdirSync('.bench', { recursive: true })
writeFileSync('.bench/results.json', JSON.stringify(results, null, 2) + '\n')
