// `npm run bench`: every benchmark as a ratio against a baseline measured in the same run; writes .bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { cpus } from 'node:os'
import { bodystorePut, merkleAppend } from './core.bench.ts'
import { QUICK } from './harness.ts'
import type { BenchResult } from './harness.ts'
import { spineWrite } from './spine.bench.ts'
import { gatewayBenches } from './gateway.bench.ts'
import { importMemory } from './import.bench.ts'
import { anchorGas } from './anchor.bench.ts'
import { ledgerAppendPg, ledgerMemory, ledgerProof } from './ledger.bench.ts'
import { bodyBenches } from './bodies.bench.ts'

const only = process.argv[2]
const benches: Array<[string, () => Promise<BenchResult | BenchResult[]>]> = [
  ['merkle.append', merkleAppend],
  ['bodystore.put', bodystorePut],
  ['import.throughput', spineWrite],
  ['import.memory', importMemory],
  // one setup for gateway.rps, gateway.latency, consent.overhead, dataloader.calls
  ['gateway.rps gateway.latency consent.overhead dataloader.calls', gatewayBenches],
  ['anchor.gas', anchorGas],
  ['ledger.append.pg', ledgerAppendPg],
  ['ledger.proof', ledgerProof],
  ['ledger.memory', ledgerMemory],
  // one three-process cluster for both
  ['bodystore.put.replicated bodystore.get.remote', bodyBenches]
]

// BENCH_CPU_PROF=<file.cpuprofile>: a CPU profile of this process (--cpu-prof is not allowed in NODE_OPTIONS)
const profile = process.env.BENCH_CPU_PROF
const session = profile === undefined ? undefined : new Session()
if (session !== undefined) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}

const results: BenchResult[] = []
for (const [name, run] of benches) {
  if (only !== undefined && !name.split(' ').some((n) => n.startsWith(only))) continue
  process.stderr.write(`running ${name}…\n`)
  const r = await run()
  results.push(...(Array.isArray(r) ? r : [r]))
}

if (session !== undefined) {
  const { profile: cpu } = await session.post('Profiler.stop')
  writeFileSync(profile!, JSON.stringify(cpu))
  session.disconnect()
}

const fmt = (x: number): string => x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`)
if (QUICK) console.log('BENCH_QUICK=1: small workloads for the smoke test; these ratios are not evidence')
console.log('| name | value | unit | baseline | ratio | target | met |\n|---|---|---|---|---|---|---|')
for (const r of results) console.log(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${r.ratio.toFixed(3)} | ${r.target} | ${r.met ? 'yes' : 'NO'} |`)
mkdirSync('.bench', { recursive: true })
writeFileSync('.bench/results.json', JSON.stringify(results, null, 2) + '\n')
