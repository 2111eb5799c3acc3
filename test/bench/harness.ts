/**
 * BENCH_QUICK=1: every benchmark on a small workload, for the smoke test in `npm test`
 * (test/bench/bench.int.test.ts checks that the suite runs and reports in the format). Its ratios
 * are not evidence: the figures in docs/benchmarks.md come from full runs.
 */
export const QUICK = process.env.BENCH_QUICK === '1'

/** `full`, or `quick` under BENCH_QUICK=1. */
export function size (full: number, quick: number): number {
  return QUICK ? quick : full
}

/** One benchmark result: a value measured against a baseline measured in the same run on the same machine. */
export interface BenchResult {
  name: string
  value: number
  unit: string
  baseline: number
  /** value / baseline (or as the benchmark defines it). */
  ratio: number
  target: string
  met: boolean
}

/** Runs `fn` `rounds` times and returns the median duration in ms (first round is a warm-up). */
export async function medianMs (rounds: number, fn: () => Promise<void> | void): Promise<number> {
  const times: number[] = []
  for (let i = 0; i <= rounds; i++) {
    const t0 = performance.now()
    await fn()
    if (i > 0) times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

/** Interleaves baseline and subject rounds so both see the same machine noise; returns medians. */
export async function paired (rounds: number, baseline: () => Promise<void> | void, subject: () => Promise<void> | void): Promise<{ baselineMs: number, subjectMs: number }> {
  const b: number[] = []
  const s: number[] = []
  await baseline()
  await subject()
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now(); await baseline(); b.push(performance.now() - t0)
    t0 = performance.now(); await subject(); s.push(performance.now() - t0)
  }
  const med = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
  return { baselineMs: med(b), subjectMs: med(s) }
}
